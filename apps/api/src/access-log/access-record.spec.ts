import { accessReasonOf, personsOfEvents, whatOf } from './access-record';

const latin1 = (text: string) => Buffer.from(text, 'utf8').toString('latin1');

describe('X-Access-Reason', () => {
  it('absent or blank is no reason; otherwise trimmed', () => {
    expect(accessReasonOf(undefined)).toBeNull();
    expect(accessReasonOf('   ')).toBeNull();
    expect(accessReasonOf('  court order 17 ')).toBe('court order 17');
  });

  it('UTF-8 bytes (as Node hands them over, one latin1 character per byte) are read as UTF-8; other bytes stay latin1', () => {
    expect(accessReasonOf(latin1('信访复核'))).toBe('信访复核');
    expect(accessReasonOf('caf\xe9')).toBe('café'); // 0xE9 alone is no UTF-8: latin1 é
  });

  it('a resident id typed into a reason is masked', () => {
    expect(accessReasonOf('asked by 11010519491231002X')).toBe('asked by 110105********002X');
  });

  it('control characters and more than 500 characters are refused naming the header', () => {
    for (const bad of ['a\tb', 'a\x00b', '\x85', 'x'.repeat(501), latin1('字'.repeat(501))]) {
      expect(() => accessReasonOf(bad)).toThrow(expect.objectContaining({ kind: 'invalid', errors: [expect.objectContaining({ field: 'X-Access-Reason' })] }));
    }
    expect(accessReasonOf(latin1('字'.repeat(500)))).toBe('字'.repeat(500));
  });
});

describe('what identifies a read', () => {
  it('path parameters, then only the named query and body fields; objects left out', () => {
    const what = whatOf(
      { params: { personId: 'P-1' }, query: { year: '2023', idNumber: '11010519491231002X', name: '张三' }, body: { regionCode: 'nanchong', apply: false, parameterOverrides: { a: 1 }, secret: 'x' } },
      { query: ['year'], body: ['regionCode', 'apply', 'parameterOverrides', 'missing'] },
    );
    expect(what).toEqual({ personId: 'P-1', year: '2023', regionCode: 'nanchong', apply: false });
  });

  it('a value is cleaned: first of a repeated parameter, no control characters, at most 128 characters, resident ids masked', () => {
    expect(whatOf({ params: { claimId: 'C\n-11010519491231002X' }, query: { limit: ['5', '6'], after: 'y'.repeat(300) } }, { query: ['limit', 'after'] })).toEqual({
      claimId: 'C-110105********002X',
      limit: '5',
      after: 'y'.repeat(128),
    });
  });
});

describe('the persons of a page of the log', () => {
  it('an event’s person, its claim’s person and a family payment’s beneficiary, each once; events of nobody add none', () => {
    const page = [
      { data: { personId: 'P-1' } },
      { data: { claim: { personId: 'P-2' } } },
      { data: { personId: 'P-1', beneficiaryPersonId: 'P-3' } },
      { data: { regionCode: 'nanchong', month: '2023-01' } },
      { data: { v: 1, personIds: ['P-9'] } }, // a recorded read: who was read is oversight data, not the person's own
      { data: null },
    ];
    expect(personsOfEvents(page)).toEqual(['P-1', 'P-2', 'P-3']);
    expect(personsOfEvents([])).toEqual([]);
  });
});
