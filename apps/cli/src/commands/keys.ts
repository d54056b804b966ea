/**
 * `keys status | rotate | prune`: the master keys that wrap every person's data key. Rotation
 * re-wraps the data keys (never an event) in batches, resumes where an interrupted run stopped,
 * and is safe while the api runs: the api re-reads the key file when it changes.
 */
import { Progress } from '@benefit/shared';
import { KeyReport, MasterKeys, addKeyToFile, keyReport, openKeyStore, openMasterKeys, pendingOf, prune, rewrapAll } from '@benefit/vault';
import { AppConfig } from '@benefit/runtime';
import { CliError, Command, EXIT_FAILED, EXIT_OK, parseCommandArgs, positiveInt, printer } from '../cli';

const USAGE = 'usage: npm run cli -- keys <status|rotate|prune> [--batch N] [--json]';

function describeReport(r: KeyReport): string[] {
  const lines = [
    `master keys: ${r.where}${r.source === 'env' ? ' (environment)' : ''}`,
    ...r.keys.map((k) => `  ${k.id}${k.current ? ' (current)' : '          '}  wraps ${k.dataKeys} data keys`),
    ...r.unknown.map((u) => `  ${u.id} NOT HELD    wraps ${u.dataKeys} data keys: those persons cannot be read until this key is given back`),
    `erased persons (data key destroyed): ${r.erased}`,
  ];
  return lines;
}

/** What to do once every data key is wrapped by the current key. */
function nextSteps(r: KeyReport): string[] {
  const old = r.keys.filter((k) => !k.current).map((k) => k.id);
  if (old.length === 0) return ['nothing older to remove.'];
  if (r.source === 'file') {
    return [`next: \`npm run cli -- keys prune\` removes ${old.join(', ')} from ${r.where} (safe while the api runs);`, 'then back up the key file again, apart from keys.db.'];
  }
  return [
    `next: no data key needs ${old.join(', ')} any more: set DATA_KEY to the first key alone on every api, projector and cli, and restart them;`,
    '`npm run cli -- keys prune` confirms first that nothing still uses the old key.',
  ];
}

async function rotate(config: AppConfig, keys: MasterKeys, batchSize: number, print: (l?: string) => void): Promise<number> {
  const store = await openKeyStore(config);
  try {
    let report = await keyReport(keys, store);
    if (report.unknown.length) {
      for (const l of describeReport(report)) print(l);
      throw new CliError(`some data keys are wrapped by a master key ${keys.where} does not hold: add it back (as the last DATA_KEY entry or a line of the key file), then rotate again`, EXIT_FAILED);
    }
    const pending = pendingOf(report);
    if (pending > 0) print(`resuming: ${pending} data keys are still wrapped by older keys`);
    else if (keys.source === 'file') {
      const id = addKeyToFile(config.dataDir);
      keys.refresh();
      print(`added master key ${id} in front of ${keys.where}: it wraps every new data key from now on (a running api picks it up by itself)`);
      print('back up the key file now, apart from keys.db: until the rotation ends both keys are needed');
    } else if (report.keys.length === 1) {
      print(`every data key is already wrapped by ${report.current}, the only DATA_KEY entry. To rotate: set DATA_KEY=<new key>,<current key> on every api, projector and cli`);
      print('(a new key: `openssl rand -hex 32`), restart them, then run `npm run cli -- keys rotate` again.');
      return EXIT_OK;
    } else print(`every data key is already wrapped by ${report.current}, the first DATA_KEY entry`);
    print(`re-wrapping data keys under ${keys.ring().current.id}, ${batchSize} per batch (events are not rewritten; interrupt and run again to resume)`);
    const progress = new Progress('rotate', 'data keys');
    const result = await rewrapAll(keys, store, { batchSize, onProgress: (done, total) => progress.update(done, total) }).catch((err: Error) => {
      throw new CliError(`rotation stopped: ${err.message}`, EXIT_FAILED);
    });
    progress.done(result.rewrapped + result.skipped, result.rewrapped + result.skipped);
    print(`re-wrapped ${result.rewrapped} data keys${result.skipped ? ` (${result.skipped} erased or re-wrapped by someone else meanwhile)` : ''} in ${result.passes} pass(es)`);
    report = await keyReport(keys, store);
    for (const l of describeReport(report)) print(l);
    for (const l of nextSteps(report)) print(l);
    return EXIT_OK;
  } finally {
    await store.close();
  }
}

export const keysCommand: Command = {
  name: 'keys',
  synopsis: 'keys <status|rotate|prune> [--batch N]',
  summary: 'the master keys that wrap each person’s data key: status, rotation (re-wrap, resumable), prune',
  help: `${USAGE}

Names and resident ids are sealed with a data key of each person's own; master keys wrap those
data keys. They come from DATA_KEY (comma-separated, current first) or, when it is unset, from
DATA_DIR/master.key; the data keys live in DATA_DIR/keys.db (or KEYSTORE_URL).

  status   each master key with the number of data keys it wraps, and the erased persons
  rotate   with the key file: puts a new master key in front (unless a rotation is unfinished),
           then re-wraps every data key under it. With DATA_KEY: re-wraps under its first entry
           (set DATA_KEY=new,old on every process first). Batches of --batch (default 500),
           each committed: interrupted, run it again and it resumes. No event is rewritten.
           Safe while the api runs.
  prune    removes from the key file the master keys no data key uses any more (never the
           current one, never one in use); with DATA_KEY, names the entries you can remove.
  --json   status as JSON

Exit 0 done, 1 could not run (a data key wrapped by a master key not held), 2 wrong request.`,

  async run(args, ctx) {
    const { positionals, values } = parseCommandArgs('keys', args, { batch: { type: 'string' }, json: { type: 'boolean' } });
    const [action, ...extra] = positionals;
    if (!action || extra.length || !['status', 'rotate', 'prune'].includes(action)) throw new CliError(USAGE);
    const batchSize = values.batch === undefined ? 500 : positiveInt('batch', values.batch, 'keys', { max: 100_000 });
    const print = printer(ctx);
    const keys = openMasterKeys(ctx.config);
    if (action === 'rotate') return rotate(ctx.config, keys, batchSize, print);
    const store = await openKeyStore(ctx.config);
    try {
      if (action === 'status') {
        const report = await keyReport(keys, store);
        if (values.json) print(JSON.stringify({ ...report, pending: pendingOf(report) }, null, 2));
        else {
          for (const l of describeReport(report)) print(l);
          const pending = pendingOf(report);
          if (pending) print(`a rotation is unfinished: ${pending} data keys are wrapped by older keys; \`npm run cli -- keys rotate\` resumes it`);
        }
        return report.unknown.length ? EXIT_FAILED : EXIT_OK;
      }
      const result = await prune(keys, store, ctx.config.dataDir);
      for (const k of result.inUse) print(`kept ${k.id}: it still wraps ${k.dataKeys} data keys (finish the rotation: \`npm run cli -- keys rotate\`)`);
      if (result.unused.length === 0) print('no master key to remove: every key but the current one is still in use, or there is none');
      else if (keys.source === 'file') print(`removed ${result.unused.join(', ')} from ${keys.where}: back up the key file again; old backups of it still hold the removed keys`);
      else {
        const entries = result.unused.map((id) => `${id} (DATA_KEY entry ${keys.ring().ids.indexOf(id) + 1})`);
        print(`no data key uses ${entries.join(', ')}: remove ${result.unused.length > 1 ? 'them' : 'it'} from DATA_KEY on every api, projector and cli, and restart them`);
      }
      return EXIT_OK;
    } finally {
      await store.close();
    }
  },
};
