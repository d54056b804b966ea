/**
 * The messages of `POST /hisp/{infno}`, each on the same commands and queries as `/v1`: 2207/2304
 * is SubmitClaim (claim id = setl_id = mdtrt_id), 2206/2303 the pre-settlement query, 2208/2305
 * CancelClaim, 3201 the reconciliation rows of `/v1/reconciliations`. What only the platform has —
 * the visit and its uploaded bill — lives in the visit stream (libs/domain visits). A refusal is
 * thrown as a DomainError, as everywhere; hisp.filter.ts turns it into `infcode` -1.
 */
import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import {
  CommandMeta,
  FeeDetail,
  PersonState,
  VisitParty,
  VisitSetting,
  VisitState,
  billToSettle,
  decideVisit,
  keyOwner,
  personFold,
  personStream,
  requireVisit,
  residentIdStream,
  visitFold,
  visitDecider,
  visitStream,
} from '@benefit/domain';
import { FundPayTypePayer, SubmittedClaim, claimBoundsProblems, fundPayTypeKey } from '@benefit/policy';
import { ReadQueries } from '@benefit/projections';
import { FieldError, IsoDate, RegionCode, daysBetween, invalid, maskResidentId, notFound, refused, todayInChina } from '@benefit/shared';
import { PiiVault } from '@benefit/vault';
import { SubmitClaimCommand, SubmitClaimResult } from '../claims/submit-claim.handler';
import { PreviewClaimQuery, PreviewResult } from '../claims/preview-claim.handler';
import { CancelClaimCommand, CancelClaimResult } from '../claims/cancel-claim.handler';
import { CatalogueService } from '../infrastructure/catalogue.service';
import { DecisionsService } from '../infrastructure/decisions.service';
import { ParametersService } from '../infrastructure/parameters.service';
import { PII_VAULT, READ_QUERIES, RESIDENT_ID_KEY } from '../infrastructure/tokens';
import { InstitutionsService } from '../institutions/institutions.service';
import { totals } from '../reconciliation/reconcile';
import { MAX_DAYS, PRIOR, dayIn, fen, locationOf, need, reconciliationAnswer } from './input';
import { CERT_TYPE_RESIDENT_ID, CHRGITM_LV, INSUTYPE, MED_TYPES, itemKindOf, levelProblem } from './codes';
import { FeeDetailDto, HispDataDto, HispRequestDto } from './envelope';
import { SettledView, settlementOutput } from './setlinfo';
import { yuanOfFen } from './yuan';

/** A visit re-registered after its settlement was cancelled gets the next number: `{code}:{ipt_otp_no}:2`, … */
const MAX_VISITS_PER_NUMBER = 9;
@Injectable()
export class HispService {
  constructor(
    private readonly commands: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly decisions: DecisionsService,
    private readonly parameters: ParametersService,
    private readonly catalogue: CatalogueService,
    private readonly institutions: InstitutionsService,
    @Inject(READ_QUERIES) private readonly queries: ReadQueries,
    @Inject(RESIDENT_ID_KEY) private readonly idKey: string,
    @Inject(PII_VAULT) private readonly vault: PiiVault,
  ) {}

  /** The institution as registered on a day; an unregistered code is refused. */
  private async institution(code: string, on: IsoDate) {
    const fact = (await this.institutions.current()).factOn(code, on);
    if (!fact) throw refused('institution-unregistered', `fixmedins_code: ${code} is not in the institution registry on ${on} (PUT /v1/institutions/${code})`, 'fixmedins_code');
    return fact;
  }

  private async person(personId: string): Promise<PersonState & { registration: NonNullable<PersonState['registration']> }> {
    const state = await this.decisions.state(personStream(personId), personFold);
    if (!state.registration) throw notFound('Person', `psn_no: no person ${personId} is registered`);
    return state as PersonState & { registration: NonNullable<PersonState['registration']> };
  }

