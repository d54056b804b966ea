/**
 * Phase `largeLog`: on a large generated log (5M events / 1M claims with `--full`), the dry-run
 * re-settlement of every claim, and a rebuild of every projection in a child process with its peak RSS.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SqliteEventStore } from '@benefit/event-store';
import { Measured } from '../figures';
import { measureResettle, rebuildInChild, writeLargeLog } from '../large-log';
import { Profiled } from '../measure';
import { summarize } from '../profile';
import { Sizes, eventsPerLargeLogPerson } from '../sizes';
import { progress, removeDir, round, tempDir } from '../util';

export async function measureLargeLogPhase(sizes: Sizes, profiled: Profiled, profileDir: string | null): Promise<Measured> {
  const result = await measureLargeLog(sizes, profiled, profileDir);
  return {
    figures: {
      resettleClaimsPerSec: result.resettle.resettleClaimsPerSec,
      rebuildEventsPerSec: result.rebuild.eventsPerSec,
      rebuildEventsPerSecOneCore: result.rebuild.oneCoreEventsPerSec,
      logReadParseEventsPerSec: result.rebuild.logReadParseEventsPerSec,
      rebuildPeakRssMb: result.rebuild.maxRssMb,
    },
    details: { largeLog: result.details },
  };
}

/**
 * Writes the large log (a fresh temp dir, deleted afterwards), measures the dry-run re-settlement
 * of every claim in it, then rebuilds every projection from it in a child process.
 */
