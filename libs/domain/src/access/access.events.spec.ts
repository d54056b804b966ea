import { MAX_PERSONS_PER_READ_EVENT, personDataReadEvents, personDataReadOf } from './access.events';

const read = (personIds: string[]) => ({ personIds, route: 'POST /v1/readjudications', what: { regionCode: 'nanchong' }, reason: null, status: 200, role: 'auditor', tokenId: 't' });

describe('PersonDataRead', () => {
  it('a read of 2,500 persons is recorded as events of 1,000, 1,000 and 500, every person once, in order', () => {
    const ids = Array.from({ length: 2500 }, (_, i) => `P-${i}`);
    const events = personDataReadEvents(read(ids));
    expect(events.map((e) => e.data.personIds.length)).toEqual([MAX_PERSONS_PER_READ_EVENT, MAX_PERSONS_PER_READ_EVENT, 500]);
    expect(events.flatMap((e) => e.data.personIds)).toEqual(ids);
    for (const e of events) expect(e).toEqual({ type: 'PersonDataRead', data: { ...read(e.data.personIds), v: 1 } });
  });

  it('a read of one person is one event of schema version 1', () => {
    expect(personDataReadEvents(read(['P-1']))).toEqual([{ type: 'PersonDataRead', data: { v: 1, ...read(['P-1']) } }]);
    expect(personDataReadEvents(read([]))).toEqual([]);
  });

  it('reading back accepts version 1 and refuses a version it does not know', () => {
    const [e] = personDataReadEvents(read(['P-1']));
    expect(personDataReadOf(JSON.parse(JSON.stringify(e.data)))).toEqual(e.data);
    expect(() => personDataReadOf({ ...e.data, v: 2 })).toThrow('schema version 2');
    expect(() => personDataReadOf({})).toThrow('schema version undefined');
  });
});