  /** 1101 人员信息获取: by resident id (mdtrt_cert_type 02) or psn_no. */
  async personQuery(env: HispRequestDto) {
    await this.institution(env.fixmedins_code, todayInChina());
    const data = env.input.data ?? {};
    let personId = data.psn_no;
    if (!personId) {
      const type = need(data.mdtrt_cert_type, 'mdtrt_cert_type');
      if (type !== CERT_TYPE_RESIDENT_ID) throw refused('cert-type-unsupported', `mdtrt_cert_type: ${type} is not read here; send 02 (resident id number) or psn_no`, 'mdtrt_cert_type');
      const holder = await keyOwner(this.decisions.store, residentIdStream(need(data.mdtrt_cert_no, 'mdtrt_cert_no').toUpperCase(), this.idKey));
      // the number is never repeated in an answer or a log
      if (!holder) throw notFound('Person', 'mdtrt_cert_no: no person is registered with this resident id number');
      personId = holder.personId;
    }
    const doc = await this.queries.person(personId);
    if (!doc) throw notFound('Person', `psn_no: no person ${personId} is registered`);
    const name = await this.vault.open(personId, 'name', doc.name);
    const id = await this.vault.open(personId, 'idNumber', doc.idNumber);
    const balance = doc.scheme === 'employee' ? (await this.queries.account(personId)).balanceFen : 0;
    return {
      baseinfo: { psn_no: personId, psn_name: name, certno: id === null ? null : maskResidentId(id), psn_cert_type: '01' },
      insuinfo: [{ insutype: INSUTYPE[doc.scheme], balc: yuanOfFen(balance), insuplc_admdvs: doc.countyCode }],
    };
  }

  /** 2201 门诊挂号 / 2401 入院办理: a visit of its own, numbered by the hospital's ipt_otp_no. */
  async register(env: HispRequestDto, setting: VisitSetting, meta: CommandMeta) {
    const data = env.input.data ?? {};
    const personId = need(data.psn_no, 'psn_no');
    const iptOtpNo = need(data.ipt_otp_no, 'ipt_otp_no');
    const beginsOn = dayIn(need(data.begntime, 'begntime'), 'input.data.begntime');
    const endsOn = data.endtime ? dayIn(data.endtime, 'input.data.endtime') : null;
    if (endsOn !== null && endsOn < beginsOn) throw invalid([{ field: 'input.data.endtime', message: 'must not be before begntime' }]);
    await this.institution(env.fixmedins_code, beginsOn);
    await this.person(personId);
    const base = `${env.fixmedins_code}:${iptOtpNo}`;
    for (let n = 1; n <= MAX_VISITS_PER_NUMBER; n++) {
      const mdtrtId = n === 1 ? base : `${base}:${n}`;
      const state = await this.decisions.state(visitStream(mdtrtId), visitFold);
      // a visit whose settlement was cancelled is closed: registering the number again opens the next one
      if (state.status === 'cancelled') continue;
      const cmd = { type: 'RegisterVisit' as const, data: { mdtrtId, personId, institutionId: env.fixmedins_code, iptOtpNo, setting, beginsOn, endsOn } };
      await this.decisions.handle(visitDecider, cmd, undefined, meta);
      return { data: { mdtrt_id: mdtrtId, psn_no: personId, ipt_otp_no: iptOtpNo } };
    }
    throw refused('too-many-visits', `ipt_otp_no: ${iptOtpNo} was settled and cancelled ${MAX_VISITS_PER_NUMBER} times; use a new number`, 'ipt_otp_no');
  }

  /** 2204 门诊费用明细上传 / 2301 住院费用明细上传: classified by the catalogue on the visit's day. */
  async uploadDetails(env: HispRequestDto, setting: VisitSetting, meta: CommandMeta) {
    const rows: FeeDetailDto[] = env.input.feedetail ?? [];
    if (rows.length === 0) throw invalid([{ field: 'input.feedetail', message: 'is required: the fee detail rows' }]);
    const { mdtrt_id: mdtrtId, psn_no: personId } = rows[0];
    const errors: FieldError[] = [];
    rows.forEach((r, i) => {
      if (r.mdtrt_id !== mdtrtId) errors.push({ field: `input.feedetail[${i}].mdtrt_id`, message: 'one upload is for one visit: every row names the same mdtrt_id' });
      if (r.psn_no !== personId) errors.push({ field: `input.feedetail[${i}].psn_no`, message: 'one upload is for one person' });
    });
    if (errors.length) throw invalid(errors);
    const details: FeeDetail[] = rows.map((r, i) => ({
      feedetlSn: r.feedetl_sn,
      code: r.med_list_codg,
      amountFen: fen(r.det_item_fee_sumamt, `input.feedetail[${i}].det_item_fee_sumamt`),
      occurredOn: r.fee_ocur_time ? dayIn(r.fee_ocur_time, `input.feedetail[${i}].fee_ocur_time`) : null,
    }));
    const party: VisitParty = { mdtrtId, personId, institutionId: env.fixmedins_code, setting };
    const cmd = { type: 'UploadFeeDetails' as const, data: { ...party, details } };
    // checked before anything is written: a refusal records nothing
    const reg = requireVisit(await this.decisions.state(visitStream(mdtrtId), visitFold), party);
    await this.institution(env.fixmedins_code, reg.beginsOn);
    await this.decisions.handle(visitDecider, cmd, undefined, meta);
    const book = await this.catalogue.current();
    return {
      result: details.map((d) => {
        const cls = book.entryOn(d.code, reg.beginsOn)?.catalogClass ?? 'C';
        return {
          feedetl_sn: d.feedetlSn,
          det_item_fee_sumamt: yuanOfFen(d.amountFen),
          chrgitm_lv: CHRGITM_LV[cls],
          fulamt_ownpay_amt: yuanOfFen(cls === 'C' ? d.amountFen : 0),
          inscp_scp_amt: yuanOfFen(cls === 'C' ? 0 : d.amountFen),
        };
      }),
    };
  }

