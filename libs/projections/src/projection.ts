import { RecordedEvent } from '@benefit/event-store';
import { ReadModelTx } from './read-model';

/** A projection folds events into read-model rows. Each keeps its own checkpoint. */
export interface Projection {
  name: string;
  /** Tables it owns: dropped and replayed by a rebuild. */
  tables: string[];
  handles: ReadonlySet<string>;
  apply(event: RecordedEvent, tx: ReadModelTx): Promise<void>;
}
