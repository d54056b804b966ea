/**
 * The figures readiness and /metrics share: the log head, where the projections are, where the
 * relay is, each as a distance in events and in seconds (the age of the oldest event not yet
 * applied or published; 0 when caught up). Read when asked, from the store, the projector (or the
 * read model's checkpoints when a projector process runs them) and the relay's checkpoint file.
 */
import { Inject, Injectable } from '@nestjs/common';
import * as fs from 'node:fs';
import { EventStore } from '@benefit/event-store';
import { ALL_PROJECTIONS } from '@benefit/projections';
import { Storage } from '@benefit/runtime';
import { STORAGE } from '../infrastructure/storage.module';
import { EVENT_STORE } from '../infrastructure/tokens';
import { HEALTH_SETTINGS, HealthSettings } from './health-settings';

export interface Lag {
  head: number;
  position: number;
  lagEvents: number;
  lagSeconds: number;
}

export interface ProjectionLag extends Lag {
  byProjection: Record<string, number>;
}

export interface RelayLag extends Lag {
  checkpointFile: string;
  /** When the relay last stored its checkpoint (null: it never did). */
  updatedAt: string | null;
}

@Injectable()
export class LagProbe {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(STORAGE) private readonly storage: Storage,
    @Inject(HEALTH_SETTINGS) readonly settings: HealthSettings,
  ) {}

  head(): Promise<number> {
    return this.store.headPosition();
  }

  async projections(head?: number): Promise<ProjectionLag> {
    const byProjection: Record<string, number> = {};
    for (const p of ALL_PROJECTIONS) {
      byProjection[p.name] = this.storage.projector ? this.storage.projector.checkpointOf(p.name) : await this.storage.readModel.checkpoint(p.name);
    }
    const position = Math.min(...Object.values(byProjection));
    return { ...(await this.lag(position, head)), byProjection };
  }

  /** null when no relay is deployed beside this api (health-settings.ts). */
  async relay(head?: number): Promise<RelayLag | null> {
    const relay = this.settings.relay;
    if (!relay) return null;
    let position = 0;
    let updatedAt: string | null = null;
    try {
      const stored = JSON.parse(await fs.promises.readFile(relay.checkpointFile, 'utf8')) as { position?: unknown; updatedAt?: unknown };
      if (typeof stored.position === 'number') position = stored.position;
      if (typeof stored.updatedAt === 'string') updatedAt = stored.updatedAt;
    } catch (err) {
      // no file yet: the relay has published nothing, which is a lag like any other
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    }
    return { ...(await this.lag(position, head)), checkpointFile: relay.checkpointFile, updatedAt };
  }

  private async lag(position: number, knownHead?: number): Promise<Lag> {
    const head = knownHead ?? (await this.store.headPosition());
    if (position >= head) return { head, position, lagEvents: 0, lagSeconds: 0 };
    const [oldest] = await this.store.readAll({ after: position, maxCount: 1 });
    const lagSeconds = oldest ? Math.max(0, (Date.now() - Date.parse(oldest.metadata.recordedAt)) / 1000) : 0;
    return { head, position, lagEvents: head - position, lagSeconds: Math.round(lagSeconds * 1000) / 1000 };
  }
}