  /** The claim a settlement message settles: the visit's bill, the institution as registered, the person's county. */
  private async claimOf(env: HispRequestDto, setting: VisitSetting): Promise<{ claim: SubmittedClaim; party: VisitParty; medfeeFen: number; visit: VisitState }> {
    const data: HispDataDto = env.input.data ?? {};
    const medType = need(data.med_type, 'med_type');
    const code = MED_TYPES[medType];
    if (!code) throw refused('med-type-unsupported', `med_type: ${medType} is not supported (11, 14, 21, 41)`, 'med_type');
    if (code.setting !== setting) throw refused('med-type-setting', `med_type: ${medType} is ${code.setting === 'inpatient' ? 'an inpatient' : 'an outpatient'} type; this message is for ${setting} care`, 'med_type');
    const party: VisitParty = { mdtrtId: need(data.mdtrt_id, 'mdtrt_id'), personId: need(data.psn_no, 'psn_no'), institutionId: env.fixmedins_code, setting };
    const medfeeFen = fen(need(data.medfee_sumamt, 'medfee_sumamt'), 'input.data.medfee_sumamt');
    const visit = await this.decisions.state(visitStream(party.mdtrtId), visitFold);
    const { registration, details } = billToSettle(visit, party, medfeeFen);
    const institution = await this.institution(env.fixmedins_code, registration.beginsOn);
    const problem = levelProblem(medType, institution.level);
    if (problem) throw refused('med-type-institution', `med_type: ${problem}`, 'med_type');
    const person = await this.person(party.personId);
    const dischargeDate = setting === 'inpatient' ? (data.endtime ? dayIn(data.endtime, 'input.data.endtime') : registration.endsOn) : null;
    if (setting === 'inpatient' && !dischargeDate) throw invalid([{ field: 'input.data.endtime', message: 'is required: the discharge time of the stay (or endtime at admission, 2401)' }]);
    let priorPayments: SubmittedClaim['priorPayments'] = null;
    if (data.prior_setl) {
      const given = data.prior_setl;
      priorPayments = Object.fromEntries(PRIOR.filter(([f]) => given[f] !== undefined && given[f] !== null).map(([f, payer]) => [payer, fen(given[f], `input.data.prior_setl.${f}`)])) as SubmittedClaim['priorPayments'];
    }
    // built field by field in claim-input.ts's order: its JSON is the idempotency hash of SubmitClaim
    const claim: SubmittedClaim = {
      claimId: party.mdtrtId,
      personId: party.personId,
      institutionId: env.fixmedins_code,
      institutionLevel: institution.level,
      designated: institution.designated,
      location: locationOf(person.registration.countyCode, institution.countyCode),
      referral: false,
      visitType: code.visitType,
      specialDisease: null,
      serviceDate: registration.beginsOn,
      dischargeDate,
      items: details.map((d) => ({ code: d.code, name: d.code, kind: itemKindOf(d.code), drugClass: null, amountFen: d.amountFen })),
      priorPayments,
      usePersonalAccount: String(data.acct_used_flag ?? '0') === '1',
    };
    const bounds = claimBoundsProblems({ serviceDate: claim.serviceDate, dischargeDate: claim.dischargeDate, items: claim.items as never });
    if (bounds.length) throw invalid(bounds);
    return { claim, party, medfeeFen, visit };
  }

  /** What setlinfo needs beyond the view, from the person's state the caller already read. */
  private async facts(state: PersonState & { registration: NonNullable<PersonState['registration']> }, region: RegionCode, serviceDate: IsoDate, deductibleFen: number, balanceAfterFen: number | null) {
    const book = await this.parameters.current();
    const scheme = state.registration.scheme;
    return {
      deductibleFen,
      balanceAfterFen: scheme === 'employee' ? balanceAfterFen : null,
      fundPayType: (payer: FundPayTypePayer) => String(book.resolve(fundPayTypeKey(region, payer, scheme), serviceDate).value).padStart(6, '0'),
    };
  }

