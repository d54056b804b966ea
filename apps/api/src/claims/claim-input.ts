/** From the HTTP body to the domain's Claim, with the checks that span several fields. */
import { Claim, PriorPayments, SubmittedClaim, claimBoundsProblems } from '@benefit/policy';
import { FieldError, invalid, sumFen } from '@benefit/shared';
import { SubmitClaimDto } from './dto';

const PRIOR_PAYERS = ['basic_pooling', 'critical_illness', 'large_amount_subsidy', 'civil_servant_subsidy', 'medical_assistance'] as const;

/** Items that omit `catalogClass` are left to the catalogue (decideClaim classes them on the service date). */
export function claimFrom(dto: SubmitClaimDto): SubmittedClaim {
  // the claim's total and the length of a stay (libs/policy claim.ts); the decider checks the same
  // the bounds read only the items' amounts: an item's class (given or not yet) plays no part
  const errors: FieldError[] = claimBoundsProblems({ serviceDate: dto.serviceDate, dischargeDate: dto.dischargeDate ?? null, items: dto.items as Claim['items'] });
  if (dto.specialDisease && dto.visitType !== 'chronic_special_outpatient') {
    errors.push({ field: 'specialDisease', message: 'applies to chronic_special_outpatient claims only' });
  }
  let priorPayments: PriorPayments | null = null;
  if (dto.priorPayments) {
    // in a fixed key order: the claim's JSON is its idempotency hash
    const given = dto.priorPayments as Record<string, number | null | undefined>;
    priorPayments = Object.fromEntries(PRIOR_PAYERS.filter((p) => given[p] !== undefined && given[p] !== null).map((p) => [p, given[p]])) as PriorPayments;
    const prior = sumFen(Object.values(priorPayments) as number[]);
    // items left to the catalogue may turn out class C: the decider checks again once they are classed
    const scope = sumFen(dto.items.filter((i) => i.catalogClass !== 'C').map((i) => i.amountFen));
    if (prior > scope) errors.push({ field: 'priorPayments', message: `add up to ${prior} fen, more than the policy-scope amount of ${scope} fen` });
  }
  if (errors.length) throw invalid(errors);
  return {
    claimId: dto.claimId,
    personId: dto.personId,
    institutionId: dto.institutionId,
    institutionLevel: dto.institutionLevel,
    designated: dto.designated,
    location: dto.location,
    referral: dto.referral ?? false,
    visitType: dto.visitType,
    specialDisease: dto.specialDisease ?? null,
    serviceDate: dto.serviceDate,
    dischargeDate: dto.dischargeDate ?? null,
    items: dto.items.map((i) => ({
      code: i.code,
      name: i.name,
      kind: i.kind,
      ...(i.catalogClass ? { catalogClass: i.catalogClass } : {}),
      drugClass: i.drugClass ?? null,
      amountFen: i.amountFen,
      ...(i.tags?.length ? { tags: [...new Set(i.tags)].sort() } : {}),
    })),
    priorPayments,
    usePersonalAccount: dto.usePersonalAccount ?? false,
    ...(dto.circumstances?.length ? { circumstances: [...new Set(dto.circumstances)].sort() } : {}),
  };
}
