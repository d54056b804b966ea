/**
 * Where the metrics are fed from, each at the one place that knows the fact, without the code
 * there knowing of metrics:
 * - the command bus: every command's type, outcome and duration (SubmitClaim's also as the
 *   settlement latency); the bus is wrapped once at boot;
 * - the HTTP server: every problem+json answer by its type (refusals, whoever raised them: the
 *   problem filter, the guard, the rate limit, the body parser), and every request's duration;
 * - the SQLite event log: each group commit's size, through its observer (libs/event-store).
 */
import type { CommandBus, ICommand } from '@nestjs/cqrs';
import type { FastifyInstance } from 'fastify';
import { groupCommits } from '@benefit/event-store';
import { problemOf } from '../common/problem.filter';
import { Metrics } from './metrics';

const OUTCOMES: Record<number, string> = { 400: 'invalid', 401: 'unauthenticated', 403: 'forbidden', 404: 'not_found', 409: 'conflict', 422: 'refused' };

/** ok, or the class of the problem the error becomes (problem.filter.ts decides the status). */
export function outcomeOf(err: unknown): string {
  const status = problemOf(err).status;
  return OUTCOMES[status] ?? (status >= 500 ? 'error' : `http_${status}`);
}

export function instrumentCommandBus(bus: CommandBus, metrics: Metrics): void {
  const execute = bus.execute.bind(bus) as (command: ICommand, context?: unknown) => Promise<unknown>;
  (bus as { execute: unknown }).execute = async (command: ICommand, context?: unknown) => {
    const name = command.constructor.name;
    const started = process.hrtime.bigint();
    const done = (outcome: string) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.commands.inc({ command: name, outcome });
      metrics.commandDuration.observe({ command: name }, seconds);
      if (name === 'SubmitClaimCommand') metrics.settlement.observe({ outcome }, seconds);
    };
    metrics.commandsInFlight.inc({ command: name });
    try {
      const result = await execute(command, context);
      done('ok');
      return result;
    } catch (err) {
      done(outcomeOf(err));
      throw err;
    } finally {
      metrics.commandsInFlight.dec({ command: name });
    }
  };
}

export function instrumentHttp(fastify: FastifyInstance, metrics: Metrics): void {
  fastify.addHook('onSend', (_req, reply, payload, done) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/problem+json') && typeof payload === 'string') {
      try {
        const problem = JSON.parse(payload) as { type?: string; status?: number };
        metrics.problems.inc({ type: String(problem.type ?? 'about:blank').split('/').pop(), status: String(problem.status ?? reply.statusCode) });
      } catch {
        // not JSON after all: nothing to count
      }
    }
    done(null, payload);
  });
  fastify.addHook('onResponse', (req, reply, done) => {
    const route = req.routeOptions?.url ?? 'unmatched';
    metrics.requests.observe({ method: req.method, route, status_class: `${Math.floor(reply.statusCode / 100)}xx` }, reply.elapsedTime / 1000);
    done();
  });
}

/** Feeds group-commit sizes to these metrics; returns how to stop (only if still ours). */
export function observeGroupCommits(metrics: Metrics): () => void {
  const observer = (appends: number, events: number) => {
    metrics.groupCommitAppends.observe(appends);
    metrics.eventsAppended.inc(events);
  };
  groupCommits.observer = observer;
  return () => {
    if (groupCommits.observer === observer) groupCommits.observer = null;
  };
}
