import {
  BACKWARDS,
  END,
  FORWARDS,
  START as ESDB_START,
  type AllStreamResolvedEvent,
  type EventStoreDBClient,
  type ResolvedEvent,
  type StreamingRead,
} from '@eventstore/db-client';
import { START, type GlobalPosition, type ReadAllOptions, type ReadStreamOptions, type RecordedEvent, type StreamRevision } from '../eventStore.js';
import { StreamNotFoundError } from '../errors.js';
import { mapError, mapReadError } from './errorMapping.js';
import { decodePosition } from './position.js';
import { isSystemStream, matchesFilter, toRecordedEvent } from './recordedEvent.js';

/**
 * Iterate a client read, mapping its errors. When the consumer stops early, the gRPC call is
 * cancelled and the client's Readable is left flowing instead of destroyed: the client's
 * `dispose()` waits for every call's stream to finish, and a destroyed (unpiped, paused) call
 * stream whose response had already fully arrived never emits 'end', so dispose would hang.
 */
async function* iterate<T extends ResolvedEvent | AllStreamResolvedEvent>(
  read: StreamingRead<T>,
  mapErr: (e: unknown) => Error,
): AsyncGenerator<RecordedEvent> {
  let finished = false;
  try {
    for await (const resolved of read.iterator({ destroyOnReturn: false }) as AsyncIterable<T>) {
      const event = toRecordedEvent(resolved);
      if (event) yield event;
    }
    finished = true;
  } catch (error) {
    finished = true;
    throw mapErr(error);
  } finally {
    if (!finished) {
      void read.cancel().catch(() => undefined);
      read.resume();
    }
  }
}

export async function* readStream(
  client: EventStoreDBClient,
  streamName: string,
  options: ReadStreamOptions = {},
): AsyncGenerator<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  const maxCount = options.maxCount ?? Number.MAX_SAFE_INTEGER;
  if (maxCount <= 0) {
    // Nothing to return, but a missing stream must still say so.
    if ((await streamRevision(client, streamName)) === undefined) throw new StreamNotFoundError(streamName);
    return;
  }
  const read = client.readStream(streamName, {
    direction: backwards ? BACKWARDS : FORWARDS,
    fromRevision: options.fromRevision ?? (backwards ? END : ESDB_START),
    maxCount,
  });
  yield* iterate(read, (e) => mapReadError(e, streamName));
}

/**
 * `$all` in either direction. The port's `after` is exclusive; EventStoreDB reads forwards from a
 * position *inclusively*, so the event at `after` is skipped here. Backwards reads from a
 * position already return only earlier records; the check below is a cheap guard. The v6 client
 * cannot filter `readAll` on the server, so filters (and the exclusion of `$` system streams)
 * apply here, with `maxCount` counting the events that pass.
 */
export async function* readAll(client: EventStoreDBClient, options: ReadAllOptions = {}): AsyncGenerator<RecordedEvent> {
  const backwards = options.direction === 'backwards';
  const after = options.after;
  const maxCount = options.maxCount ?? Number.POSITIVE_INFINITY;
  if (maxCount <= 0) return;
  const fromPosition = backwards
    ? after === undefined
      ? END
      : decodePosition(after)
    : after === undefined || after === START
      ? ESDB_START
      : decodePosition(after);
  const read = client.readAll({ direction: backwards ? BACKWARDS : FORWARDS, fromPosition });
  let count = 0;
  for await (const event of iterate(read, mapError)) {
    if (after !== undefined && (backwards ? event.position >= after : event.position <= after)) continue;
    if (!matchesFilter(event, options.filter)) continue;
    yield event;
    if (++count >= maxCount) return;
  }
}

export async function streamRevision(client: EventStoreDBClient, streamName: string): Promise<StreamRevision | undefined> {
  try {
    for await (const event of readStream(client, streamName, { direction: 'backwards', maxCount: 1 })) return event.revision;
    return undefined;
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
}

/** Last position of any record, system ones included: where a subscription's catch-up ends. */
export async function rawHead(client: EventStoreDBClient): Promise<GlobalPosition> {
  for await (const event of iterate(client.readAll({ direction: BACKWARDS, fromPosition: END, maxCount: 1 }), mapError)) {
    return event.position;
  }
  return START;
}

/** Last position of an application event (system streams such as `$$x` metadata are skipped). */
export async function headPosition(client: EventStoreDBClient): Promise<GlobalPosition> {
  for await (const event of iterate(client.readAll({ direction: BACKWARDS, fromPosition: END }), mapError)) {
    if (!isSystemStream(event.streamName)) return event.position;
  }
  return START;
}
