/**
 * One-bill settlement (一单制): one claim, every payer, one pass, in DOMAIN.md's order.
 * Pure: the same claim, person state and parameter book always give the same adjudication.
 *
 * 1. insurance (the pack's step 1, or the claim's priorPayments);
 * 2–6. the pack's chain steps, in payer order: medical_assistance (regular, then tilted),
 *      disability_relief, fiscal_backstop, poverty_insurance, hospital_borne;
 * 7. the personal account; 8. self_pay takes the rest.
 */
import { PAYERS, Payer, STEP_ONE_PAYERS, applyRate, invalid, sumFen, yearOf, zeroShares } from '@benefit/shared';
import { Adjudication, Beneficiary, Claim, CounterKey, ExplanationLine } from './claim';
import { BurdenLine, BurdenOrder, CHAIN_PAYERS, ChainStep, RegionPack, StepResult } from './pack';
import { ParameterBook } from './parameters';
import { CHAIN_WORDS } from './chain-wordings';
import { NO_CONTEXT, say } from './wording';

export { ONE_BILL } from './chain-wordings';

export function policyScopeOf(claim: Claim): number {
  return sumFen(claim.items.filter((i) => i.catalogClass !== 'C').map((i) => i.amountFen));
}

export function totalOf(claim: Claim): number {
  return sumFen(claim.items.map((i) => i.amountFen));
}

/**
 * The rules (pack version) and the parameter values (every record up to the book's revision; the
 * defaults are part of the pack version): the same claim and person under the same policyVersion
 * always get the same shares.
 */
export function policyVersionOf(pack: RegionPack, params: ParameterBook): string {
  return `${pack.region}@${pack.version}+params.r${params.revision}`;
}

/** Policy-scope money still left to the person. */
export const inScopeOf = (burden: readonly BurdenLine[]): number => sumFen(burden.filter((l) => l.inScope).map((l) => l.amountFen));
export const burdenOf = (burden: readonly BurdenLine[]): number => sumFen(burden.map((l) => l.amountFen));

/** Step 1 taken as given: an upstream core insurance system already settled these payers. */
function priorStep(claim: Claim, policyScopeFen: number): StepResult {
  const prior = claim.priorPayments ?? {};
  const explanation: ExplanationLine[] = [];
  const paid: Partial<Record<Payer, number>> = {};
  for (const payer of STEP_ONE_PAYERS) {
    const amount = prior[payer] ?? 0;
    paid[payer] = amount;
    if (amount > 0) {
      explanation.push({ payer, amountFen: amount, rule: 'prior_payment', ...say(NO_CONTEXT, CHAIN_WORDS.priorPayment, payer) });
    }
  }
  const rest = policyScopeFen - sumFen(Object.values(paid) as number[]);
  return {
    paid,
    explanation,
    burden: [{ amountFen: rest, rule: 'prior_payment.remainder', ...say(NO_CONTEXT, CHAIN_WORDS.priorRemainder), inScope: true }],
    counterDeltas: {},
    counterLimits: {},
  };
}

/** Where the engine has no assistance rules, priorPayments.medical_assistance carries the civil-affairs assistance paid. */
const priorAssistanceStep: ChainStep = {
  name: 'prior_payment.medical_assistance',
  payer: 'medical_assistance',
  apply: ({ claim }) => {
    const amount = claim.priorPayments?.medical_assistance ?? 0;
    if (amount <= 0) return { explanation: [] };
    return {
      explanation: [{ payer: 'medical_assistance', amountFen: amount, rule: 'prior_payment', ...say(NO_CONTEXT, CHAIN_WORDS.priorAssistance) }],
    };
  },
};

/** A pack's steps 2–6 in DOMAIN.md's payer order (stable: regular assistance stays before tilted). */
export function chainSteps(pack: RegionPack): ChainStep[] {
  const steps = [...(pack.computesAssistance ? [] : [priorAssistanceStep]), ...(pack.steps ?? [])];
  return steps
    .map((step, at) => ({ step, at, order: CHAIN_PAYERS.indexOf(step.payer) }))
    .sort((a, b) => a.order - b.order || a.at - b.at)
    .map(({ step }) => step);
}

/**
 * Takes `amount` out of the burden lines in the given order: policy-scope lines first (个人账户
 * pays 政策范围内自付 first), class C first, or policy-scope only.
 */
