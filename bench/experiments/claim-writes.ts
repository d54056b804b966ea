/**
 * `node dist/bench/experiments/claim-writes.js [--json]`: the SQL one claim costs, with no application code.
 * Evidence for docs/benchmarks.md ("Targets: met or not"), not part of `npm run bench`.
 *
 * Plain better-sqlite3 on the adapters' own files and schemas (WAL, synchronous=NORMAL), with the
 * statements SubmitClaim causes on the bus, counted there per claim: two event inserts (the real
 * ~2.2 KB ClaimAdjudicated of a decided claim and its KeyReserved), then in the read model one
 * claim row holding that JSON, three counter upserts, two ledger upserts, the claim's ledger
 * month, the person's version and, for every other claim, an account entry and balance. Claims go
 * in groups of 64, one transaction per group and file, as group commit and the projector batch
 * them. The JSON is stringified on append and parsed once for the projections, as in the app.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as path from 'node:path';
import { claimDecider, enrollmentDecider, evolvePerson, initialPersonState } from '@benefit/domain';
import { EVENTS_SCHEMA } from '@benefit/event-store';
import { Claim } from '@benefit/policy';
import { SqliteReadModel } from '@benefit/projections';
import { claimBody, personIdOf, registration } from '../src/fixtures';
import { WRITTEN_UNDER } from '../src/large-log';
import { nowMs, perSec, progress, removeDir, round, tempDir } from '../src/util';

const GROUP = 64;

/** A decided ClaimAdjudicated of an in-service Nanchong employee: the payload the bus writes. */
function decidedClaimData(): { claim: { claimId: string; personId: string } } & Record<string, unknown> {
  const register = { type: 'RegisterPatient' as const, data: registration(personIdOf(0), 0) };
  const state = enrollmentDecider.decide(register, initialPersonState()).reduce(evolvePerson, initialPersonState());
  const [adjudicated] = claimDecider.decide({ type: 'SubmitClaim', data: claimBody('CW-0', personIdOf(0), 0) as Claim }, state, { params: WRITTEN_UNDER, today: '2026-11-22' });
  return adjudicated.data as never;
}

function runOnce(claims: number): { claimsPerSec: number; cpuUsPerClaim: number } {
  const dir = tempDir('claim-writes');
  const events = new Database(path.join(dir, 'events.db'));
  new SqliteReadModel(path.join(dir, 'readmodel.db')).closeSync(); // the read model's schema, then raw SQL on it
  const rm = new Database(path.join(dir, 'readmodel.db'));
  try {
    for (const db of [events, rm]) {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = NORMAL');
    }
    events.exec(EVENTS_SCHEMA);
    const sample = decidedClaimData();
    const s = {
      event: events.prepare('INSERT INTO events (stream_id, revision, type, data, metadata, event_id, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      claim: rm.prepare('INSERT INTO claims (claim_id, person_id, region_code, position, recorded_at, adjudicated) VALUES (?, ?, ?, ?, ?, ?)'),
      counter: rm.prepare('INSERT INTO counters (person_id, year, key, used_fen, limit_fen) VALUES (?, 2023, ?, 1, NULL) ON CONFLICT (person_id, year, key) DO UPDATE SET used_fen = used_fen + 1'),
      ledger: rm.prepare("INSERT INTO ledger (region_code, month, payer, institution_id, amount_fen, claims) VALUES ('nanchong', '2023-05', ?, ?, 1, 1) ON CONFLICT (region_code, month, payer, institution_id) DO UPDATE SET amount_fen = amount_fen + 1, claims = claims + 1"),
      ledgerMonth: rm.prepare("INSERT OR REPLACE INTO claim_ledger_months (claim_id, month) VALUES (?, '2023-05')"),
      version: rm.prepare('UPDATE persons SET version = ? WHERE person_id = ?'),
      entry: rm.prepare("INSERT INTO account_entries (person_id, position, month, kind, amount_fen, reference) VALUES (?, ?, '2023-05', 'claim_payment', -1, ?)"),
      balance: rm.prepare('INSERT INTO account_balances (person_id, balance_fen) VALUES (?, -1) ON CONFLICT (person_id) DO UPDATE SET balance_fen = balance_fen - 1'),
    };
    const person = rm.prepare("INSERT INTO persons (person_id, region_code, scheme, version, doc) VALUES (?, 'nanchong', 'employee', 0, ?)");
    rm.transaction(() => {
      for (let i = 0; i < 2_000; i++) person.run(personIdOf(i), JSON.stringify(registration(personIdOf(i), i)));
    }).immediate();
    const revisions = new Map<string, number>();
    const cpu0 = process.cpuUsage();
    const started = nowMs();
    let position = 0;
    for (let from = 0; from < claims; from += GROUP) {
      const written: { json: string; claimId: string; personId: string; position: number }[] = [];
      events.transaction(() => {
        for (let k = from; k < Math.min(from + GROUP, claims); k++) {
          const personId = personIdOf(k % 2_000);
          const claimId = `CW-${k}`;
          const json = JSON.stringify({ ...sample, claim: { ...sample.claim, claimId, personId } });
          const metadata = () => JSON.stringify({ eventId: randomUUID(), correlationId: randomUUID(), causationId: null, actor: 'bench' });
          const revision = (revisions.get(personId) ?? -1) + 1;
          revisions.set(personId, revision);
          s.event.run(`claim-${claimId}`, 0, 'KeyReserved', JSON.stringify({ key: claimId, personId, requestHash: randomUUID() }), metadata(), randomUUID(), 't');
          s.event.run(`person-${personId}`, revision, 'ClaimAdjudicated', json, metadata(), randomUUID(), 't');
          written.push({ json, claimId, personId, position: (position += 2) });
        }
      }).immediate();
      rm.transaction(() => {
        for (const w of written) {
          const data = JSON.parse(w.json) as { claim: { institutionId: string } };
          s.claim.run(w.claimId, w.personId, 'nanchong', w.position, 't', w.json);
          for (const key of ['outpatient_pooling_deductible', 'outpatient_pooling_paid', 'personal_burden']) s.counter.run(w.personId, key);
          for (const payer of ['basic_pooling', 'self_pay']) s.ledger.run(payer, data.claim.institutionId);
          s.ledgerMonth.run(w.claimId);
          s.version.run(w.position, w.personId);
          if (w.position % 4 === 0) {
            s.entry.run(w.personId, w.position, w.claimId);
            s.balance.run(w.personId);
          }
        }
      }).immediate();
    }
    const ms = nowMs() - started;
    const cpu = process.cpuUsage(cpu0);
    return { claimsPerSec: perSec(claims, ms), cpuUsPerClaim: (cpu.user + cpu.system) / claims };
  } finally {
    events.close();
    rm.close();
    removeDir(dir);
  }
}

function main(): void {
  const claims = process.argv.includes('--quick') ? 3_000 : 15_000;
  runOnce(1_000); // warm-up (JIT)
  // best of three: the machine may be busy with other work, a ceiling is the best it did
  const rounds = [runOnce(claims), runOnce(claims), runOnce(claims)];
  const best = rounds.reduce((a, b) => (b.claimsPerSec > a.claimsPerSec ? b : a));
  progress(`claim writes without application code: ${Math.round(best.claimsPerSec).toLocaleString('en-US')} claims/s, ${round(best.cpuUsPerClaim, 1)} µs of CPU per claim (best of 3 × ${claims})`);
  if (process.argv.includes('--json')) process.stdout.write(`${JSON.stringify({ claims, best, rounds })}\n`);
}

main();
