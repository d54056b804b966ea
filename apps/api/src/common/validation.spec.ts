/** Issue 10 point 1: nested DTOs that cannot be bypassed, arrays refused by their size before they are built, errors capped. */
import 'reflect-metadata';
import { DomainError } from '@benefit/shared';
import { RegisterPatientDto } from '../enrollment/dto';
import { SubmitClaimDto } from '../claims/dto';
import { MAX_FIELD_ERRORS, validationPipe } from './validation';

const claim = (over: Record<string, unknown> = {}) => ({
  claimId: 'C-1', personId: 'P-1', institutionId: 'H-1', institutionLevel: 'tier2', designated: true, location: 'in_county',
  visitType: 'general_outpatient', serviceDate: '2023-03-05', items: [{ code: 'X', name: '药', kind: 'drug', catalogClass: 'A', amountFen: 100 }], ...over,
});
const validate = (dto: new () => object, body: unknown) => validationPipe.transform(body, { type: 'body', metatype: dto });
async function fieldsOf(dto: new () => object, body: unknown): Promise<string[]> {
  try {
    await validate(dto, body);
    return [];
  } catch (err) {
    return ((err as DomainError).errors ?? []).map((e) => e.field);
  }
}

describe('NestedObject / NestedArray', () => {
  it.each([
    [{ items: [[]] }, 'items'],
    [{ items: [5] }, 'items'],
    [{ items: 'x' }, 'items'],
    [{ priorPayments: [[]] }, 'priorPayments'],
    [{ priorPayments: [] }, 'priorPayments'],
    [{ priorPayments: 'x' }, 'priorPayments'],
  ])('%j is refused naming %s', async (over, field) => {
    expect(await fieldsOf(SubmitClaimDto, claim(over))).toContain(field);
  });

  it('a registration with family: [[]] is refused, not recorded as [{}]', async () => {
    expect(await fieldsOf(RegisterPatientDto, { family: [[]] })).toContain('family');
  });

  it('a valid claim passes, unknown fields dropped at every level', async () => {
    const dto = (await validate(SubmitClaimDto, claim({ extra: 1, items: [{ code: 'X', name: '药', kind: 'drug', catalogClass: 'A', amountFen: 100, note: 'x' }] }))) as Record<string, unknown>;
    expect(dto).not.toHaveProperty('extra');
    expect((dto.items as object[])[0]).not.toHaveProperty('note');
  });
});

describe('arrays over their maximum are refused before any element is built; a refusal lists at most 100 errors', () => {
  it('1,001 items: one error naming items', async () => {
    await expect(validate(SubmitClaimDto, claim({ items: Array.from({ length: 1001 }, () => ({})) }))).rejects.toMatchObject({ errors: [{ field: 'items', message: 'must contain no more than 1000 elements' }] });
  });

  it('tags inside an item are checked too, with the item named', async () => {
    expect(await fieldsOf(SubmitClaimDto, claim({ items: [{ code: 'X', name: '药', kind: 'drug', catalogClass: 'A', amountFen: 100, tags: Array(33).fill('pet_ct') }] }))).toEqual(['items[0].tags']);
  });

  it(`${MAX_FIELD_ERRORS} errors at most, and the detail says how many more`, async () => {
    const err = (await validate(SubmitClaimDto, claim({ items: Array.from({ length: 500 }, () => ({ amountFen: -1 })) })).catch((e) => e)) as DomainError;
    expect(err.errors).toHaveLength(MAX_FIELD_ERRORS);
    expect(err.message).toMatch(/and \d+ more errors$/);
  });
});
