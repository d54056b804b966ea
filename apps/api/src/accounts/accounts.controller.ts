import { Body, Controller, Get, Param, Post } from '@nestjs/common';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Length, Matches } from 'class-validator';
import { CommandMeta, PayFromAccount, decidePayment, personFold, personStream } from '@benefit/domain';
import { SqliteQueries } from '@benefit/projections';
import { ACCOUNT_PURPOSES, AccountPurpose, notFound, todayInChina } from '@benefit/shared';
import { Meta } from '../common/request-meta';
import { IsIsoDate, IsNotInFuture, IsPositiveFen } from '../common/validation';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ID_PATTERN } from '../enrollment/dto';

export class AccountPaymentDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN, { message: 'must be a person id' }) beneficiaryPersonId: string;
  @ApiProperty({ enum: ACCOUNT_PURPOSES }) @IsIn(ACCOUNT_PURPOSES) purpose: AccountPurpose;
  @ApiProperty() @IsPositiveFen() amountFen: number;
  @ApiProperty() @IsString() @Length(1, 128) reference: string;
  @ApiPropertyOptional({ description: 'defaults to today (China time)' }) @IsOptional() @IsIsoDate() @IsNotInFuture() paidOn?: string;
}

export class PayFromAccountCommand {
  constructor(readonly payment: PayFromAccount['data'], readonly meta: CommandMeta) {}
}

@CommandHandler(PayFromAccountCommand)
export class PayFromAccountHandler implements ICommandHandler<PayFromAccountCommand, { balanceFen: number }> {
  constructor(private readonly decisions: DecisionsService) {}

  async execute({ payment, meta }: PayFromAccountCommand) {
    const { state } = await this.decisions.run(personStream(payment.personId), personFold, (s) => decidePayment({ type: 'PayFromAccount', data: payment }, s), meta);
    return { balanceFen: state.balanceFen };
  }
}

@ApiTags('personal accounts')
@Controller('v1/persons/:personId/personal-account')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: SqliteQueries,
  ) {}

  @Post('payments')
  @ApiOperation({ summary: 'Pay from the personal account for the holder or family (南府办发〔2022〕33号 art. 18–19)' })
  pay(@Param('personId') personId: string, @Body() dto: AccountPaymentDto, @Meta() meta: CommandMeta) {
    const payment = { personId, ...dto, paidOn: dto.paidOn ?? todayInChina() };
    return this.commands.execute(new PayFromAccountCommand(payment, meta));
  }

  @Get()
  @ApiOperation({ summary: 'Balance and entries' })
  account(@Param('personId') personId: string) {
    if (!this.queries.person(personId)) throw notFound('Person', `no person ${personId} is registered`);
    const { balanceFen, entries } = this.queries.account(personId);
    return { balanceFen, entries: entries.map(({ position: _p, ...e }) => e) };
  }
}
