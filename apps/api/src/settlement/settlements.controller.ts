import { Body, Controller, Get, Param, Post, Inject } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import { CommandMeta } from '@benefit/domain';
import { SettlementDoc, ReadQueries } from '@benefit/projections';
import { RegionCode, invalid, isValidMonth, notFound } from '@benefit/shared';
import { REGIONS } from '@benefit/policy';
import { Meta } from '../common/request-meta';
import { IsMonth } from '../common/validation';
import { SettleMonthCommand } from './settle-month.handler';
import { READ_QUERIES } from '../infrastructure/tokens';
import { Allow } from '../access/policy';

export class SettleMonthDto {
  @ApiProperty({ enum: REGIONS }) @IsIn(REGIONS) regionCode: RegionCode;
  @ApiProperty({ example: '2023-01' }) @IsMonth() month: string;
}

export const settlementView = ({ settledAt: _s, position: _p, ...view }: SettlementDoc) => view;

@ApiTags('settlements')
@Controller('v1/settlements')
export class SettlementsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  @Allow('admin')
  @Post()
  @ApiOperation({ summary: 'SettleMonth: once per region and month' })
  async settle(@Body() dto: SettleMonthDto, @Meta() meta: CommandMeta) {
    const doc: SettlementDoc = await this.commands.execute(new SettleMonthCommand(dto.regionCode, dto.month, meta));
    return settlementView(doc);
  }

  @Allow('auditor')
  @Get(':regionCode/:month')
  @ApiOperation({ summary: 'A recorded settlement' })
  async settlement(@Param('regionCode') regionCode: string, @Param('month') month: string) {
    if (!(REGIONS as readonly string[]).includes(regionCode)) throw invalid([{ field: 'regionCode', message: `must be one of ${REGIONS.join(', ')}` }]);
    if (!isValidMonth(month)) throw invalid([{ field: 'month', message: 'must be a month YYYY-MM' }]);
    const doc = await this.queries.settlement(regionCode as RegionCode, month);
    if (!doc) throw notFound('Settlement', `${regionCode} ${month} is not settled`);
    return settlementView(doc);
  }
}