  /** 2206 / 2303 预结算: the pre-settlement of /v1/claims/preview; records nothing. */
  async preview(env: HispRequestDto, setting: VisitSetting) {
    const { claim } = await this.claimOf(env, setting);
    // the deductible is a counter delta the view does not carry: the preview's own decision gives it
    const { view, counterDeltas }: PreviewResult = await this.queryBus.execute(new PreviewClaimQuery(claim));
    const state = await this.person(claim.personId);
    const deductibleFen = counterDeltas.outpatient_pooling_deductible ?? 0;
    return settlementOutput(view, await this.facts(state, view.regionCode, claim.serviceDate, deductibleFen, state.balanceFen - view.shares.personal_account));
  }

  /** 2207 / 2304 结算: SubmitClaim with claim id = setl_id = mdtrt_id (the same message again answers the recorded settlement). */
  async settle(env: HispRequestDto, setting: VisitSetting, meta: CommandMeta) {
    const { claim, party, medfeeFen } = await this.claimOf(env, setting);
    const result: SubmitClaimResult = await this.commands.execute(new SubmitClaimCommand(claim, meta));
    const cmd = { type: 'RecordVisitSettlement' as const, data: { ...party, setlId: claim.claimId, medfeeSumamtFen: medfeeFen } };
    await this.decisions.handle(visitDecider, cmd, undefined, meta);
    return this.settledOutput(result.view, claim.serviceDate, 1);
  }

  private async settledOutput(view: SettledView & { regionCode: RegionCode }, serviceDate: IsoDate, sign: 1 | -1) {
    const state = await this.person(view.personId);
    const record = state.claims.find((c) => c.claim.claimId === view.claimId);
    const deductibleFen = record?.current.counterDeltas.outpatient_pooling_deductible ?? 0;
    return settlementOutput(view, await this.facts(state, view.regionCode, serviceDate, deductibleFen, state.balanceFen), sign);
  }

  /** 2208 / 2305 撤销结算: CancelClaim; the answer is the settlement reversed (negated amounts). */
  async cancel(env: HispRequestDto, setting: VisitSetting, infno: string, meta: CommandMeta) {
    const data = env.input.data ?? {};
    const party: VisitParty = { mdtrtId: need(data.mdtrt_id, 'mdtrt_id'), personId: need(data.psn_no, 'psn_no'), institutionId: env.fixmedins_code, setting };
    const setlId = need(data.setl_id, 'setl_id');
    const visit = await this.decisions.state(visitStream(party.mdtrtId), visitFold);
    requireVisit(visit, party);
    if (visit.status === 'none' || visit.status === 'open') decideVisit({ type: 'CancelVisitSettlement', data: { ...party, setlId } }, visit); // refuses by name
    if (visit.setlId !== setlId) throw notFound('Settlement', `setl_id: no settlement ${setlId} is recorded for visit ${party.mdtrtId}`);
    let claim = await this.queries.claim(setlId);
    if (!claim) throw notFound('Claim', `setl_id: no settlement ${setlId} is recorded`);
    if (claim.status !== 'cancelled') {
      const done: CancelClaimResult = await this.commands.execute(new CancelClaimCommand(claim, { reason: `national platform ${infno} 撤销结算`, cancelledOn: todayInChina() }, meta));
      claim = done.view;
    }
    const cmd = { type: 'CancelVisitSettlement' as const, data: { ...party, setlId } };
    await this.decisions.handle(visitDecider, cmd, undefined, meta);
    if (!claim.cancellation) throw new Error(`invariant: claim ${setlId} is cancelled without its cancellation`);
    return this.settledOutput({ ...claim, shares: claim.cancellation.reversedShares as SettledView['shares'] }, claim.serviceDate, -1);
  }

  /** 3201 对总账: our totals of the days compared with the hospital's; records nothing. */
  async reconcile(env: HispRequestDto) {
    const data = env.input.data ?? {};
    const from = dayIn(need(data.stmt_begndate, 'stmt_begndate'), 'input.data.stmt_begndate');
    const to = dayIn(need(data.stmt_enddate, 'stmt_enddate'), 'input.data.stmt_enddate');
    if (to < from) throw invalid([{ field: 'input.data.stmt_enddate', message: 'must not be before stmt_begndate' }]);
    if (daysBetween(from, to) >= MAX_DAYS) throw invalid([{ field: 'input.data.stmt_enddate', message: `a reconciliation covers at most ${MAX_DAYS} days` }]);
    await this.institution(env.fixmedins_code, to);
    return reconciliationAnswer(data, totals(await this.queries.reconciliationEntries(env.fixmedins_code, from, to)), from, to);
  }
}

