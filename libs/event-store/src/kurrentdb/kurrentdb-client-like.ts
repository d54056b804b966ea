import {
  AllStreamResolvedEvent,
  AllStreamSubscription,
  AppendResult,
  AppendStreamRequest,
  AppendToStreamOptions,
  EventData,
  MultiAppendResult,
  ReadAllOptions,
  ReadStreamOptions,
  ResolvedEvent,
  SubscribeToAllOptions,
} from '@kurrent/kurrentdb-client';

/**
 * The part of `KurrentDBClient` this adapter calls. The real client satisfies it (checked by
 * `createKurrentDbEventStore`); unit tests pass a hand-written fake.
 */
export interface KurrentDbClientLike {
  appendToStream(streamName: string, events: EventData[], options?: AppendToStreamOptions): Promise<AppendResult>;
  multiStreamAppend(requests: AppendStreamRequest[]): Promise<MultiAppendResult>;
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterableIterator<ResolvedEvent>;
  readAll(options?: ReadAllOptions): AsyncIterableIterator<AllStreamResolvedEvent>;
  subscribeToAll(options?: SubscribeToAllOptions): AllStreamSubscription;
  dispose(): Promise<void>;
}
