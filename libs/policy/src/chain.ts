/**
 * One-bill settlement (一单制): one claim, every payer, one pass, in DOMAIN.md's order.
 * Pure: the same claim, person state and parameter book always give the same adjudication.
 */
import { PAYERS, Payer, STEP_ONE_PAYERS, applyRate, formatYuan, sumFen, yearOf, zeroShares } from '@benefit/shared';
import { Adjudication, Beneficiary, Claim, CounterKey, ExplanationLine } from './claim';
import { BurdenLine, RegionPack, StepResult } from './pack';
import { ParameterBook } from './parameters';

export const ONE_BILL = '一单制 settlement order (DOMAIN.md)';

export function policyScopeOf(claim: Claim): number {
  return sumFen(claim.items.filter((i) => i.catalogClass !== 'C').map((i) => i.amountFen));
}

export function totalOf(claim: Claim): number {
  return sumFen(claim.items.map((i) => i.amountFen));
}

export function policyVersionOf(pack: RegionPack, params: ParameterBook): string {
  return `${pack.region}@${pack.version}+params.r${params.revision}`;
}

/** Step 1 taken as given: an upstream core insurance system already settled these payers. */
function priorStep(claim: Claim, policyScopeFen: number): StepResult {
  const prior = claim.priorPayments ?? {};
  const explanation: ExplanationLine[] = [];
  const paid: Partial<Record<Payer, number>> = {};
  for (const payer of STEP_ONE_PAYERS) {
    const amount = prior[payer] ?? 0;
    paid[payer] = amount;
    if (amount > 0) {
      explanation.push({ payer, amountFen: amount, rule: 'prior_payment', citation: ONE_BILL, detail: `settled upstream and carried in priorPayments.${payer}` });
    }
  }
  const rest = policyScopeFen - sumFen(Object.values(paid) as number[]);
  return {
    paid,
    explanation,
    burden: [{ amountFen: rest, rule: 'prior_payment.remainder', citation: ONE_BILL, detail: 'policy-scope amount left after the prior payments', inScope: true }],
    counterDeltas: {},
    counterLimits: {},
  };
}

/** Takes `amount` out of the burden lines, in-scope lines first (个人账户 pays 政策范围内自付 first). */
export function consumeBurden(lines: BurdenLine[], amount: number): BurdenLine[] {
  const ordered = [...lines.filter((l) => l.inScope), ...lines.filter((l) => !l.inScope)];
  let left = amount;
  return ordered.map((l) => {
    const take = Math.min(l.amountFen, left);
    left -= take;
    return { ...l, amountFen: l.amountFen - take };
  });
}

export function settleClaim(claim: Claim, person: Beneficiary, pack: RegionPack, params: ParameterBook): Adjudication {
  const totalFen = totalOf(claim);
  const policyScopeFen = policyScopeOf(claim);
  const classC = totalFen - policyScopeFen;
  const shares = zeroShares();
  const explanation: ExplanationLine[] = [];

  // 1. basic insurance, critical illness, large-amount and civil-servant subsidies
  const step1 = claim.priorPayments ? priorStep(claim, policyScopeFen) : pack.insurance(claim, person, params);
  for (const [payer, amount] of Object.entries(step1.paid) as [Payer, number][]) shares[payer] += amount;
  explanation.push(...step1.explanation);
  let burden: BurdenLine[] = [...step1.burden];
  if (classC > 0) {
    burden.push({
      amountFen: classC,
      rule: 'out_of_policy_scope',
      citation: 'DOMAIN.md conventions: class C (丙/目录外) is outside policy scope',
      detail: `${formatYuan(classC)} of class C items: no fund pays them`,
      inScope: false,
    });
  }

  // 2. medical assistance: computed by the region pack where it has rules, else carried in priorPayments
  const priorAssistance = claim.priorPayments?.medical_assistance ?? 0;
  if (!pack.computesAssistance && priorAssistance > 0) {
    shares.medical_assistance += priorAssistance;
    explanation.push({ payer: 'medical_assistance', amountFen: priorAssistance, rule: 'prior_payment', citation: ONE_BILL, detail: 'civil-affairs assistance already paid, carried in priorPayments.medical_assistance' });
    burden = consumeBurden(burden, priorAssistance);
  }

  // 7. personal account: the person's burden, as far as the balance goes
  const owed = sumFen(burden.map((l) => l.amountFen));
  if (claim.usePersonalAccount) {
    const account = personalAccountPayment(claim, person, owed);
    if (account.amountFen > 0) burden = consumeBurden(burden, account.amountFen);
    shares.personal_account += account.amountFen;
    explanation.push(account);
  }

  // 8. cash: whatever is left
  for (const line of burden) {
    if (line.amountFen <= 0) continue;
    shares.self_pay += line.amountFen;
    explanation.push({ payer: 'self_pay', amountFen: line.amountFen, rule: line.rule, citation: line.citation, detail: line.detail });
  }

  const counterDeltas: Partial<Record<CounterKey, number>> = { ...step1.counterDeltas };
  const personalBurden = shares.personal_account + shares.self_pay;
  if (personalBurden > 0) counterDeltas.personal_burden = personalBurden;

  assertConservation(claim.claimId, totalFen, shares, explanation);
  return {
    totalFen,
    policyScopeFen,
    shares,
    explanation,
    year: yearOf(claim.serviceDate),
    counterDeltas,
    counterLimits: { ...pack.counterLimits(person, claim.serviceDate, params), personal_burden: null },
    policyVersion: policyVersionOf(pack, params),
  };
}

const ACCOUNT_CITATION = '南府办发〔2022〕33号 art. 18(1)(2), art. 20(2)';

function personalAccountPayment(claim: Claim, person: Beneficiary, owed: number): ExplanationLine {
  const line = (amountFen: number, detail: string): ExplanationLine => ({ payer: 'personal_account', amountFen, rule: 'personal_account.claim_payment', citation: ACCOUNT_CITATION, detail });
  if (person.scheme !== 'employee') return line(0, 'resident insurance has no personal account');
  // art. 18: the account pays only at designated institutions and designated pharmacies
  if (!claim.designated) return line(0, 'not a designated institution: the account cannot pay (art. 18)');
  const amount = Math.min(owed, Math.max(0, person.personalAccountBalanceFen));
  return line(amount, `pays ${formatYuan(amount)} of the ${formatYuan(owed)} the person owes; balance before ${formatYuan(person.personalAccountBalanceFen)} (art. 20: the rest is cash)`);
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

export { applyRate };
