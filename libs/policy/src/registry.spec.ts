/**
 * The packs' parameters: every default is a valid value, and a pack's defaults cannot change without
 * its version changing — so one policyVersion always means one set of rules and values.
 */
import { hashOf } from '@benefit/shared';
import { ParameterBook } from './parameters';
import { ALL_PARAMETER_DEFINITIONS, PACKS } from './registry';

/** Fingerprint of each pack version's parameter definitions. Changing a default? Bump the pack's version and this line. */
const FINGERPRINTS: Record<string, string> = {
  'nanchong@2023.1': '86fa43393b3e',
  'yancheng@2023.1': 'e9cc6c005379',
  'jingjiang@2019.2': '7bfb1406ec21',
  'shanting@2018.1': '3c340e0b758f',
};

const fingerprint = (region: keyof typeof PACKS) =>
  hashOf(PACKS[region].parameters.map(({ key, unit, defaults, illustrative }) => ({ key, unit, defaults, illustrative: !!illustrative }))).slice(0, 12);

describe('pack parameters', () => {
  it('every default passes the same checks as PUT /v1/parameters', () => {
    for (const def of ALL_PARAMETER_DEFINITIONS.values()) {
      for (const d of def.defaults) expect([def.key, ParameterBook.valueProblem(def, d.value)]).toEqual([def.key, null]);
    }
  });

  it('keys are unique across packs and prefixed by their region', () => {
    const all = Object.values(PACKS).flatMap((p) => p.parameters.map((d) => d.key));
    expect(new Set(all).size).toBe(all.length);
    for (const p of Object.values(PACKS)) for (const d of p.parameters) expect(d.key.startsWith(`${p.region}.`)).toBe(true);
  });

  it.each(Object.keys(PACKS) as (keyof typeof PACKS)[])('%s: the defaults belong to the pack version (same version ⇒ same values)', (region) => {
    expect(`${region}@${PACKS[region].version}:${fingerprint(region)}`).toBe(`${region}@${PACKS[region].version}:${FINGERPRINTS[`${region}@${PACKS[region].version}`]}`);
  });

  it('every parameter names its source document and article', () => {
    for (const def of ALL_PARAMETER_DEFINITIONS.values()) expect(def.source.length).toBeGreaterThan(5);
  });
});
