/** 盐政办发〔2022〕73号 九: 因病致贫 and 因病返贫 warning lines. Income 50,000 yuan; minimum living 9,600 yuan a year. */
import { DomainError } from '@benefit/shared';
import { book, holding, person, record, yanchengBook, yuan } from '../../testing/fixtures';
import { yanchengWarnings } from './warnings';
import { yanchengPack } from '.';

const params = yanchengBook();
const warn = (p = person(), before: number, after: number, b = params) => yanchengWarnings({ person: p, date: '2023-06-15', burdenBeforeFen: yuan(before), burdenAfterFen: yuan(after), params: b });

describe('九 impoverishment_risk: a resident without relief status whose yearly burden reaches the per-capita income', () => {
  it('49,000 → 50,000 yuan: raised by this claim', () => {
    expect(warn(person(), 49_000, 50_000)).toEqual([
      expect.objectContaining({ kind: 'impoverishment_risk', year: 2023, thresholdFen: yuan(50_000), burdenFen: yuan(50_000), reachedByThisClaim: true, citation: expect.stringContaining('九') }),
    ]);
  });

  it('is the pack’s warnings hook', () => {
    expect(yanchengPack.warnings).toBe(yanchengWarnings);
  });

  it('one fen short: nothing', () => {
    expect(warn(person(), 40_000, 49_999.99)).toEqual([]);
  });

  it('already above the line before the claim: still due (the caller raises it once a year)', () => {
    expect(warn(person(), 55_000, 56_000)).toEqual([expect.objectContaining({ kind: 'impoverishment_risk', reachedByThisClaim: false })]);
  });

  it('employee-scheme persons are not watched for impoverishment (参加城乡居民基本医疗保险的普通居民)', () => {
    expect(warn(person({ scheme: 'employee', employment: 'in_service' }), 49_000, 60_000)).toEqual([]);
  });
});

describe('九 relapse_risk: a relief-status holder whose yearly burden reaches the annual minimum living standard', () => {
  it('9,000 → 9,600 yuan: relapse_risk, never impoverishment_risk', () => {
    expect(warn(holding('yancheng', ['minimum_living']), 9_000, 9_600)).toEqual([expect.objectContaining({ kind: 'relapse_risk', thresholdFen: yuan(9_600) })]);
    expect(warn(holding('yancheng', ['minimum_living']), 40_000, 60_000).map((w) => w.kind)).toEqual(['relapse_risk']);
  });

  it('employee-scheme holders are watched too', () => {
    expect(warn(holding('yancheng', ['union_hardship_worker'], { scheme: 'employee' }), 0, 9_600)).toHaveLength(1);
  });

  it('severe_mental_disorder alone is not a relief status of 二: the resident line applies', () => {
    expect(warn(holding('yancheng', ['severe_mental_disorder']), 0, 9_600)).toEqual([]);
  });

  it('the minimum living standard missing: fails loudly', () => {
    expect(() => warn(holding('yancheng', ['minimum_living']), 0, 9_600, book(record('yancheng.per_capita_disposable_income', yuan(50_000))))).toThrow(DomainError);
  });
});
