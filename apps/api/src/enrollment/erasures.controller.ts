/**
 * `POST /v1/persons/{personId}/erasures { reason }` (admin): crypto-shredding of a person's
 * identity. The erasure is recorded in the person's stream, then the person's data key is
 * destroyed: the name and resident id sealed with it can never be opened again, in the log, the
 * read models, backups or downstream copies alike. Money facts stay and still add up.
 *
 * 201 { personId, erasedAt } the first time; the same erasure again answers 200 with the same
 * body and finishes destroying the key if a crash came between the two steps. Unknown person: 404,
 * and nothing is recorded (no event, no key-store row).
 */
import { Body, Controller, Inject, Param, Post, Res } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { CommandMeta, erasureDecider } from '@benefit/domain';
import { maskResidentIdsIn } from '@benefit/shared';
import type { PiiVault } from '@benefit/vault';
import { Allow } from '../access/policy';
import { IsText } from '../common/validation';
import { Meta } from '../common/request-meta';
import { DecisionsService } from '../infrastructure/decisions.service';
import { PII_VAULT } from '../infrastructure/tokens';

export class EraseIdentityDto {
  @ApiProperty({ description: 'why the identity is erased; kept in the log in clear, so name no one in it', example: 'request of the insured person, ticket 2024-113' })
  @IsText(1, 500)
  reason: string;
}

export class EraseIdentityCommand {
  constructor(
    readonly personId: string,
    readonly reason: string,
    readonly meta: CommandMeta,
  ) {}
}

export interface ErasureResult {
  personId: string;
  erasedAt: string;
  /** false: the person was already erased (200). */
  created: boolean;
}

@CommandHandler(EraseIdentityCommand)
export class EraseIdentityHandler implements ICommandHandler<EraseIdentityCommand, ErasureResult> {
  constructor(
    private readonly decisions: DecisionsService,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  async execute({ personId, reason, meta }: EraseIdentityCommand): Promise<ErasureResult> {
    // free text kept in clear: an id typed into it is masked, as in every log line
    const data = { personId, reason: maskResidentIdsIn(reason), erasedAt: new Date().toISOString() };
    const result = await this.decisions.handle(erasureDecider, { type: 'EraseIdentity', data }, undefined, meta);
    const erasedAt = result.events.length ? data.erasedAt : result.state.identityErasedAt!;
    // the fact first, then the key: a crash between the two leaves a recorded erasure, and the
    // same request sent again destroys the key (the decision above then records nothing)
    await this.vault.erase(personId, erasedAt);
    return { personId, erasedAt, created: result.events.length > 0 };
  }
}

@ApiTags('persons')
@Controller('v1/persons')
export class ErasuresController {
  constructor(private readonly commands: CommandBus) {}

  @Allow('admin')
  @Post(':personId/erasures')
  @ApiOperation({ summary: "Erase the person's name and resident id for good (crypto-shredding): 201, the same erasure again 200" })
  async erase(@Param('personId') personId: string, @Body() dto: EraseIdentityDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const result: ErasureResult = await this.commands.execute(new EraseIdentityCommand(personId, dto.reason, meta));
    res.status(result.created ? 201 : 200);
    return { personId: result.personId, erasedAt: result.erasedAt };
  }
}
