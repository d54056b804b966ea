/** 因病致贫 / 因病返贫 双预警 (盐政办发〔2022〕73号 九): which warnings a person's yearly burden raises. */
import { yearOf } from '@benefit/shared';
import { WarningDue, WarningInput, WarningKind } from '../../pack';
import { DOC } from './parameters';
import { assistanceStatus, perCapitaIncome } from './terms';

/**
 * The warnings whose line the person's yearly burden has reached. The caller raises each at most
 * once per person, kind and year (it keeps which were raised):
 * - `relapse_risk`: a 救助对象 whose burden after basic insurance, critical illness and assistance
 *   reaches the annual minimum living standard;
 * - `impoverishment_risk`: a resident-scheme 普通居民 (no assistance status) whose burden after
 *   basic and critical-illness insurance reaches the per-capita disposable income.
 */
export function yanchengWarnings({ person, date, burdenBeforeFen, burdenAfterFen, params }: WarningInput): WarningDue[] {
  const year = yearOf(date);
  const due = (kind: WarningKind, thresholdFen: number, rule: string): WarningDue[] =>
    burdenAfterFen >= thresholdFen ? [{ kind, year, thresholdFen, burdenFen: burdenAfterFen, reachedByThisClaim: burdenBeforeFen < thresholdFen, rule, citation: `${DOC} 九` }] : [];
  if (assistanceStatus(person, params, date)) {
    return due('relapse_risk', params.fen('yancheng.minimum_living_standard_annual', date), 'yancheng.warning.relapse_risk');
  }
  if (person.scheme === 'resident') {
    return due('impoverishment_risk', perCapitaIncome(params, date), 'yancheng.warning.impoverishment_risk');
  }
  return [];
}
