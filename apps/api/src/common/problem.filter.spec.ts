/** Issue 10 point 9: what Node's HTTP server refuses before any route is answered as problem+json. */
import type { Socket } from 'node:net';
import { answerClientError } from './problem.filter';

/** A socket that keeps what is written to it. */
function socket(writable = true) {
  const s = { writable, destroyed: false, written: '', write: (chunk: string) => ((s.written += chunk), true), destroy: () => ((s.destroyed = true), s) };
  return s;
}
const error = (code: string) => Object.assign(new Error(code), { code });
const parse = (written: string) => ({ head: written.slice(0, written.indexOf('\r\n\r\n')), body: JSON.parse(written.slice(written.indexOf('\r\n\r\n') + 4)) });

describe('answerClientError', () => {
  it.each([
    ['HPE_HEADER_OVERFLOW', 431, /16 KB/],
    ['ERR_HTTP_REQUEST_TIMEOUT', 408, /not received in time/],
    ['HPE_INVALID_METHOD', 400, /not valid HTTP/],
  ])('%s → %i problem+json, then the connection closes', (code, status, detail) => {
    const s = socket();
    answerClientError(error(code), s as unknown as Socket);
    const { head, body } = parse(s.written);
    expect(head).toMatch(new RegExp(`^HTTP/1.1 ${status} `));
    expect(head).toMatch(/Content-Type: application\/problem\+json; charset=utf-8/);
    expect(head).toMatch(new RegExp(`Content-Length: ${Buffer.byteLength(s.written.slice(s.written.indexOf('\r\n\r\n') + 4))}`));
    expect(body).toEqual({ type: expect.stringContaining('https://benefit-ledger.dev/problems/'), title: expect.any(String), status, detail: expect.stringMatching(detail) });
    expect(s.destroyed).toBe(true);
  });

  it('a reset connection, or one that cannot be written, gets nothing written', () => {
    const reset = socket();
    answerClientError(error('ECONNRESET'), reset as unknown as Socket);
    expect(reset.written).toBe('');
    const closed = socket(false);
    answerClientError(error('HPE_HEADER_OVERFLOW'), closed as unknown as Socket);
    expect(closed.written).toBe('');
    expect(closed.destroyed).toBe(true);
  });
});
