/**
 * Scheduled online backups (issue 16), by setting:
 * - BACKUP_DIR: where they go, one directory per backup named by its UTC instant;
 * - BACKUP_INTERVAL_MINUTES (default 1440, 1–10080): how often, the first one an interval after start;
 * - BACKUP_KEEP (default 14): how many finished backups stay; older ones are removed.
 * Each backup is `npm run cli -- backup <dir>` run as a child process (dist/apps/cli): the copy, the
 * checksum and the replay for the ledger totals take a core of their own, never this event loop,
 * and it needs no lock on DATA_DIR. Outcomes go to the log and to /metrics
 * (benefit_backup_last_success_timestamp_seconds, benefit_backup_failures_total).
 */
import { Inject, Injectable, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Logger } from 'pino';
import { AppConfig } from '@benefit/runtime';
import { backupName, pruneBackups } from '@benefit/runtime/backup';
import { APP_CONFIG, LOGGER } from '../infrastructure/tokens';
import { METRICS } from '../metrics/metrics.module-tokens';
import { Metrics } from '../metrics/metrics';

export interface BackupSchedule {
  dir: string;
  intervalMinutes: number;
  keep: number;
}

/** null when BACKUP_DIR is unset; throws naming each bad value. */
export function backupSchedule(env: NodeJS.ProcessEnv, config: AppConfig): BackupSchedule | null {
  if (!env.BACKUP_DIR) return null;
  const problems: string[] = [];
  const whole = (name: string, fallback: number, max: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > max) problems.push(`${name} must be a whole number from 1 to ${max}, got "${raw}"`);
    return Number(raw);
  };
  const schedule = { dir: path.resolve(env.BACKUP_DIR), intervalMinutes: whole('BACKUP_INTERVAL_MINUTES', 1440, 10_080), keep: whole('BACKUP_KEEP', 14, 10_000) };
  if (config.eventStoreUrl) problems.push('BACKUP_DIR backs up the embedded log; the log is in KurrentDB (EVENTSTORE_CONNECTION_STRING): use its own backups');
  if (problems.length) throw new Error(`invalid backup settings:\n  ${problems.join('\n  ')}`);
  return schedule;
}

/** The built CLI beside this api (dist/apps/cli/src/main.js). */
const CLI_MAIN = path.resolve(__dirname, '..', '..', '..', 'cli', 'src', 'main.js');

@Injectable()
export class BackupScheduler implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly schedule: BackupSchedule | null;
  private timer: NodeJS.Timeout | null = null;
  private running: { child: ChildProcess; dir: string } | null = null;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(LOGGER) private readonly logger: Logger,
    @Inject(METRICS) private readonly metrics: Metrics,
  ) {
    this.schedule = backupSchedule(process.env, config);
  }

  onApplicationBootstrap(): void {
    if (!this.schedule) return;
    this.logger.info({ backupDir: this.schedule.dir, everyMinutes: this.schedule.intervalMinutes, keep: this.schedule.keep }, 'scheduled backups');
    this.timer = setInterval(() => void this.runOnce(), this.schedule.intervalMinutes * 60_000);
    this.timer.unref();
  }

  /** One backup now (skipped while the previous one still runs); resolves when it has ended. */
  runOnce(): Promise<boolean> {
    const schedule = this.schedule;
    if (!schedule || this.running) return Promise.resolve(false);
    fs.mkdirSync(schedule.dir, { recursive: true, mode: 0o700 });
    const dir = path.join(schedule.dir, backupName(new Date()));
    const started = Date.now();
    const child = spawn(process.execPath, [CLI_MAIN, 'backup', dir, '--json'], { env: { ...process.env, DATA_DIR: this.config.dataDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    this.running = { child, dir };
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (out += d));
    return new Promise((resolve) => {
      let ended = false;
      const end = (ok: boolean, detail: Record<string, unknown>) => {
        if (ended) return; // 'error' may be followed by 'close'
        ended = true;
        this.running = null;
        if (ok) {
          this.metrics.backupLastSuccess.set(Date.now() / 1000);
          this.metrics.backupDuration.set((Date.now() - started) / 1000);
          const removed = pruneBackups(schedule.dir, schedule.keep);
          this.logger.info({ dir, ms: Date.now() - started, removed, ...detail }, 'backup written');
        } else {
          this.metrics.backupFailures.inc();
          fs.rmSync(dir, { recursive: true, force: true });
          this.logger.error({ dir, ...detail }, 'scheduled backup failed: see output; the previous backups are kept');
        }
        resolve(ok);
      };
      child.once('error', (err) => end(false, { err }));
      child.once('close', (code) => {
        if (code !== 0) return end(false, { code, output: out.slice(-2000) });
        const last = out.trim().split('\n').pop() ?? '';
        try {
          end(true, JSON.parse(last) as Record<string, unknown>);
        } catch {
          end(true, {});
        }
      });
    });
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
    // an unfinished backup has no manifest and is removed when its process ends
    this.running?.child.kill('SIGTERM');
  }
}
