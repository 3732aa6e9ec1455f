import type { Subscription } from 'rxjs';
import type { EventStore, SubscriptionBatch } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { applyReplayRequests } from './webhookReplay.js';
import type { WebhookSender } from './webhookSender.js';
import {
  backoffMs,
  deadLetterId,
  subscriptionsCollection,
  WEBHOOK_DEAD_LETTERS,
  WEBHOOK_SUBSCRIPTIONS,
  type DeadLetter,
  type DeliveryState,
  type PendingDelivery,
  type WebhookSubscription,
} from './webhookSubscriptions.js';
import { toWireEvent, type WireEvent } from './wireEvent.js';

/**
 * Delivers one subscription's events, in global order, at least once.
 *
 * Ordering is **per stream**: an event that fails blocks the later events *of its stream* (they
 * queue behind it in `pending`) while events of other streams keep flowing, so one bad order does
 * not stall every integration. Failed events are retried with exponential backoff; after
 * `maxAttempts` an event is dead-lettered and its stream moves on. At most `maxPending` events
 * wait at once; then the worker stops reading the log and resumes from its cursor once they drain.
 *
 * Delivery is at-least-once: state is persisted after each batch and each retry round (and at
 * least every `persistEveryMs` during long batches), so after a crash — or when a receiver
 * processed an event but answered after our timeout — an event can arrive twice. Receivers
 * de-duplicate on `X-OMS-Event-Id`. Every write is fenced on `state.version`: a worker that lost
 * its lease (or whose subscription was deleted) stops at its next write.
 */
export type WebhookWorkerOptions = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  subscriptionId: string;
  sender: WebhookSender;
  clock?: () => number;
  /** How often the worker re-reads its subscription (replay requests, deletion) when idle. */
  pollMs?: number;
  maxPending?: number;
  batchSize?: number;
  persistEveryMs?: number;
  onError?: (error: unknown) => void;
  /** The subscription is gone (deleted) or another worker owns it now: this worker has stopped. */
  onGone?: () => void;
}>;

export type WebhookWorker = Readonly<{ start: () => Promise<void>; stop: () => Promise<void>; kick: () => void }>;