export function consumeBurden(lines: readonly BurdenLine[], amount: number, order: BurdenOrder = 'in_scope_first'): BurdenLine[] {
  const inScope = lines.filter((l) => l.inScope);
  const classC = lines.filter((l) => !l.inScope);
  const ordered = order === 'class_c_first' ? [...classC, ...inScope] : order === 'in_scope_only' ? inScope : [...inScope, ...classC];
  const available = burdenOf(ordered);
  if (amount > available) throw new Error(`invariant: a payment of ${amount} fen takes more than the ${available} fen left to the person (${order})`);
  let left = amount;
  const taken = new Map<BurdenLine, number>();
  for (const l of ordered) {
    const take = Math.min(l.amountFen, left);
    left -= take;
    taken.set(l, take);
  }
  return lines.map((l) => ({ ...l, amountFen: l.amountFen - (taken.get(l) ?? 0) }));
}

/** A step's counter moves; a step that moves a counter by 0 leaves no trace of it. */
function addDeltas(into: Partial<Record<CounterKey, number>>, deltas: Partial<Record<CounterKey, number>> | undefined): void {
  for (const [key, delta] of Object.entries(deltas ?? {}) as [CounterKey, number][]) if (delta !== 0) into[key] = (into[key] ?? 0) + delta;
}

/** priorPayments come from outside: they must fit the claim (the HTTP edge checks the same). */
function checkPriorPayments(claim: Claim, pack: RegionPack, policyScopeFen: number): void {
  const prior = claim.priorPayments;
  if (!prior) return;
  for (const [payer, amount] of Object.entries(prior)) {
    if (amount !== undefined && (!Number.isSafeInteger(amount) || amount < 0)) throw invalid([{ field: `priorPayments.${payer}`, message: 'must be a non-negative integer number of fen' }]);
  }
  if (pack.computesAssistance && (prior.medical_assistance ?? 0) > 0) {
    throw invalid([{ field: 'priorPayments.medical_assistance', message: `${pack.region} medical assistance is computed by this engine; leave it out` }]);
  }
  const sum = sumFen(Object.values(prior).map((v) => v ?? 0));
  if (sum > policyScopeFen) throw invalid([{ field: 'priorPayments', message: `add up to ${sum} fen, more than the policy-scope amount of ${policyScopeFen} fen` }]);
}

export function settleClaim(claim: Claim, person: Beneficiary, pack: RegionPack, params: ParameterBook): Adjudication {
  const totalFen = totalOf(claim);
  const policyScopeFen = policyScopeOf(claim);
  const classC = totalFen - policyScopeFen;
  const shares = zeroShares();
  const explanation: ExplanationLine[] = [];
  checkPriorPayments(claim, pack, policyScopeFen);
  const counterLimits: Partial<Record<CounterKey, number | null>> = { ...pack.counterLimits(person, claim.serviceDate, params) };

  // 1. basic insurance, critical illness, large-amount and civil-servant subsidies
  const step1 = claim.priorPayments ? priorStep(claim, policyScopeFen) : pack.insurance(claim, person, params);
  for (const [payer, amount] of Object.entries(step1.paid) as [Payer, number][]) shares[payer] += amount;
  explanation.push(...step1.explanation);
  const counterDeltas: Partial<Record<CounterKey, number>> = { ...step1.counterDeltas };
  Object.assign(counterLimits, step1.counterLimits);
  let burden: BurdenLine[] = [...step1.burden];
  if (classC > 0) {
    burden.push({
      amountFen: classC,
      rule: 'out_of_policy_scope',
      ...say(NO_CONTEXT, CHAIN_WORDS.classC, classC),
      inScope: false,
    });
  }

  // 2–6. assistance, disability relief, backstop, poverty insurance, hospital-borne cap
  for (const step of chainSteps(pack)) {
    const outcome = step.apply({ claim, person, params, shares: { ...shares }, burden, totalFen, policyScopeFen, counterDeltas: { ...counterDeltas } });
    for (const l of outcome.explanation) {
      if (l.payer !== step.payer) throw new Error(`invariant: step ${step.name} may pay ${step.payer} only, not ${l.payer}`);
      if (!Number.isSafeInteger(l.amountFen) || l.amountFen < 0) throw new Error(`invariant: step ${step.name} pays ${l.amountFen} fen`);
    }
    const paid = sumFen(outcome.explanation.map((l) => l.amountFen));
    if (paid > 0) burden = consumeBurden(burden, paid, outcome.consumes ?? 'in_scope_first');
    shares[step.payer] += paid;
    explanation.push(...outcome.explanation);
    addDeltas(counterDeltas, outcome.counterDeltas);
    Object.assign(counterLimits, outcome.counterLimits);
  }

  // 7. personal account: the person's burden, as far as the balance goes
  const owed = burdenOf(burden);
  if (claim.usePersonalAccount) {
    const account = personalAccountPayment(claim, person, owed, pack);
    if (account.amountFen > 0) burden = consumeBurden(burden, account.amountFen);
    shares.personal_account += account.amountFen;
    explanation.push(account);
  }

  // 8. cash: whatever is left
  for (const line of burden) {
    if (line.amountFen <= 0) continue;
    shares.self_pay += line.amountFen;
    const { inScope: _, ...said } = line;
    explanation.push({ payer: 'self_pay', ...said });
  }

  const personalBurden = shares.personal_account + shares.self_pay;
  if (personalBurden > 0) counterDeltas.personal_burden = personalBurden;
  counterLimits.personal_burden = null;

  assertConservation(claim.claimId, totalFen, shares, explanation);
  assertWithinLimits(claim.claimId, person, counterDeltas, counterLimits);
  return {
    totalFen,
    policyScopeFen,
    shares,
    explanation,
    year: yearOf(claim.serviceDate),
    counterDeltas,
    counterLimits,
    policyVersion: policyVersionOf(pack, params),
  };
}

