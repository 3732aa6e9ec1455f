import {
  eventTypeFilter,
  START as ESDB_START,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type EventStoreDBClient,
  type Filter,
  type Position,
} from '@eventstore/db-client';
import { Observable, type Subscriber } from 'rxjs';
import { StoreUnavailableError } from '../errors.js';
import { START, type GlobalPosition, type RecordedEvent, type SubscribeOptions, type SubscriptionBatch } from '../eventStore.js';
import { mapError } from './errorMapping.js';
import { decodePosition, encodePosition } from './position.js';
import { matchesFilter, toRecordedEvent } from './recordedEvent.js';

/** A partial batch waits at most this long for more events before it is delivered. */
const FLUSH_MS = 15;

export type SubscriptionDeps = Readonly<{
  client: EventStoreDBClient;
  /** Position of the last record in `$all` (system records included), START when empty. */
  rawHead: () => Promise<GlobalPosition>;
  /** Lets close() complete open subscriptions; returns the unregister function. */
  track: (complete: () => void) => () => void;
}>;

/** Server-side filter, so filtered-out events never cross the wire; checkpoints still do. */
function serverFilter(options: SubscribeOptions, onCheckpoint: (p: Position) => void): Filter | undefined {
  const { streamPrefixes, eventTypes } = options.filter ?? {};
  const checkpointReached = (_s: AllStreamSubscription, position: Position) => onCheckpoint(position);
  if (streamPrefixes && streamPrefixes.length > 0) return streamNameFilter({ prefixes: [...streamPrefixes], checkpointReached });
  if (eventTypes && eventTypes.length > 0) return eventTypeFilter({ prefixes: [...eventTypes], checkpointReached });
  return undefined;
}

/**
 * Catch-up subscription to `$all` as batches with explicit acks.
 *
 * - Starts strictly after `options.after` (the server's subscription start is exclusive; events at
 *   or before `after` are skipped here as well, defensively).
 * - Events are grouped up to `batchSize`; a partial batch is delivered after FLUSH_MS without more
 *   input, or at once when the subscription catches up.
 * - Backpressure: with `maxUnacked` batches outstanding the client's Readable is paused, which
 *   stops reading from the gRPC stream (HTTP/2 flow control then holds the server); `ack()` resumes.
 * - `position` advances over system events, filtered-out events and server checkpoints, so a
 *   projection never re-scans them.
 * - Checkpoints and `caughtUp` are signalled by the client out of band (callback / event) while
 *   earlier events may still sit in the Readable's buffer; each signal is therefore queued behind
 *   the events already pushed and applied only once those are consumed.
 * - `caughtUp` comes from the server's caught-up message (servers ≥ 23.10) or, failing that, from
 *   reaching the head position read when the subscription started.
 */
export function subscribeToAll(deps: SubscriptionDeps, options: SubscribeOptions = {}): Observable<SubscriptionBatch> {
  return new Observable<SubscriptionBatch>((subscriber) => runSubscription(deps, options, subscriber));
}

