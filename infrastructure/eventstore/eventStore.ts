import type { Observable } from 'rxjs';

/**
 * The event store port. Adapters: SQLite (embedded default, `sqlite/`), EventStoreDB (`esdb/`).
 * One contract suite (tests/contract/eventstore) runs against every adapter.
 *
 * Revisions and positions are bigint in memory and decimal strings on the wire and in read models.
 */

/** Revision of the last event in a stream; a stream with no events has none (see `NO_STREAM`). */
export type StreamRevision = bigint;

/**
 * Global position of an event in `$all`. Strictly increasing in commit order; the SQLite
 * adapter's positions are gap-free (1, 2, 3, ...), EventStoreDB's are not (they encode the log
 * position). Treat as opaque and ordered.
 */
export type GlobalPosition = bigint;

/** Position meaning "before the first event": reading or subscribing after it yields everything. */
export const START: GlobalPosition = 0n;

export const NO_STREAM = 'no_stream' as const;
export const STREAM_EXISTS = 'stream_exists' as const;
/**
 * Expected state of the stream for an append. There is deliberately no "any": every append
 * states what it expects, which gives optimistic concurrency *and* guaranteed idempotency
 * (EventStoreDB only guarantees id-based dedup for non-ANY appends).
 */
export type ExpectedRevision = typeof NO_STREAM | typeof STREAM_EXISTS | StreamRevision;

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type EventMetadata = Readonly<Record<string, JsonValue | undefined>>;

export type EventToAppend = Readonly<{
  /** UUID. Derive it deterministically from the command id so retries are deduplicated. */
  id: string;
  type: string;
  data: JsonValue;
  metadata?: EventMetadata;
}>;

export type RecordedEvent = Readonly<{
  id: string;
  type: string;
  streamName: string;
  /** 0-based revision of this event within its stream. */
  revision: StreamRevision;
  position: GlobalPosition;
  data: JsonValue;
  metadata: EventMetadata;
  /** When the store recorded it (store clock). Business time lives in metadata.now. */
  created: Date;
}>;

export type AppendResult = Readonly<{
  /** Revision of the last event now in the stream: pass it as the next expected revision. */
  nextExpectedRevision: StreamRevision;
  /** Global position of the last event written (or of the already-present event on an idempotent retry). */
  position: GlobalPosition;
}>;

export type AppendOptions = Readonly<{ expectedRevision: ExpectedRevision }>;

export type Direction = 'forwards' | 'backwards';

export type ReadStreamOptions = Readonly<{
  /** Inclusive. Defaults to 0n forwards and to the last event backwards. */
  fromRevision?: StreamRevision;
  direction?: Direction;
  maxCount?: number;
}>;

export type ReadAllOptions = Readonly<{
  /**
   * Exclusive for forwards reads: events strictly *after* this position (START = from the
   * beginning). For backwards reads, events strictly before it (omit = from the end).
   */
  after?: GlobalPosition;
  direction?: Direction;
  maxCount?: number;
  filter?: EventFilter;
}>;

export type EventFilter = Readonly<{
  streamPrefixes?: readonly string[];
  eventTypes?: readonly string[];
}>;

export type SubscribeOptions = Readonly<{
  /** Deliver events strictly after this position (START = everything). */
  after?: GlobalPosition;
  filter?: EventFilter;
  /** Events per batch (default 500). */
  batchSize?: number;
  /**
   * Backpressure: at most this many delivered-but-unacknowledged batches (default 2). The
   * producer stops reading until the consumer calls `ack()` on a batch.
   */
  maxUnacked?: number;
}>;

/**
 * One delivery of a catch-up subscription. `position` is the position to resume after once the
 * batch is applied; with a filter it may be past the last event in `events` (filtered-out events
 * still advance the checkpoint, so a projection never re-scans them).
 */
export type SubscriptionBatch = Readonly<{
  events: readonly RecordedEvent[];
  position: GlobalPosition;
  /** True when this batch reaches the end of the log as it was when read: the subscription is now live. */
  caughtUp: boolean;
  /** Tell the producer this batch is processed; it may then read further. Idempotent. */
  ack: () => void;
}>;

export type StreamMetadata = Readonly<{
  maxAge?: number;
  maxCount?: number;
  truncateBefore?: StreamRevision;
  custom?: Readonly<Record<string, JsonValue>>;
}>;

export interface EventStore {
  append(streamName: string, events: readonly EventToAppend[], options: AppendOptions): Promise<AppendResult>;
  /**
   * True when appends are applied in the order `append` was called, even while earlier ones are
   * still uncommitted (the SQLite group commit's FIFO queue). The command handler then submits a
   * stream's next append with the revision the in-flight ones will produce (optimistic
   * pipelining). Stores that cannot promise it (EventStoreDB: each append is its own gRPC call
   * and may overtake the previous one) get one append per stream at a time.
   */
  readonly orderedAppends?: boolean;
  /** Events of one stream. Throws StreamNotFoundError when the stream does not exist (or was deleted). */
  readStream(streamName: string, options?: ReadStreamOptions): AsyncIterable<RecordedEvent>;
  /** Events of every stream in global order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /**
   * Catch-up subscription to `$all`: first the history after `options.after`, then live events,
   * in global order, as batches with explicit acknowledgement (backpressure). Completes only on
   * unsubscribe or close; errors if the store fails.
   */
  subscribeToAll(options?: SubscribeOptions): Observable<SubscriptionBatch>;
  /** Current revision of a stream, or undefined when it does not exist. */
  streamRevision(streamName: string): Promise<StreamRevision | undefined>;
  /** Last global position written (START when empty). */
  headPosition(): Promise<GlobalPosition>;
  getStreamMetadata(streamName: string): Promise<StreamMetadata | undefined>;
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void>;
  /**
   * Soft delete: the stream reads as not found; appending to it again with NO_STREAM recreates it
   * with revisions continuing after the old ones (EventStoreDB semantics). Events stay in `$all`.
   */
  deleteStream(streamName: string, options: AppendOptions): Promise<void>;
  close(): Promise<void>;
}
