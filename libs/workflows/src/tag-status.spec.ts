/**
 * Tagging a status as a workflow. 盐政办发〔2022〕73号 八: temporary relief for a major illness
 * applies back to the first treatment, so its tag and the corrections of the claims since then
 * are one decision, in one append; any other status is recorded alone.
 */
import { ReliefStatusTagged } from '@benefit/domain';
import { parameterBook } from '@benefit/policy';
import { base, writeYancheng } from '../../projections/src/testing/corrections';
import { changePerson } from './tag-status';
import { World, meta, openWorld, recordedAfter } from './testing/world';

let world: World;
beforeEach(async () => {
  // the book the claims were decided with (revision 2): a status-only re-settlement keeps it
  world = openWorld('2024-03-15T02:00:00.000Z', parameterBook(base, 2));
  // YC-0: a Yancheng resident with six claims, 2023-01 to 2023-06, settled upstream
  await writeYancheng(world.commands, async () => undefined, 1);
});
afterEach(() => world.close());

const tag = (over: Partial<ReliefStatusTagged['data']> = {}): ReliefStatusTagged['data'] => ({
  personId: 'YC-0',
  status: 'temporary_relief_major_illness',
  validFrom: '2024-03-01',
  validTo: null,
  source: 'civil_affairs',
  diagnosis: null,
  riskLevel: null,
  firstTreatmentDate: '2023-03-01',
  ...over,
});

describe('tag-status-with-look-back', () => {
  it('八: temporary relief from a first treatment on 2023-03-01 corrects the claims of March to June 2023, in the same append as the tag', async () => {
    const head = await world.store.headPosition();
    const result = await changePerson(world, { type: 'TagReliefStatus', data: tag() }, meta);
    const written = await recordedAfter(world, head);
    expect(written.map((e) => e.type)).toEqual(result.events.map((e) => e.type));
    expect(written[0].type).toBe('ReliefStatusTagged');
    const corrected = written.slice(1);
    expect(corrected.length).toBeGreaterThan(0);
    expect(corrected.every((e) => e.type === 'ClaimSharesAdjusted')).toBe(true);
    const months = corrected.map((e) => (e.data as { originalMonth: string }).originalMonth);
    expect(months.every((m) => m >= '2023-03' && m <= '2023-06')).toBe(true);
    // one append: every event written at the same instant
    expect(new Set(written.map((e) => e.metadata.recordedAt)).size).toBe(1);
  });

  it('a status without a look-back (an orphan) is recorded alone', async () => {
    const head = await world.store.headPosition();
    await changePerson(world, { type: 'TagReliefStatus', data: tag({ status: 'orphan', firstTreatmentDate: null }) }, meta);
    expect((await recordedAfter(world, head)).map((e) => e.type)).toEqual(['ReliefStatusTagged']);
  });

  it('a refused tag (an overlapping period) records neither the status nor a correction', async () => {
    await changePerson(world, { type: 'TagReliefStatus', data: tag() }, meta);
    const head = await world.store.headPosition();
    await expect(changePerson(world, { type: 'TagReliefStatus', data: tag({ validFrom: '2024-04-01' }) }, meta)).rejects.toMatchObject({ code: 'status-overlaps' });
    expect(await recordedAfter(world, head)).toEqual([]);
  });
});