function runSubscription(deps: SubscriptionDeps, options: SubscribeOptions, subscriber: Subscriber<SubscriptionBatch>) {
  const after = options.after ?? START;
  const batchSize = Math.max(1, options.batchSize ?? 500);
  const maxUnacked = Math.max(1, options.maxUnacked ?? 2);
  let sub: AllStreamSubscription | undefined;
  let closed = false;
  let buffer: RecordedEvent[] = [];
  let processed = after; // everything at or before this position has been seen or skipped
  let emitted = after;
  let caughtUp = false;
  let caughtUpPending = false; // a caughtUp batch is owed, even if empty
  let headAtStart: GlobalPosition | undefined;
  let headReached = false; // the head fallback fires once; after fellBehind only the server says "caught up"
  let outstanding = 0;
  let timer: NodeJS.Timeout | undefined;
  let timerDue = false;
  let delivered = 0;
  const markers: { at: number; apply: () => void }[] = [];

  const untrack = deps.track(() => {
    teardown();
    subscriber.complete();
  });

  function teardown() {
    if (closed) return;
    closed = true;
    untrack();
    if (timer) clearTimeout(timer);
    const s = sub;
    if (s) {
      s.removeAllListeners('data');
      s.on('error', () => undefined);
      // Cancel, then let the stream drain to its end rather than destroying it: the client's
      // dispose() waits for every call stream to finish (see esdbReads.ts iterate()).
      void s.unsubscribe().catch(() => undefined);
      s.resume();
    }
  }

  function fail(error: unknown) {
    if (closed) return;
    teardown();
    subscriber.error(mapError(error));
  }

  const pending = () => buffer.length > 0 || processed > emitted || caughtUpPending;

  function emit(events: RecordedEvent[], position: GlobalPosition) {
    outstanding++;
    emitted = position;
    const isCaughtUp = caughtUp && buffer.length === 0;
    if (isCaughtUp) caughtUpPending = false;
    let acked = false;
    subscriber.next({
      events,
      position,
      caughtUp: isCaughtUp,
      ack: () => {
        if (acked || closed) return;
        acked = true;
        outstanding--;
        flush(timerDue);
      },
    });
  }

  function flush(all: boolean) {
    if (closed) return;
    while (outstanding < maxUnacked && buffer.length >= batchSize) {
      const chunk = buffer.slice(0, batchSize);
      buffer = buffer.slice(batchSize);
      emit(chunk, buffer.length > 0 ? chunk[chunk.length - 1]!.position : processed);
    }
    if (all && outstanding < maxUnacked && pending()) {
      const chunk = buffer;
      buffer = [];
      emit(chunk, processed);
    }
    if (all) timerDue = pending(); // a due flush blocked by backpressure runs on the next ack
    if (pending() && !timer && !timerDue) {
      timer = setTimeout(() => {
        timer = undefined;
        flush(true);
      }, FLUSH_MS);
    }
    const hold = outstanding >= maxUnacked || buffer.length >= batchSize;
    if (sub && hold !== sub.isPaused()) {
      if (hold) sub.pause();
      else sub.resume();
    }
  }

  function advance(position: GlobalPosition) {
    if (position > processed) processed = position;
    if (!headReached && headAtStart !== undefined && processed >= headAtStart) {
      headReached = true;
      markCaughtUp();
    }
  }

  function markCaughtUp() {
    if (caughtUp) return;
    caughtUp = true;
    caughtUpPending = true;
    flush(true);
  }

  /** Apply a signal once every event pushed before it has been consumed. */
  function queueSignal(apply: () => void) {
    if (!sub) return;
    markers.push({ at: delivered + sub.readableLength, apply });
    runMarkers();
  }

  function runMarkers() {
    while (markers.length > 0 && markers[0]!.at <= delivered) markers.shift()!.apply();
  }

  function onEvent(resolved: AllStreamResolvedEvent) {
    delivered++;
    try {
      const event = toRecordedEvent(resolved);
      if (event && event.position > after) {
        if (matchesFilter(event, options.filter)) buffer.push(event);
        advance(event.position);
      }
      runMarkers();
      flush(false);
    } catch (error) {
      fail(error);
    }
  }

  async function start() {
    try {
      headAtStart = await deps.rawHead();
      if (closed) return;
      const filter = serverFilter(options, (p) => queueSignal(() => advance(encodePosition(p))));
      const s = deps.client.subscribeToAll({
        fromPosition: after === START ? ESDB_START : decodePosition(after),
        filter,
      });
      sub = s;
      s.on('data', onEvent);
      s.on('caughtUp', () => queueSignal(markCaughtUp));
      s.on('fellBehind', () => queueSignal(() => (caughtUp = false)));
      s.on('error', fail);
      s.on('end', () => fail(new StoreUnavailableError('EventStoreDB ended the subscription')));
      if (headAtStart <= after) {
        headReached = true;
        markCaughtUp();
      }
    } catch (error) {
      fail(error);
    }
  }

  void start();
  return teardown;
}
