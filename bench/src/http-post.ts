/**
 * One request of the bench's keep-alive HTTP clients (a claim, or GET /health with a null body),
 * its whole answer as text. A module of its own: the client files are worker entries that start
 * their run when loaded, so they cannot import each other.
 */
import * as http from 'node:http';

export function post(agent: http.Agent, port: number, token: string, body: string | null): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const options: http.RequestOptions =
      body === null
        ? { host: '127.0.0.1', port, method: 'GET', path: '/health', agent }
        : { host: '127.0.0.1', port, method: 'POST', path: '/v1/claims', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), authorization: `Bearer ${token}` } };
    const req = http.request(
      options,
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}