export class WorkerFencedError extends Error {
  constructor(readonly subscriptionId: string) {
    super(`webhook ${subscriptionId} was deleted or taken over by another worker`);
  }
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export const createWebhookWorker = (options: WebhookWorkerOptions): WebhookWorker => {
  const clock = options.clock ?? Date.now;
  const pollMs = options.pollMs ?? 500;
  const maxPending = options.maxPending ?? 1000;
  const id = options.subscriptionId;
  const subscriptions = subscriptionsCollection(options.readStore);
  let config: WebhookSubscription | undefined;
  let state: Mutable<DeliveryState> & { pending: PendingDelivery[] };
  let stopped = true;
  let generation = 0;
  let subscription: Subscription | undefined;
  let paused = false;
  let chain: Promise<void> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  let lastPersist = 0;
  let newDeadLetters: DeadLetter[] = [];
  let removedDeadLetters: string[] = [];
  let consumedRequests: string[] = [];
  let resubscribe = false;
  let halted = false;

  const iso = () => new Date(clock()).toISOString();
  const blocked = (stream: string) => state.pending.some((p) => p.event.stream === stream);

  const persist = async () => {
    const next: DeliveryState = { ...state, pending: [...state.pending], version: state.version + 1 };
    const [dead, removed, consumed] = [newDeadLetters, removedDeadLetters, consumedRequests];
    await options.readStore.withTransaction(async (tx) => {
      const update = { $set: { state: next }, ...(consumed.length > 0 ? { $pull: { requests: { id: { $in: consumed } } } } : {}) };
      const r = await tx.collection<WebhookSubscription>(WEBHOOK_SUBSCRIPTIONS).updateOne({ _id: id, 'state.version': state.version }, update);
      if (r.matchedCount !== 1) throw new WorkerFencedError(id);
      const letters = tx.collection<DeadLetter>(WEBHOOK_DEAD_LETTERS);
      // Removals first: a replayed dead letter may have been dead-lettered again since.
      if (removed.length > 0) await letters.deleteMany({ _id: { $in: removed } });
      for (const d of dead) await letters.replaceOne({ _id: d._id }, d, { upsert: true });
    });
    state.version = next.version;
    newDeadLetters = newDeadLetters.slice(dead.length);
    removedDeadLetters = removedDeadLetters.slice(removed.length);
    consumedRequests = consumedRequests.slice(consumed.length);
    lastPersist = clock();
  };

  const deadLetter = (event: WireEvent, attempts: number, lastError: string | null) => {
    state.deadLettered += 1;
    newDeadLetters.push({ _id: deadLetterId(id, event.id), subscriptionId: id, event, position: event.position, attempts, lastError, deadAt: iso() });
  };

  /** One HTTP attempt; true when delivered. */
  const attempt = async (event: WireEvent, number: number): Promise<{ ok: boolean; error: string | null }> => {
    const outcome = await options.sender({ subscriptionId: id, url: config!.url, secret: config!.secret, event, attempt: number, timeoutMs: config!.retry.timeoutMs });
    state.lastAttemptAt = iso();
    if (outcome.ok) {
      state.delivered += 1;
      state.lastDeliveredPosition = event.position;
      state.lastDeliveredAt = state.lastAttemptAt;
      state.lastError = null;
    } else {
      state.failedAttempts += 1;
      state.lastError = outcome.error;
    }
    return outcome;
  };

  /** After a failed attempt: schedule a retry, or dead-letter once the attempts are used up. Returns whether it stays pending. */
  const afterFailure = (event: WireEvent, attempts: number, error: string | null): PendingDelivery | undefined => {
    if (attempts >= config!.retry.maxAttempts) {
      deadLetter(event, attempts, error);
      return undefined;
    }
    return { event, attempts, nextAttemptAt: clock() + backoffMs(config!.retry, attempts), lastError: error };
  };

  const maybePersist = async () => {
    if (clock() - lastPersist >= (options.persistEveryMs ?? 250)) await persist();
  };

  const onBatch = async (batch: SubscriptionBatch, gen: number) => {
    if (stopped || gen !== generation) return; // a batch of a subscription replaced by a replay
    if (batch.events.length > 0) {
      // Deleted meanwhile (possibly through another instance)? Then not one more delivery.
      const fresh = await subscriptions.findOne({ _id: id });
      if (!fresh) throw new WorkerFencedError(id);
      config = fresh;
    }
    const cursor = BigInt(state.cursor);
    let full = false;
    for (const recorded of batch.events) {
      if (recorded.position <= cursor || stopped) continue;
      if (state.pending.length >= maxPending) {
        full = true; // the rest of the batch is read again once the queue has drained
        break;
      }
      const event = toWireEvent(recorded);
      if (blocked(event.stream)) {
        state.pending.push({ event, attempts: 0, nextAttemptAt: 0, lastError: null });
      } else {
        const result = await attempt(event, 1);
        const pending = result.ok ? undefined : afterFailure(event, 1, result.error);
        if (pending) state.pending.push(pending);
      }
      state.cursor = recorded.position.toString();
      await maybePersist();
    }
    if (!full && batch.position > BigInt(state.cursor)) state.cursor = batch.position.toString();
    await persist();
    if (full || state.pending.length >= maxPending) pause();
    else batch.ack();
  };

  /** Backpressure: stop reading the log until the waiting events drain (the tick resumes from the cursor). */
  const pause = () => {
    subscription?.unsubscribe();
    subscription = undefined;
    generation++;
    paused = true;
  };

  /** Retries every stream whose head is due; a settled head lets the next event of its stream go at once. */
  const retryDue = async () => {
    for (let progressed = true; progressed && !stopped; ) {
      progressed = false;
      const heads = new Map<string, PendingDelivery>();
      for (const p of state.pending) if (!heads.has(p.event.stream)) heads.set(p.event.stream, p);
      for (const head of heads.values()) {
        if (stopped || head.nextAttemptAt > clock()) continue;
        const result = await attempt(head.event, head.attempts + 1);
        const index = state.pending.indexOf(head);
        const retry = result.ok ? undefined : afterFailure(head.event, head.attempts + 1, result.error);
        if (retry) state.pending[index] = retry;
        else {
          state.pending.splice(index, 1);
          progressed = true;
        }
        await maybePersist();
      }
    }
  };

  const subscribe = () => {
    subscription?.unsubscribe();
    paused = false;
    const gen = ++generation;
    subscription = options.eventStore
      .subscribeToAll({
        after: BigInt(state.cursor),
        filter: { eventTypes: config!.eventTypes, ...(config!.streamPrefixes.length > 0 ? { streamPrefixes: config!.streamPrefixes } : {}) },
        batchSize: options.batchSize ?? 100,
        maxUnacked: 1,
      })
      .subscribe({
        next: (batch) => enqueue(() => onBatch(batch, gen)),
        error: (error: unknown) => enqueue(async () => {
          if (gen !== generation || stopped) return;
          options.onError?.(error);
          resubscribe = true; // the next tick resumes from the cursor (not at once: the store may be down)
        }),
      });
  };

  const tick = async () => {
    const fresh = await subscriptions.findOne({ _id: id });
    if (!fresh) throw new WorkerFencedError(id);
    config = fresh;
    const applied = await applyReplayRequests(options.readStore, fresh, state, consumedRequests);
    consumedRequests.push(...applied.consumed);
    removedDeadLetters.push(...applied.removedDeadLetters);
    await retryDue();
    await persist();
    const drained = paused && state.pending.length < maxPending;
    if (applied.rewound || resubscribe || drained) {
      resubscribe = false;
      subscribe();
    }
  };

  const schedule = () => {
    if (stopped) return;
    clearTimeout(timer);
    const heads = state.pending.filter((p) => p.nextAttemptAt > 0).map((p) => p.nextAttemptAt - clock());
    const delay = Math.max(10, Math.min(pollMs, ...heads));
    timer = setTimeout(() => enqueue(tick), delay);
    timer.unref();
  };

  const halt = () => {
    halted = true;
    stopped = true;
    clearTimeout(timer);
    subscription?.unsubscribe();
    subscription = undefined;
  };

  function enqueue(work: () => Promise<void>) {
    chain = chain
      .then(() => (stopped ? undefined : work()))
      .catch((error: unknown) => {
        if (error instanceof WorkerFencedError) {
          halt();
          options.onGone?.();
          return;
        }
        options.onError?.(error); // e.g. the read store is unreachable: memory state is kept, the next tick retries
      })
      .finally(schedule);
  }

  return {
    start: async () => {
      if (!stopped) return;
      const doc = await subscriptions.findOne({ _id: id });
      if (halted) return; // stopped while loading
      if (!doc) throw new WorkerFencedError(id);
      config = doc;
      state = { ...doc.state, pending: [...doc.state.pending] };
      stopped = false;
      subscribe();
      enqueue(tick);
    },
    stop: async () => {
      halt();
      await chain;
    },
    kick: () => enqueue(tick),
  };
};
