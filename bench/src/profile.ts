/**
 * CPU profiles of the timed sections only (`--profile <dir>`), through the in-process inspector,
 * and a summary of a .cpuprofile: self and inclusive time per function and self time per file.
 * `node dist/bench/src/profile.js <file.cpuprofile> [top]` prints the summary of a saved profile
 * (also one written by `node --cpu-prof`).
 */
import * as fs from 'node:fs';
import * as inspector from 'node:inspector';
import * as path from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export class SectionProfiler {
  private session: inspector.Session | null = null;

  constructor(private readonly dir: string | null) {}

  get enabled(): boolean {
    return this.dir !== null;
  }

  private post<T>(method: string, params?: object): Promise<T> {
    return new Promise((resolve, reject) => this.session!.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res as T))));
  }

  async start(): Promise<void> {
    if (!this.dir) return;
    if (!this.session) {
      this.session = new inspector.Session();
      this.session.connect();
      await this.post('Profiler.enable');
      await this.post('Profiler.setSamplingInterval', { interval: 200 });
    }
    await this.post('Profiler.start');
  }

  /** Stops the profile and writes `<dir>/<name>.cpuprofile`; returns the file. */
  async stop(name: string): Promise<string | null> {
    if (!this.dir || !this.session) return null;
    const { profile } = await this.post<{ profile: CpuProfile }>('Profiler.stop');
    fs.mkdirSync(this.dir, { recursive: true });
    const file = path.join(this.dir, `${name}.cpuprofile`);
    fs.writeFileSync(file, JSON.stringify(profile));
    return file;
  }

  close(): void {
    this.session?.disconnect();
    this.session = null;
  }
}

const shortUrl = (url: string): string => {
  if (!url) return '(native)';
  const u = url.replace(/^file:\/\//, '');
  const nm = u.lastIndexOf('node_modules/');
  if (nm >= 0) return u.slice(nm + 'node_modules/'.length);
  const dist = u.indexOf('/dist/');
  return dist >= 0 ? u.slice(dist + '/dist/'.length) : u;
};

/** A coarse owner of a sample, to say where the time goes at a glance. */
function areaOf(frame: CallFrame): string {
  const url = frame.url;
  if (!url) {
    const f = frame.functionName;
    if (['run', 'all', 'get', 'exec', 'iterate', 'prepare'].includes(f)) return 'SQLite (better-sqlite3 native)';
    if (f === '(garbage collector)') return 'GC';
    if (f === '(idle)' || f === '(program)') return 'idle/program';
    if (f === 'writev' || f === 'writeUtf8String' || f === 'writeBuffer') return 'socket writes (native)';
    return `native: ${f || '?'}`;
  }
  const u = shortUrl(url);
  if (u.startsWith('libs/')) return u.split('/').slice(0, 2).join('/');
  if (u.startsWith('apps/')) return 'apps/api';
  if (u.startsWith('bench/')) return 'bench (load generator)';
  if (u.startsWith('node:')) return 'node internals';
  if (url.includes('node_modules/')) {
    const parts = u.split('/');
    return parts[0].startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  return u;
}

/** Text summary: top functions by self time, by inclusive time, and files by self time. */
export function summarize(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (n: ProfileNode) => `${n.callFrame.functionName || '(anonymous)'}  ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const self = new Map<string, number>();
  const total = new Map<string, number>();
  const byFile = new Map<string, number>();
  const byArea = new Map<string, number>();
  let all = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i] ?? 0;
    const node = byId.get(profile.samples[i]);
    if (!node) continue;
    all += dt;
    const k = keyOf(node);
    self.set(k, (self.get(k) ?? 0) + dt);
    const file = node.callFrame.url ? shortUrl(node.callFrame.url) : `(${node.callFrame.functionName || 'native'})`;
    byFile.set(file, (byFile.get(file) ?? 0) + dt);
    const area = areaOf(node.callFrame);
    byArea.set(area, (byArea.get(area) ?? 0) + dt);
    const seen = new Set<string>();
    for (let id: number | undefined = node.id; id !== undefined; id = parent.get(id)) {
      const kk = keyOf(byId.get(id)!);
      if (seen.has(kk)) continue;
      seen.add(kk);
      total.set(kk, (total.get(kk) ?? 0) + dt);
    }
  }
  const pct = (v: number) => `${((100 * v) / all).toFixed(1).padStart(5)}%`;
  const list = (m: Map<string, number>, n: number) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${pct(v)}  ${k}`)
      .join('\n');
  return [
    `sampled ${(all / 1000).toFixed(0)} ms`,
    `self time by area:\n${list(byArea, 20)}`,
    `self time by function:\n${list(self, top)}`,
    `inclusive time by function:\n${list(total, top)}`,
    `self time by file:\n${list(byFile, 15)}`,
  ].join('\n');
}

if (require.main === module) {
  const [file, top] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node dist/bench/src/profile.js <file.cpuprofile> [top]\n');
    process.exit(2);
  }
  process.stdout.write(`${summarize(JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile, Number(top ?? 25))}\n`);
}
