/**
 * The catalogue (医保目录, API.md "Catalogue"): dated entries per code. Writes are the agency's
 * (admin only). Reads are open to every role (clerk, hospital, auditor): the catalogue is public
 * policy data, not personal data, and a hospital's billing office needs it to bill correctly.
 */
import { Body, Controller, ExecutionContext, Get, HttpCode, Inject, Param, Post, Put, Query, createParamDecorator } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiConsumes, ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CATALOG_STREAM, CatalogEntryRecorded, CommandMeta } from '@benefit/domain';
import { EventStore, authorisedBy } from '@benefit/event-store';
import { CATALOG_CLASSES, CatalogClass, DRUG_CLASSES, dateProblem, invalid, notFound, todayInChina } from '@benefit/shared';
import { Allow } from '../access/policy';
import { BodyLimit, CsvBody } from '../common/json-body';
import { Meta } from '../common/request-meta';
import { IsIsoDate, IsText } from '../common/validation';
import { ID_PATTERN } from '../enrollment/dto';
import { CatalogueService } from '../infrastructure/catalogue.service';
import { EVENT_STORE } from '../infrastructure/tokens';
import { MAX_IMPORT_BYTES, readCatalogCsv } from './catalog-csv';

export class RecordCatalogEntryDto {
  @ApiProperty() @IsText(1, 200) name: string;
  @ApiProperty({ enum: CATALOG_CLASSES }) @IsIn(CATALOG_CLASSES) catalogClass: CatalogClass;
  @ApiPropertyOptional({ enum: DRUG_CLASSES }) @IsOptional() @IsIn(DRUG_CLASSES) drugClass?: string | null;
  @ApiProperty({ example: '2023-01-01' }) @IsIsoDate() effectiveFrom: string;
}

export class RecordCatalogEntriesCommand {
  constructor(readonly entries: CatalogEntryRecorded['data'][], readonly meta: CommandMeta) {}
}

/** Entries are appended to the catalogue stream in one write: an import is recorded whole or not at all. */
@CommandHandler(RecordCatalogEntriesCommand)
export class RecordCatalogEntriesHandler implements ICommandHandler<RecordCatalogEntriesCommand> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogue: CatalogueService,
  ) {}

  async execute({ entries, meta }: RecordCatalogEntriesCommand): Promise<{ revision: number }> {
    const metadata = { actor: meta.actor, correlationId: meta.correlationId, ...authorisedBy(meta) };
    const { nextExpectedRevision } = await this.store.append(CATALOG_STREAM, entries.map((data) => ({ type: 'CatalogEntryRecorded', data, metadata })), 'any');
    await this.catalogue.current(true); // the next claim of this process classes by it
    return { revision: nextExpectedRevision };
  }
}

/**
 * The body of a @CsvBody route as read (text, or undefined for another type): not a DTO, so no
 * validation pipe runs on it; readCatalogCsv checks every line and the line count.
 */
const CsvText = createParamDecorator((_: unknown, ctx: ExecutionContext): unknown => ctx.switchToHttp().getRequest<FastifyRequest>().body);

const codeOf = (code: string): string => {
  if (!ID_PATTERN.test(code)) throw invalid([{ field: 'code', message: 'must be 1-64 letters, digits, ".", "_", ":" or "-"' }]);
  return code;
};

@ApiTags('catalogue')
@Controller('v1/catalog')
export class CatalogueController {
  constructor(
    private readonly commands: CommandBus,
    private readonly catalogue: CatalogueService,
  ) {}

  @Allow()
  @Put(':code')
  @HttpCode(201)
  @ApiOperation({ summary: 'Record a catalogue entry from a date (a later record for the same date supersedes the earlier one)' })
  async record(@Param('code') code: string, @Body() dto: RecordCatalogEntryDto, @Meta() meta: CommandMeta) {
    const data: CatalogEntryRecorded['data'] = { v: 1, code: codeOf(code), name: dto.name, catalogClass: dto.catalogClass, drugClass: dto.drugClass ?? null, effectiveFrom: dto.effectiveFrom, source: { kind: 'put' } };
    const { revision } = await this.commands.execute(new RecordCatalogEntriesCommand([data], meta));
    return { code: data.code, name: data.name, catalogClass: data.catalogClass, drugClass: data.drugClass, effectiveFrom: data.effectiveFrom, revision };
  }

  @Allow()
  @CsvBody()
  @BodyLimit(MAX_IMPORT_BYTES)
  @Post('imports')
  @HttpCode(201)
  @ApiConsumes('text/csv')
  @ApiOperation({ summary: 'Import catalogue entries from CSV (code,name,catalogClass,drugClass,effectiveFrom): good lines recorded, bad lines named' })
  async import(@CsvText() body: unknown, @Meta() meta: CommandMeta) {
    // another type's body is not read (json-body.ts): the body is named, as a DTO names a missing field
    if (typeof body !== 'string') throw invalid([{ field: 'body', message: 'must be text/csv with the header code,name,catalogClass,drugClass,effectiveFrom' }]);
    const read = readCatalogCsv(body);
    if (typeof read === 'string') throw invalid([{ field: 'body', message: read }]);
    const entries = read.entries.map(({ line, ...e }): CatalogEntryRecorded['data'] => ({ v: 1, ...e, source: { kind: 'import', line } }));
    if (entries.length) await this.commands.execute(new RecordCatalogEntriesCommand(entries, meta));
    return { imported: entries.length, rejected: read.rejected };
  }

  @Allow('clerk', 'hospital', 'auditor')
  @Get(':code')
  @ApiOperation({ summary: 'The catalogue entry in force on a day (?on=YYYY-MM-DD, default today)' })
  async get(@Param('code') code: string, @Query('on') on?: string) {
    const day = on ?? todayInChina();
    const problem = dateProblem(day);
    if (problem) throw invalid([{ field: 'on', message: problem }]);
    const entry = (await this.catalogue.current()).entryOn(codeOf(code), day);
    if (!entry) throw notFound('Catalogue entry', `the catalogue lists no entry for ${code} in force on ${day}: an item with this code is class C (目录外)`);
    return { code: entry.code, name: entry.name, catalogClass: entry.catalogClass, drugClass: entry.drugClass, effectiveFrom: entry.effectiveFrom, on: day };
  }
}
