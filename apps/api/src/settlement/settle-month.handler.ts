/**
 * SettleMonth: records what the month owes each person of the region — the personal-account
 * credit (南府办发〔2022〕33号 art. 13, 按月计入), the guardian's reward (山亭 四) and the yearly
 * poverty-insurance premium (靖政办发〔2018〕107号 十) — then closes the month. Claims recorded
 * after the close fall into the next open month. Everything is decided before anything is
 * written, so a refusal records nothing; a settlement resumed after a crash records nothing twice.
 */
import { Inject } from '@nestjs/common';
import { CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Logger } from 'pino';
import { CommandMeta, CommandRunner, PersonEvent, decideMonthEnd, decideSettlement, personFold, personStream, settlementFold, settlementStream } from '@benefit/domain';
import { ProjectionWaiter, SettlementDoc, ReadQueries } from '@benefit/projections';
import { Month, RegionCode, conflict, monthOf, refused, todayInChina, yearOf } from '@benefit/shared';
import { EventStore } from '@benefit/event-store';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { EVENT_STORE, LOGGER, READ_QUERIES, PROJECTIONS } from '../infrastructure/tokens';

export class SettleMonthCommand {
  constructor(readonly regionCode: RegionCode, readonly month: Month, readonly meta: CommandMeta) {}
}

const PROGRESS_EVERY = 10_000;

@CommandHandler(SettleMonthCommand)
export class SettleMonthHandler implements ICommandHandler<SettleMonthCommand, SettlementDoc> {
  constructor(
    private readonly decisions: DecisionsService,
    private readonly runner: CommandRunner,
    private readonly parameters: ParametersService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    @Inject(PROJECTIONS) private readonly projector: ProjectionWaiter,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
  ) {}

  async execute({ regionCode, month, meta }: SettleMonthCommand): Promise<SettlementDoc> {
    if (month >= monthOf(todayInChina())) throw refused('month-not-ended', `${month} has not ended yet (China time); settle it from the 1st of the next month`, 'month');
    const stream = settlementStream(regionCode);
    const settled = (await this.decisions.state(stream, settlementFold)).settled;
    if (settled.has(month)) throw conflict('month-settled', `${regionCode} ${month} is already settled`);
    const settledBefore = [...settled];
    await this.projector.waitFor(await this.store.headPosition()); // persons registered by other processes too
    const personIds = await this.queries.personIdsInRegion(regionCode);
    const params = await this.parameters.current(true);
    const close = (personId: string) => (s: Parameters<typeof decideMonthEnd>[1]): PersonEvent[] => decideMonthEnd({ type: 'CloseMonth', data: { personId, month, settledBefore } }, s, params);

    // 1. decide for everyone first: a missing parameter refuses the whole settlement before anything is written
    for (const personId of personIds) close(personId)((await this.runner.load(personStream(personId), personFold)).state);

    // 2. record (once per person and month, or year: a resumed settlement records nobody twice)
    const log = this.logger.child({ job: 'settle-month', regionCode, month });
    const started = Date.now();
    let creditsFen = 0;
    let creditedPersons = 0;
    let rewardsFen = 0;
    let premiumsFen = 0;
    for (const [i, personId] of personIds.entries()) {
      const { state } = await this.runner.run(personStream(personId), personFold, close(personId), meta);
      const amount = state.credits.get(month);
      if (amount !== undefined) {
        creditsFen += amount;
        creditedPersons += 1;
      }
      for (const r of state.rewards.values()) if (r.settledWith === month) rewardsFen += r.amountFen;
      const premium = state.premiums.get(yearOf(month));
      if (premium?.month === month) premiumsFen += premium.amountFen;
      if ((i + 1) % PROGRESS_EVERY === 0) log.info({ done: i + 1, of: personIds.length, perSec: Math.round(((i + 1) * 1000) / (Date.now() - started + 1)) }, 'crediting personal accounts');
    }

    // 3. close the month
    const data = { regionCode, month, personalAccountCreditsFen: creditsFen, creditedPersons, guardianshipRewardsFen: rewardsFen, povertyPremiumsFen: premiumsFen, settledOn: todayInChina() };
    await this.decisions.run(stream, settlementFold, (s) => decideSettlement({ type: 'SettleMonth', data }, s), meta);
    log.info({ creditedPersons, creditsFen, rewardsFen, premiumsFen, ms: Date.now() - started }, 'month settled');
    const view = await this.queries.settlement(regionCode, month);
    if (!view) throw new Error(`settlement ${regionCode} ${month} is recorded but not yet in the settlement view`);
    return view;
  }
}
