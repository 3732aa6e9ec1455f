import { EventStoreDBClient, NO_STREAM as ESDB_NO_STREAM, type Position } from '@eventstore/db-client';
import {
  ConcurrencyError,
  DuplicateEventIdError,
  InvalidAppendError,
  StoreUnavailableError,
  StreamNotFoundError,
} from '../errors.js';
import {
  NO_STREAM,
  STREAM_EXISTS,
  type AppendOptions,
  type AppendResult,
  type EventStore,
  type EventToAppend,
  type ExpectedRevision,
  type StreamMetadata,
} from '../eventStore.js';
import { mapError, mapWriteError } from './errorMapping.js';
import { headPosition, rawHead, readAll, readStream, streamRevision } from './esdbReads.js';
import { assertBigint, assertRevision, encodePosition } from './position.js';
import { isSystemStream, toEventData } from './recordedEvent.js';
import { fromEsdbMetadata, toEsdbMetadata } from './streamMetadata.js';
import { subscribeToAll } from './subscription.js';

export type EsdbEventStoreOptions = Readonly<{
  /** e.g. `esdb://localhost:2113?tls=false` */
  connectionString: string;
  /**
   * How many events before the expected revision are checked for the ids being appended (default
   * 64; 0 turns the check off). EventStoreDB deduplicates a retry that sits right after the same
   * expected revision, but it happily writes the same ids again at the *current* end of the
   * stream, e.g. when a command is re-decided after re-reading its own earlier write. The port
   * wants that rejected (DuplicateEventIdError); this bounded look-back costs one extra read per
   * append to an existing stream and catches reuse within the window only.
   */
  idReuseWindow?: number;
}>;

/** Throws DuplicateEventIdError when one of the ids sits at or before `expected` (within the window). */
async function checkIdReuse(
  client: EventStoreDBClient,
  streamName: string,
  events: readonly EventToAppend[],
  expected: bigint,
  window: number,
) {
  if (window <= 0) return;
  const ids = new Set(events.map((e) => e.id));
  try {
    for await (const recorded of readStream(client, streamName, { direction: 'backwards', fromRevision: expected, maxCount: window })) {
      if (ids.has(recorded.id)) throw new DuplicateEventIdError(recorded.id, streamName);
    }
  } catch (error) {
    // A missing stream cannot hold the ids; the append itself reports the wrong expectation.
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
}

function checkAppend(streamName: string, events: readonly EventToAppend[], expected: ExpectedRevision) {
  if (streamName.length === 0 || isSystemStream(streamName)) {
    // `$` streams belong to EventStoreDB and are hidden from readAll/subscriptions.
    throw new InvalidAppendError(`invalid stream name ${JSON.stringify(streamName)}`);
  }
  if (events.length === 0) throw new InvalidAppendError(`append to ${streamName} without events`);
  if (new Set(events.map((e) => e.id)).size !== events.length) {
    throw new InvalidAppendError(`append to ${streamName} repeats an event id`);
  }
  if (typeof expected === 'bigint' ? expected < 0n : expected !== NO_STREAM && expected !== STREAM_EXISTS) {
    throw new InvalidAppendError(`invalid expected revision ${String(expected)} for ${streamName}`);
  }
}

/**
 * EventStoreDB adapter of the event-store port, on `@eventstore/db-client` 6.x. Every append
 * states an expected revision (never ANY), so the server deduplicates retried appends by event
 * id. Positions: see position.ts.
 */
export async function openEsdbEventStore(options: EsdbEventStoreOptions): Promise<EventStore> {
  const client = EventStoreDBClient.connectionString(options.connectionString);
  const openSubscriptions = new Set<() => void>();
  let closed = false;

  /**
   * The server answers (commit = log position of the LAST event, prepare = of the FIRST); events
   * written over gRPC sit at (p, p), so the last event's own `$all` position is (commit, commit).
   * Servers that answer an idempotent retry without a position get the event read back.
   */
  async function appendedPosition(streamName: string, revision: bigint, position: Position | undefined) {
    if (position) {
      const commit = assertBigint(position.commit, 'commit position');
      return encodePosition({ commit, prepare: commit });
    }
    for await (const event of readStream(client, streamName, { fromRevision: revision, maxCount: 1 })) return event.position;
    throw new StoreUnavailableError(`EventStoreDB returned no position for ${streamName}@${revision}`);
  }

  const ensureOpen = () => {
    if (closed) throw new StoreUnavailableError('event store is closed');
  };

  const store: EventStore = {
    async append(streamName, events, { expectedRevision }: AppendOptions): Promise<AppendResult> {
      ensureOpen();
      checkAppend(streamName, events, expectedRevision);
      const data = events.map((event) => toEventData(streamName, event));
      try {
        if (typeof expectedRevision === 'bigint') {
          await checkIdReuse(client, streamName, events, expectedRevision, options.idReuseWindow ?? 64);
        }
        const result = await client.appendToStream(streamName, data, { expectedRevision });
        const nextExpectedRevision = assertRevision(result.nextExpectedRevision);
        return { nextExpectedRevision, position: await appendedPosition(streamName, nextExpectedRevision, result.position) };
      } catch (error) {
        throw mapWriteError(error, streamName, expectedRevision);
      }
    },

    readStream(streamName, readOptions) {
      ensureOpen();
      return readStream(client, streamName, readOptions);
    },

    readAll(readOptions) {
      ensureOpen();
      return readAll(client, readOptions);
    },

    subscribeToAll(subscribeOptions) {
      ensureOpen();
      const track = (complete: () => void) => {
        openSubscriptions.add(complete);
        return () => openSubscriptions.delete(complete);
      };
      return subscribeToAll({ client, rawHead: () => rawHead(client), track }, subscribeOptions);
    },

    async streamRevision(streamName) {
      ensureOpen();
      return streamRevision(client, streamName);
    },

    async headPosition() {
      ensureOpen();
      return headPosition(client);
    },

    async getStreamMetadata(streamName) {
      ensureOpen();
      try {
        const result = await client.getStreamMetadata(streamName);
        return result.metadata ? fromEsdbMetadata(result.metadata) : undefined;
      } catch (error) {
        throw mapError(error);
      }
    },

    async setStreamMetadata(streamName, metadata: StreamMetadata) {
      ensureOpen();
      const esdbMetadata = toEsdbMetadata(metadata);
      try {
        // The metastream is written with ANY: metadata is last-writer-wins and carries no
        // business events, so there is no idempotency to protect.
        await client.setStreamMetadata(streamName, esdbMetadata);
      } catch (error) {
        throw mapError(error);
      }
    },

    async deleteStream(streamName, { expectedRevision }: AppendOptions) {
      ensureOpen();
      let expected: bigint | typeof ESDB_NO_STREAM;
      if (expectedRevision === STREAM_EXISTS) {
        // The v6 client cannot send STREAM_EXISTS for deletes; pin the current revision instead.
        // A concurrent append in between turns into a ConcurrencyError, which is the safe side.
        const current = await streamRevision(client, streamName);
        if (current === undefined) throw new ConcurrencyError(streamName, expectedRevision, undefined);
        expected = current;
      } else expected = expectedRevision === NO_STREAM ? ESDB_NO_STREAM : expectedRevision;
      try {
        await client.deleteStream(streamName, { expectedRevision: expected });
      } catch (error) {
        throw mapWriteError(error, streamName, expectedRevision);
      }
    },

    async close() {
      if (closed) return;
      closed = true;
      for (const complete of [...openSubscriptions]) complete();
      await client.dispose();
    },
  };
  return store;
}