function personalAccountPayment(claim: Claim, person: Beneficiary, owed: number, pack: RegionPack): ExplanationLine {
  const line = (amountFen: number, said: Pick<ExplanationLine, 'citation' | 'detail' | 'words'>): ExplanationLine => ({ payer: 'personal_account', amountFen, rule: 'personal_account.claim_payment', ...said });
  if (person.scheme !== 'employee') return line(0, say(pack, CHAIN_WORDS.accountResident));
  // 南府办发〔2022〕33号 art. 18: the account pays only at designated institutions and designated pharmacies
  if (!claim.designated) return line(0, say(pack, CHAIN_WORDS.accountNotDesignated));
  const amount = Math.min(owed, Math.max(0, person.personalAccountBalanceFen));
  return line(amount, say(pack, CHAIN_WORDS.accountPays, amount, owed, person.personalAccountBalanceFen));
}

/** TigerBeetle-style: money is checked where it moves. A failure here is a bug, never input. */
export function assertConservation(claimId: string, totalFen: number, shares: Record<Payer, number>, explanation: ExplanationLine[]): void {
  let sum = 0;
  for (const payer of PAYERS) {
    const share = shares[payer];
    if (!Number.isSafeInteger(share) || share < 0) throw new Error(`invariant: claim ${claimId} share ${payer}=${share} is not a non-negative integer`);
    sum += share;
    const explained = sumFen(explanation.filter((l) => l.payer === payer).map((l) => l.amountFen));
    if (explained !== share) throw new Error(`invariant: claim ${claimId} explains ${explained} fen of ${payer} but pays ${share}`);
  }
  if (sum !== totalFen) throw new Error(`invariant: claim ${claimId} shares add up to ${sum} fen, total is ${totalFen}`);
}

/** A limit is an account: a counter this claim moves never passes its limit. */
export function assertWithinLimits(
  claimId: string,
  person: Beneficiary,
  deltas: Partial<Record<CounterKey, number>>,
  limits: Partial<Record<CounterKey, number | null>>,
): void {
  for (const [key, delta] of Object.entries(deltas) as [CounterKey, number][]) {
    if (!Number.isSafeInteger(delta) || delta < 0) throw new Error(`invariant: claim ${claimId} moves counter ${key} by ${delta}`);
    const limit = limits[key];
    const used = person.countersUsed[key] ?? 0;
    if (delta > 0 && limit !== undefined && limit !== null && used + delta > limit) {
      throw new Error(`invariant: claim ${claimId} takes counter ${key} to ${used + delta}, past its limit ${limit}`);
    }
  }
}

export { applyRate };