async function measureLargeLog(sizes: Sizes, profiled: Profiled, profileDir: string | null) {
  const dir = tempDir('large-log');
  try {
    const eventsFile = path.join(dir, 'events.db');
    const expected = sizes.largeLogPersons * eventsPerLargeLogPerson(sizes) + 12;
    progress(`large log: writing ${sizes.largeLogPersons.toLocaleString('en-US')} persons × ${sizes.largeLogClaimsPerPerson} claims (${expected.toLocaleString('en-US')} events) through the domain deciders and SqliteEventStore.appendMulti into ${eventsFile}`);
    const store = new SqliteEventStore({ filename: eventsFile });
    let log;
    let resettle;
    try {
      log = await writeLargeLog(store, { persons: sizes.largeLogPersons, claimsPerPerson: sizes.largeLogClaimsPerPerson, group: sizes.largeLogGroup });
      progress(`large log: ${log.events.toLocaleString('en-US')} events (${(log.bytes / 2 ** 30).toFixed(2)} GiB) in ${log.seconds.toFixed(1)} s, ${Math.round(log.eventsPerSec).toLocaleString('en-US')} events/s`);
      progress(`re-settlement dry run over ${log.persons.toLocaleString('en-US')} persons and ${log.claims.toLocaleString('en-US')} claims (each stream read back and folded, then resettleClaims + resettleCredits)`);
      resettle = await profiled('resettle', async () => measureResettle(store, sizes.largeLogPersons));
      progress(
        `re-settlement: resettleClaims ${Math.round(resettle.resettleClaimsPerSec).toLocaleString('en-US')} claims/s (${resettle.resettleSeconds.toFixed(1)} s for ${resettle.claims.toLocaleString('en-US')} claims, ${resettle.changedClaims.toLocaleString('en-US')} change); with reading and folding the streams ${Math.round(resettle.endToEndClaimsPerSec).toLocaleString('en-US')} claims/s`,
      );
    } finally {
      await store.close();
    }
    progress(`rebuild: every projection from ${log.events.toLocaleString('en-US')} events into a fresh read model, in a child process (batches of ${sizes.rebuildBatchSize}): over worker threads (every core but the writer's), on one core, with a worker per core, the sequential Projector, then with the writes discarded`);
    if (profileDir) fs.mkdirSync(profileDir, { recursive: true });
    const rebuild = await rebuildInChild(eventsFile, path.join(dir, 'read-model.db'), sizes.rebuildBatchSize, profileDir);
    if (profileDir) {
      const file = path.join(profileDir, 'rebuild.cpuprofile');
      progress(`profile of the rebuild (child process, whole run): ${file}\n${summarize(JSON.parse(fs.readFileSync(file, 'utf8')), 30)}`);
    }
    const rate = (v: number) => `${Math.round(v).toLocaleString('en-US')} events/s`;
    progress(
      `rebuild: ${rate(rebuild.eventsPerSec)} with ${rebuild.workers} worker thread(s) and the writer on ${rebuild.cores} cores (${rebuild.seconds.toFixed(1)} s), ${rate(rebuild.oneCoreEventsPerSec)} on one core, ` +
        `${rebuild.otherWorkersEventsPerSec === null ? '' : `${rate(rebuild.otherWorkersEventsPerSec)} with ${rebuild.otherWorkers} worker thread(s) beside the writer, `}${rate(rebuild.sequentialEventsPerSec)} sequential (Projector); ` +
        `bound: this log read + parsed ${rate(rebuild.logReadParseEventsPerSec)} (0.8× = ${rate(0.8 * rebuild.logReadParseEventsPerSec)}); ` +
        `the writer thread alone ${rate(rebuild.writerOnlyEventsPerSec)} (busy ${(rebuild.writerBusyMs / 1000).toFixed(1)} s), the workers alone (writes discarded) ${rate(rebuild.writesDiscardedEventsPerSec)}; ` +
        `peak RSS ${rebuild.maxRssMb.toFixed(1)} MB (${rebuild.rssBeforeMb.toFixed(1)} MB before it started)`,
    );
    const perMillion = (perSecond: number) => round(1_000_000 / perSecond, 1);
    return {
      resettle,
      rebuild,
      details: {
        log: { ...log, seconds: round(log.seconds, 1), eventsPerSec: round(log.eventsPerSec), gib: round(log.bytes / 2 ** 30, 2) },
        resettle: {
          ...resettle,
          resettleSeconds: round(resettle.resettleSeconds, 2),
          loadSeconds: round(resettle.loadSeconds, 2),
          resettleClaimsPerSec: round(resettle.resettleClaimsPerSec),
          endToEndClaimsPerSec: round(resettle.endToEndClaimsPerSec),
          /** Measured when the log holds 1,000,000 claims (--full); otherwise extrapolated linearly from this run. */
          secondsFor1MClaims: { measured: resettle.claims >= 1_000_000, resettleClaims: perMillion(resettle.resettleClaimsPerSec), endToEnd: perMillion(resettle.endToEndClaimsPerSec) },
        },
        rebuild: {
          ...rebuild,
          seconds: round(rebuild.seconds, 1),
          eventsPerSec: round(rebuild.eventsPerSec),
          oneCoreEventsPerSec: round(rebuild.oneCoreEventsPerSec),
          oneCoreSeconds: round(rebuild.oneCoreSeconds, 1),
          otherWorkersEventsPerSec: rebuild.otherWorkersEventsPerSec && round(rebuild.otherWorkersEventsPerSec),
          sequentialEventsPerSec: round(rebuild.sequentialEventsPerSec),
          writesDiscardedEventsPerSec: round(rebuild.writesDiscardedEventsPerSec),
          writerOnlyEventsPerSec: round(rebuild.writerOnlyEventsPerSec),
          maxRssEndMb: round(rebuild.maxRssEndMb, 1),
          maxRssMb: round(rebuild.maxRssMb, 1),
          rssBeforeMb: round(rebuild.rssBeforeMb, 1),
          heapUsedAfterMb: round(rebuild.heapUsedAfterMb, 1),
          readModelGib: round(rebuild.readModelBytes / 2 ** 30, 2),
          logReadRawEventsPerSec: round(rebuild.logReadRawEventsPerSec),
          logReadParseEventsPerSec: round(rebuild.logReadParseEventsPerSec),
          /** The RSS target is for 5,000,000 events: met/not met only when the log is that large (--full). */
          rssTargetApplies: log.events >= 5_000_000,
        },
      },
    };
  } finally {
    removeDir(dir);
  }
}
