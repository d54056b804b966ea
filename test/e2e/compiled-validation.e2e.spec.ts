/**
 * Issue 13.6: the compiled validator and class-validator agree. The body DTOs of the write routes
 * (read from Nest's metadata, as dto-bounds does) are listed as compiled or left to
 * class-validator, so a decorator the compiler does not know cannot slip a route off the compiled
 * path unnoticed; and for random bodies of every compiled DTO, built from its own metadata, both
 * give the same verdict, name the same fields, and hand the handler the same instance.
 */
import 'reflect-metadata';
import fc from 'fast-check';
import { ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import { DomainError } from '@benefit/shared';
import { Plan, compiledPlanOf, compiledTransform, failuresOf } from '../../apps/api/src/common/compiled-validation';
import { MAX_FIELD_ERRORS, validationPipe } from '../../apps/api/src/common/validation';
import { TestApp, startApp } from '../support/e2e';
import { Dto, bodyDtosOf } from '../support/body-dtos';

let t: TestApp;
beforeAll(async () => {
  t = await startApp();
});
afterAll(async () => {
  await t?.close();
});

/** The body DTOs of the write routes that carry class-validator decorators (the routes dto-bounds walks). */
const bodyDtos = (): Dto[] => [...new Set(bodyDtosOf(t.app).map((b) => b.dto))].filter((dto) => getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).length > 0);

describe('which body DTOs are compiled', () => {
  it('every one but those holding a decorator the compiler does not know (IsYuan: the national platform’s yuan amounts)', () => {
    const names = (compiled: boolean) => bodyDtos().filter((dto) => !!compiledPlanOf(dto) === compiled).map((dto) => dto.name).sort();
    expect(names(false)).toEqual(['HispRequestDto']);
    expect(names(true)).toEqual(expect.arrayContaining(['SubmitClaimDto', 'CancelClaimDto', 'RegisterPatientDto']));
    expect(names(true).length).toBeGreaterThanOrEqual(10);
  });
});

// ---- random bodies, from each DTO's own metadata ----

const OMIT = Symbol('omit');
const RESIDENT_ID = '511302198001010013';
/** Values every property is tried with: each constraint's edges, and shapes that do not belong. */
const SCALARS: unknown[] = [
  null, true, false, 'true', 0, 1, -1, 1.5, 100, 2 ** 53, 1_000_000_000, 1_000_000_001, 10_000_000_000, 10_000_000_001,
  '', 'x', 'A-1', 'H1-2023-000001', 'a b', 'x\u0001', '\uD800', 'é'.repeat(64), 'é'.repeat(65), 'a'.repeat(200), 'a'.repeat(201), 'a'.repeat(500), 'a'.repeat(501),
  '2023-03-05', '2023-02-30', '2099-01-01', '1989-12-31', '2023-03', '2023-13', '1989-12', RESIDENT_ID, '123456789012345678', '511302', '51130',
];
const SHAPES: unknown[] = [{}, [], [[]], [5], ['x'], [{}], { a: 1 }];

const metadataOf = (dto: Dto, property: string) => getMetadataStorage().getTargetValidationMetadatas(dto, '', true, false).filter((m) => m.propertyName === property);

/** The constraint arguments a property declares (IsIn's members, Min/Max, array sizes) as candidate values. */
function hintsOf(dto: Dto, property: string): unknown[] {
  const out: unknown[] = [];
  for (const m of metadataOf(dto, property)) {
    const [c] = (m.constraints ?? []) as unknown[];
    if (m.name === 'isIn') out.push(...(c as unknown[]), [], (c as unknown[]).slice(0, 2), [(c as unknown[])[0], 7]);
    if (m.name === 'min' || m.name === 'max') out.push(c, (c as number) - 1, (c as number) + 1);
    if (m.name === 'arrayMaxSize') out.push(Array((c as number) + 1).fill(metadataOf(dto, property).find((x) => x.name === 'isIn')?.constraints[0][0] ?? 'x'));
  }
  return out;
}

