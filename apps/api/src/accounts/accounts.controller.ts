import { Body, Controller, Get, Param, Post, Res, Inject } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { CommandBus, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ApiOperation, ApiProperty, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches } from 'class-validator';
import { CommandMeta, PayFromAccount, paymentDecider, personFold, personStream } from '@benefit/domain';
import { ReadQueries } from '@benefit/projections';
import { ACCOUNT_PURPOSES, AccountPurpose, MAX_PAYMENT_FEN, notFound, todayInChina } from '@benefit/shared';
import { Meta } from '../common/request-meta';
import { IsIsoDate, IsNotInFuture, IsPositiveFen, IsText } from '../common/validation';
import { READ_QUERIES } from '../infrastructure/tokens';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ID_PATTERN } from '../enrollment/dto';
import { Allow } from '../access/policy';
import { RecordsAccess, personInPath } from '../access-log/records-access';

export class AccountPaymentDto {
  @ApiProperty() @IsString() @Matches(ID_PATTERN, { message: 'must be a person id' }) beneficiaryPersonId: string;
  @ApiProperty({ enum: ACCOUNT_PURPOSES }) @IsIn(ACCOUNT_PURPOSES) purpose: AccountPurpose;
  @ApiProperty({ maximum: MAX_PAYMENT_FEN }) @IsPositiveFen({ maxFen: MAX_PAYMENT_FEN }) amountFen: number;
  @ApiProperty() @IsText(1, 128) reference: string;
  @ApiPropertyOptional({ description: 'defaults to today (China time)' }) @IsOptional() @IsIsoDate() @IsNotInFuture() paidOn?: string;
}

export class PayFromAccountCommand {
  constructor(readonly payment: PayFromAccount['data'], readonly meta: CommandMeta) {}
}

/**
 * The reference is the idempotency key: the same payment again answers 200 and pays nothing more.
 * A family member's own stream says whether they are registered (art. 18): read here, decided there.
 */
@CommandHandler(PayFromAccountCommand)
export class PayFromAccountHandler implements ICommandHandler<PayFromAccountCommand, { balanceFen: number; created: boolean }> {
  constructor(private readonly decisions: DecisionsService) {}

  async execute({ payment, meta }: PayFromAccountCommand) {
    const forSelf = payment.beneficiaryPersonId === payment.personId;
    const beneficiaryRegistered = forSelf || (await this.decisions.state(personStream(payment.beneficiaryPersonId), personFold)).registration !== null;
    const { state, events } = await this.decisions.handle(paymentDecider, { type: 'PayFromAccount', data: payment }, { beneficiaryRegistered }, meta);
    return { balanceFen: state.balanceFen, created: events.length > 0 };
  }
}

@ApiTags('personal accounts')
@Controller('v1/persons/:personId/personal-account')
export class AccountsController {
  constructor(
    private readonly commands: CommandBus,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
  ) {}

  @Allow('clerk')
  @Post('payments')
  @ApiOperation({ summary: 'Pay from the personal account for the holder or family (南府办发〔2022〕33号 art. 18–19)' })
  async pay(@Param('personId') personId: string, @Body() dto: AccountPaymentDto, @Meta() meta: CommandMeta, @Res({ passthrough: true }) res: FastifyReply) {
    const payment = { personId, ...dto, paidOn: dto.paidOn ?? todayInChina() };
    const { balanceFen, created } = await this.commands.execute(new PayFromAccountCommand(payment, meta));
    res.status(created ? 201 : 200);
    return { balanceFen };
  }

  @Allow('clerk', 'auditor')
  @RecordsAccess({ persons: personInPath })
  @Get()
  @ApiOperation({ summary: 'Balance and entries' })
  async account(@Param('personId') personId: string) {
    if (!await this.queries.person(personId)) throw notFound('Person', `no person ${personId} is registered`);
    const { balanceFen, entries } = await this.queries.account(personId);
    return { balanceFen, entries: entries.map(({ position: _p, ...e }) => e) };
  }
}
