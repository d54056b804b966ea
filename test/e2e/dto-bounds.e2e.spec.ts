/**
 * Issue 10 point 1, kept so: the body DTO of every write route of the app (read from Nest's own
 * metadata, so a new route is walked too), and every DTO nested in it, declares the bounds that
 * keep hostile bodies out — a nested object or array checked to hold objects (NestedObject /
 * NestedArray), every array a maximum size, every amount a maximum, every date and month the
 * domain's window.
 */
import 'reflect-metadata';
import { getMetadataStorage } from 'class-validator';
import { TestApp, startApp } from '../support/e2e';
import { Dto, bodyDtosOf } from '../support/body-dtos';

// class-transformer's own record of @Type(): its typings live apart from the module that holds it
const { defaultMetadataStorage } = require('class-transformer/cjs/storage') as typeof import('class-transformer/types/storage');

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

const bodyDtos = () => bodyDtosOf(t.app);

/** Each property of a DTO with the names of its constraints, and the DTO each nested property holds. */
function properties(dto: Dto) {
  const byProperty = new Map<string, { names: Set<string>; nested: boolean }>();
  for (const m of getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false)) {
    const p = byProperty.get(m.propertyName) ?? { names: new Set<string>(), nested: false };
    if (m.name) p.names.add(m.name);
    p.names.add(m.type);
    if (m.type === 'nestedValidation') p.nested = true;
    byProperty.set(m.propertyName, p);
  }
  return [...byProperty].map(([name, p]) => ({ name, ...p, type: defaultMetadataStorage.findTypeMetadata(dto, name)?.typeFunction() as Dto | undefined }));
}

function walk(dto: Dto, seen = new Set<Dto>()): Dto[] {
  if (seen.has(dto)) return [];
  seen.add(dto);
  return [dto, ...properties(dto).flatMap((p) => (p.nested && p.type ? walk(p.type, seen) : []))];
}

const DATE_NAMES = /(Date|On|From|To)$|^month$/;
const MONTH_NAMES = /Month$|^month$/;

describe('every write route’s body DTO keeps the bounds of issue 10', () => {
  it('finds the body DTOs of the write routes (claims, persons, parameters, simulations …)', () => {
    const routes = bodyDtos().map((b) => b.route);
    expect(routes.length).toBeGreaterThanOrEqual(10);
    expect(routes).toEqual(expect.arrayContaining([expect.stringContaining('ClaimsController.submit'), expect.stringContaining('ReadjudicationController.simulate')]));
    const claim = bodyDtos().find((b) => b.route.includes('ClaimsController.submit'))!.dto;
    expect(walk(claim).map((d) => d.name)).toEqual(['SubmitClaimDto', 'ClaimItemDto', 'PriorPaymentsDto']);
  });

  it('nested objects and arrays are checked to hold objects; arrays have a maximum; amounts, dates and months are bounded', () => {
    const problems: string[] = [];
    for (const { route, dto } of bodyDtos()) {
      if (typeof dto !== 'function' || dto === Object) {
        problems.push(`${route}: the body has no DTO class (class-validator would check nothing)`);
        continue;
      }
      for (const d of walk(dto)) {
        for (const p of properties(d)) {
          const at = `${route} ${d.name}.${p.name}`;
          if (p.nested && !p.names.has('isObject')) problems.push(`${at}: nested without an object check (use NestedObject / NestedArray)`);
          if (p.names.has('isArray') && !p.names.has('arrayMaxSize')) problems.push(`${at}: an array without ArrayMaxSize`);
          if (/Fen$/.test(p.name) && !p.names.has('isFen') && !p.names.has('isPositiveFen')) problems.push(`${at}: an amount without IsFen / IsPositiveFen (bounded)`);
          if (MONTH_NAMES.test(p.name) && !p.names.has('isMonth')) problems.push(`${at}: a month without IsMonth (the window)`);
          else if (DATE_NAMES.test(p.name) && !MONTH_NAMES.test(p.name) && !p.names.has('isIsoDate') && !p.names.has('isMonth')) problems.push(`${at}: a date without IsIsoDate (the window)`);
          if (p.names.has('isString') && !p.names.has('matches') && !p.names.has('isLength') && !p.names.has('isIn')) problems.push(`${at}: a string without a length or a pattern`);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
