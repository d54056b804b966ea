import { RecordedEvent } from '@benefit/event-store';
import { ReadModelTx } from './read-model';

/** The shape every domain event has: a type name and its data. */
export interface DomainEvent {
  type: string;
  data: unknown;
}

/**
 * A domain event as the log hands it over: recorded (stream, revision, position, metadata), with
 * the data of its own type. A union of events gives a union of recorded events, so a projection
 * narrows on `event.type` as a decider does.
 */
export type Recorded<E extends DomainEvent> = E extends DomainEvent ? Omit<RecordedEvent<E['data']>, 'type'> & { type: E['type'] } : never;

/** A projection folds events into read-model rows. Each keeps its own checkpoint. */
export interface Projection {
  readonly name: string;
  /** Tables it owns: dropped and replayed by a rebuild. */
  readonly tables: string[];
  readonly handles: ReadonlySet<string>;
  apply(event: RecordedEvent, tx: ReadModelTx): Promise<void>;
}

/** A projection over the events E: `apply` receives only those, typed. */
export interface ProjectionSpec<E extends DomainEvent> {
  name: string;
  tables: string[];
  handles: readonly E['type'][];
  apply(event: Recorded<E>, tx: ReadModelTx): Promise<void>;
}

/**
 * The projector reads untyped events from the log; this is the one place they become typed. The
 * projector hands a projection only the types in `handles`, and `apply` checks it again, so the
 * narrowing below holds by construction rather than by a cast at every use.
 */
export function defineProjection<E extends DomainEvent>(spec: ProjectionSpec<E>): Projection {
  const handles: ReadonlySet<string> = new Set(spec.handles);
  const isHandled = (event: RecordedEvent): event is RecordedEvent & Recorded<E> => handles.has(event.type);
  return {
    name: spec.name,
    tables: spec.tables,
    handles,
    apply(event, tx) {
      // only a caller that skips the `handles` filter gets here with another type: a bug, never data
      if (!isHandled(event)) throw new Error(`invariant: projection ${spec.name} does not handle ${event.type}`);
      return spec.apply(event, tx);
    },
  };
}