const minSizeOf = (dto: Dto, property: string) => Number(metadataOf(dto, property).find((m) => m.name === 'arrayMinSize')?.constraints[0] ?? 0);

/** Bodies of the DTO: mostly values its property accepts, sometimes anything, sometimes an unknown field. */
function bodyOf(plan: Plan, depth = 0): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {};
  for (const p of plan.properties) {
    const candidates = [...SCALARS, ...SHAPES, ...hintsOf(plan.dto, p.name)];
    const accepted = candidates.filter((v) => p.rules.every((r) => (r.each && Array.isArray(v) ? v.every(r.check) : r.check(v))));
    let good: fc.Arbitrary<unknown>;
    if (p.nested && depth < 2) {
      const nested = bodyOf(p.nested, depth + 1);
      good = p.rules.some((r) => r.name === 'isArray') ? fc.array(nested, { minLength: minSizeOf(plan.dto, p.name), maxLength: 3 }) : nested;
    } else good = accepted.length ? fc.constantFrom(...accepted) : fc.constantFrom(...candidates);
    if (p.optional) good = fc.oneof({ weight: 4, arbitrary: good }, fc.constantFrom(OMIT, null));
    fields[p.name] = fc.oneof({ weight: plan.properties.length + 1, arbitrary: good }, fc.constantFrom(OMIT, ...candidates));
  }
  return fc.tuple(fc.record(fields), fc.boolean()).map(([body, extra]) => {
    const out = Object.fromEntries(Object.entries(body).filter(([, v]) => v !== OMIT));
    return extra ? { ...out, unknownField: 'dropped' } : out;
  });
}

/** class-validator alone: the real pipe's options, without its compiled path (ValidationPipe's own transform). */
async function classValidator(dto: Dto, body: unknown): Promise<{ instance?: unknown; fields?: string[] }> {
  try {
    return { instance: await ValidationPipe.prototype.transform.call(validationPipe, body, { type: 'body', metatype: dto }) };
  } catch (err) {
    return { fields: ((err as DomainError).errors ?? []).map((e) => e.field) };
  }
}

const copy = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

describe('the compiled validator and class-validator agree on random bodies of every compiled DTO', () => {
  it('same verdict, same fields named in the same order, and for a valid body the same instance', async () => {
    const plans = bodyDtos().map(compiledPlanOf).filter((p): p is Plan => p !== null);
    for (const plan of plans) {
      let valid = 0;
      let invalid = 0;
      await fc.assert(
        fc.asyncProperty(bodyOf(plan), async (body) => {
          const reference = await classValidator(plan.dto, copy(body));
          const fast = compiledTransform(copy(body), plan.dto);
          if (reference.fields) {
            invalid++;
            expect({ dto: plan.dto.name, fast }).toEqual({ dto: plan.dto.name, fast: undefined });
            // a 400 lists the first MAX_FIELD_ERRORS (an array over its maximum is refused before either runs, in the pipe)
            expect({ dto: plan.dto.name, fields: failuresOf(plan, copy(body)).slice(0, MAX_FIELD_ERRORS).map((f) => f.field) }).toEqual({ dto: plan.dto.name, fields: reference.fields });
          } else {
            valid++;
            expect({ dto: plan.dto.name, failures: failuresOf(plan, copy(body)) }).toEqual({ dto: plan.dto.name, failures: [] });
            // undefined only where class-transformer would deep-copy an object no nested DTO declares
            if (fast !== undefined) expect(fast).toStrictEqual(reference.instance);
          }
        }),
        { numRuns: 300 },
      );
      // each DTO was tried with bodies of both kinds: a generator that made only one could not fail
      expect({ dto: plan.dto.name, valid: valid > 10, invalid: invalid > 10 }).toEqual({ dto: plan.dto.name, valid: true, invalid: true });
    }
  });
});
