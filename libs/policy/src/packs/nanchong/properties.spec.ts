/** Properties of the Nanchong pack through the generalised chain (the deciders' own properties live in libs/domain). */
import fc from 'fast-check';
import { claimArb, personArb } from '../../testing/arbitraries';
import { book, record, yuan } from '../../testing/fixtures';
import { settleOrRefuse } from '../../testing/property';
import { nanchongPack } from '.';

const params = book(record('nanchong.retired_pension_base', yuan(3_000)));
const claims = claimArb({ years: [2023, 2024], prior: 'sometimes', priorAssistance: true });
const persons = personArb('nanchong', { outpatient_pooling_deductible: yuan(200), outpatient_pooling_paid: yuan(1_000) });

describe('Nanchong properties', () => {
  it('shares add up, nothing is negative, every fen is explained, no counter passes its limit', () => {
    fc.assert(fc.property(claims, persons, (c, p) => void settleOrRefuse(c, p, nanchongPack, params)), { numRuns: 500 });
  });
});
