/** The port's expected revision as KurrentDB's stream state, and the server's refusal as the port's error. */
import { ANY, AppendStreamState, NO_STREAM, STREAM_EXISTS, WrongExpectedVersionError } from '@kurrent/kurrentdb-client';
import { ExpectedRevision, StreamWrite, WrongExpectedRevisionError } from '../event-store.port';
import { toSafeNumber } from './positions';

export function toStreamState(expected: ExpectedRevision): AppendStreamState {
  switch (expected) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      if (!Number.isSafeInteger(expected) || expected < 0) throw new RangeError(`expected revision must be a non-negative integer, got ${expected}`);
      return BigInt(expected);
  }
}

function fromStreamState(state: AppendStreamState): ExpectedRevision {
  return typeof state === 'bigint' ? toSafeNumber(state, 'revision') : state;
}

/** A failed expected revision becomes the port's error, naming the write it failed; anything else is returned as is. */
export function mapAppendError(err: unknown, writes: StreamWrite[]): unknown {
  if (!(err instanceof WrongExpectedVersionError)) return err;
  const write = writes.find((w) => w.streamId === err.streamName) ?? (writes.length === 1 ? writes[0] : undefined);
  const streamId = write?.streamId ?? err.streamName;
  const expected: ExpectedRevision = write?.expected ?? fromStreamState(err.expectedState);
  const actual = err.actualState === NO_STREAM ? -1 : toSafeNumber(err.actualState, 'revision');
  return new WrongExpectedRevisionError(streamId, expected, actual);
}
