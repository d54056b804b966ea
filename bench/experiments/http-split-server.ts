/**
 * The HTTP half of the http-split prototype (bench/experiments/http-split.ts), run in a worker
 * thread: a bare Fastify server on 127.0.0.1 whose `POST /v1/claims` parses the JSON body, checks
 * the bearer token by string equality (a stand-in for the access guard), and posts
 * `{ id, body }` to the main thread over a MessagePort (B: one message each; B2: the requests
 * of one event-loop turn in one message); the main thread (the single writer) submits the claim
 * through the CommandBus and posts back `{ id, status, view }` or `{ id, status, problem }`
 * (B2: batched likewise), which this thread sends as JSON. Nothing else of the real route runs
 * here: see the corners cut in http-split.ts.
 */
import * as fs from 'node:fs';
import { MessagePort, parentPort, workerData } from 'node:worker_threads';
import Fastify, { FastifyReply } from 'fastify';

export interface SplitServerInput {
  /** The whole Authorization header a request must carry (`Bearer <issued token>`). */
  authorization: string;
  /** Requests out, answers in. */
  port: MessagePort;
  /**
   * B2: the requests of one event-loop turn go in one message (an array), flushed on setImmediate,
   * and the main thread answers likewise; B: one message per request and per answer.
   */
  batch: boolean;
}

/** What the main thread answers for request `id`. */
export interface SplitAnswer {
  id: number;
  status: number;
  view?: unknown;
  problem?: { title: string; detail: string };
}

async function serve({ authorization, port, batch }: SplitServerInput): Promise<void> {
  const pending = new Map<number, FastifyReply>();
  let nextId = 0;
  const answer = (a: SplitAnswer) => {
    const reply = pending.get(a.id);
    if (!reply) return;
    pending.delete(a.id);
    if (a.problem) reply.code(a.status).type('application/problem+json').send(a.problem);
    else reply.code(a.status).send(a.view);
  };
  port.on('message', (m: SplitAnswer | SplitAnswer[]) => (Array.isArray(m) ? m.forEach(answer) : answer(m)));
  let queue: { id: number; body: unknown }[] = [];
  const flush = () => {
    const q = queue;
    queue = [];
    port.postMessage(q);
  };
  const send = batch
    ? (m: { id: number; body: unknown }) => {
        if (queue.push(m) === 1) setImmediate(flush);
      }
    : (m: { id: number; body: unknown }) => port.postMessage(m);
  const server = Fastify({ bodyLimit: 1024 * 1024 });
  server.post('/v1/claims', (req, reply) => {
    if (req.headers.authorization !== authorization) {
      reply.code(401).type('application/problem+json').send({ title: 'Unauthorized', detail: 'a valid bearer token is required' });
      return reply;
    }
    const id = nextId++;
    pending.set(id, reply);
    send({ id, body: req.body });
    return reply;
  });
  await server.listen({ host: '127.0.0.1', port: 0 });
  // this thread's id, so the main thread can read its CPU time from /proc
  const tid = Number(fs.readlinkSync('/proc/thread-self').split('/').pop());
  parentPort!.postMessage({ listening: (server.server.address() as { port: number }).port, tid });
}

if (parentPort) {
  serve(workerData as SplitServerInput).catch((err: Error) => parentPort!.postMessage({ error: err.stack ?? String(err) }));
}
