import type { Subscription } from 'rxjs';
import type { EventFilter, EventStore, GlobalPosition, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { toWireEvent, type WireEvent } from './wireEvent.js';

/**
 * The integration feed (`GET /events`): an integrator catches up from any position — its own
 * last processed one after an outage — in global order, filtered by event type and stream prefix.
 * Built on the store's catch-up subscription, whose progress moves past filtered-out events, so
 * `next` advances even when nothing matched and a client never re-scans what it has seen.
 */
export type FeedQuery = Readonly<{
  after: GlobalPosition;
  filter: EventFilter;
  limit: number;
  /** Long-poll: wait up to this long for at least one event (0 = answer as soon as caught up). */
  waitMs: number;
  signal?: AbortSignal;
}>;

export type FeedPage = Readonly<{
  events: readonly WireEvent[];
  /** Resume token: pass as `after` for the next page (≥ the last event's position). */
  next: string;
}>;

export const DEFAULT_FEED_LIMIT = 100;
export const MAX_FEED_LIMIT = 1000;
/** Without `wait`, a filtered scan over a long log answers with its progress after this long. */
export const SCAN_BUDGET_MS = 2_000;

export const readFeedPage = (eventStore: EventStore, query: FeedQuery): Promise<FeedPage> =>
  new Promise<FeedPage>((resolve, reject) => {
    let next = query.after;
    let settled = false;
    let subscription: Subscription | undefined;
    const cleanup = () => {
      settled = true;
      clearTimeout(timer);
      query.signal?.removeEventListener('abort', onAbort);
      subscription?.unsubscribe();
    };
    const finish = (events: readonly RecordedEvent[]) => {
      if (settled) return;
      cleanup();
      resolve({ events: events.map(toWireEvent), next: next.toString() });
    };
    const onAbort = () => finish([]);
    const timer = setTimeout(() => finish([]), query.waitMs > 0 ? query.waitMs : SCAN_BUDGET_MS);
    query.signal?.addEventListener('abort', onAbort, { once: true });
    if (query.signal?.aborted) return finish([]);
    subscription = eventStore
      .subscribeToAll({ after: query.after, filter: query.filter, batchSize: query.limit, maxUnacked: 1 })
      .subscribe({
        next: (batch) => {
          if (settled) return;
          if (batch.position > next) next = batch.position;
          if (batch.events.length > 0) return finish(batch.events);
          if (batch.caughtUp && query.waitMs <= 0) return finish([]);
          batch.ack();
        },
        error: (error: unknown) => {
          if (settled) return;
          cleanup();
          reject(error);
        },
        complete: () => finish([]),
      });
    // The subscription may have emitted synchronously and settled before `subscription` was set.
    if (settled) subscription.unsubscribe();
  });

/** Where server-sent events go: `write` resolves once the chunk is handed to the socket. */
export type FeedSink = Readonly<{ write: (chunk: string) => Promise<void>; closed: AbortSignal }>;

export const sseEvent = (event: WireEvent): string => `id: ${event.position}\ndata: ${JSON.stringify(event)}\n\n`;

/**
 * Server-sent events: every matching event after `after` as `id: <position>` + `data: <json>`,
 * live until the client leaves. A browser's EventSource resumes by itself with `Last-Event-ID`.
 * When filtered-out events move the position on, an `id:`-only record (no data, so no message
 * is dispatched) advances the client's Last-Event-ID without delivering anything.
 */
export const streamFeed = (
  eventStore: EventStore,
  query: Readonly<{ after: GlobalPosition; filter: EventFilter; batchSize?: number; heartbeatMs?: number }>,
  sink: FeedSink,
): Promise<void> =>
  new Promise<void>((resolve) => {
    let last = query.after;
    let chain: Promise<void> = Promise.resolve();
    let done = false;
    let subscription: Subscription | undefined;
    const stop = () => {
      if (done) return;
      done = true;
      clearInterval(heartbeat);
      subscription?.unsubscribe();
      void chain.finally(resolve);
    };
    const send = (chunk: string) => {
      chain = chain.then(() => (done || sink.closed.aborted ? undefined : sink.write(chunk))).catch(() => stop());
      return chain;
    };
    const heartbeat = setInterval(() => void send(': keep-alive\n\n'), query.heartbeatMs ?? 15_000);
    sink.closed.addEventListener('abort', stop, { once: true });
    void send('retry: 3000\n\n');
    subscription = eventStore
      .subscribeToAll({ after: query.after, filter: query.filter, batchSize: query.batchSize ?? 200, maxUnacked: 1 })
      .subscribe({
        next: (batch) => {
          const text = batch.events.map((e) => sseEvent(toWireEvent(e))).join('');
          const progressed = batch.events.length === 0 && batch.position > last;
          if (batch.position > last) last = batch.position;
          if (text.length > 0) void send(text);
          else if (progressed) void send(`id: ${batch.position}\n\n`);
          // Backpressure: read on only once this batch is on its way to a slow client.
          void chain.then(() => batch.ack());
        },
        error: (error: unknown) => {
          void send(`event: error\ndata: ${JSON.stringify({ code: 'FEED_FAILED', detail: error instanceof Error ? error.message : String(error) })}\n\n`);
          stop();
        },
        complete: () => stop(),
      });
    if (done) subscription.unsubscribe();
    if (sink.closed.aborted) stop();
  });
