/** Issue 13.6: the global pipe takes the compiled path for a valid body and leaves a refusal to class-validator's words. */
import 'reflect-metadata';
import * as classTransformer from 'class-transformer';
import { DomainError } from '@benefit/shared';
import { ClaimItemDto, SubmitClaimDto } from '../claims/dto';
import { validationPipe } from './validation';

const claim = (over: Record<string, unknown> = {}) => ({
  claimId: 'C-1', personId: 'P-1', institutionId: 'H-1', institutionLevel: 'tier2', designated: true, location: 'in_county',
  visitType: 'general_outpatient', serviceDate: '2023-03-05', items: [{ code: 'X', name: '药', kind: 'drug', catalogClass: 'A', amountFen: 100 }], ...over,
});
const validate = (body: unknown) => validationPipe.transform(body, { type: 'body', metatype: SubmitClaimDto });

describe('the pipe and the compiled plans', () => {
  afterEach(() => jest.restoreAllMocks());

  it('a valid claim becomes its DTO without class-transformer: items as ClaimItemDto, unknown fields dropped', async () => {
    const plainToInstance = jest.spyOn(classTransformer, 'plainToInstance');
    const dto = (await validate(claim({ extra: 1 }))) as SubmitClaimDto;
    expect(plainToInstance).not.toHaveBeenCalled();
    expect(dto).toBeInstanceOf(SubmitClaimDto);
    expect(dto.items[0]).toBeInstanceOf(ClaimItemDto);
    expect(dto).not.toHaveProperty('extra', 1);
  });

  it('a refused claim is worded by class-validator, as before: items[0].amountFen with IsFen’s message', async () => {
    const plainToInstance = jest.spyOn(classTransformer, 'plainToInstance');
    const err = (await validate(claim({ items: [{ code: 'X', name: '药', kind: 'drug', amountFen: -1 }] })).catch((e) => e)) as DomainError;
    expect(plainToInstance).toHaveBeenCalled();
    expect(err.errors).toEqual([{ field: 'items[0].amountFen', message: 'must be a non-negative integer number of fen, at most 1000000000' }]);
  });
});
