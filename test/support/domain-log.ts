/**
 * The domain log as the tests that check "nothing recorded" mean it: every event but the recorded
 * reads (PersonDataRead). Reads of a person's data append to the log themselves (the access log),
 * so a test that reads between two looks at the log would otherwise count its own reads.
 * Read from the store directly: reading GET /v1/events would record one more read.
 */
import { PERSON_DATA_READ } from '@benefit/domain';
import { EventStore, RecordedEvent } from '@benefit/event-store';
import { EVENT_STORE } from '../../apps/api/src/infrastructure/tokens';
import { TestApp } from './e2e';

/** Every event of the log but the recorded reads, oldest first. */
export async function domainEvents(t: TestApp): Promise<RecordedEvent[]> {
  const store = t.app.get<EventStore>(EVENT_STORE);
  const out: RecordedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await store.readAll({ after, maxCount: 1000 });
    if (page.length === 0) return out;
    out.push(...page.filter((e) => e.type !== PERSON_DATA_READ));
    after = page[page.length - 1].position;
  }
}

/** The position of the last event that is not a recorded read (0 when none). */
export async function domainHead(t: TestApp): Promise<number> {
  const events = await domainEvents(t);
  return events.length ? events[events.length - 1].position : 0;
}
