import type { Actor } from '../../domain/shared/decider.js';
import type { Document, ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { WireEvent } from './wireEvent.js';

/**
 * Webhook subscriptions and their delivery state live in the read store, not in the event log:
 * they are integration configuration and operational progress (cursors, attempts), changing with
 * every delivery. Event-sourcing them would write an event per delivery attempt into the very log
 * the feed publishes. Who created or removed a subscription is logged with the request.
 */
export const WEBHOOK_SUBSCRIPTIONS = 'webhook_subscriptions';
export const WEBHOOK_DEAD_LETTERS = 'webhook_dead_letters';

export type WebhookRetryPolicy = Readonly<{
  /** Attempts per event before it is dead-lettered (≥ 1). */
  maxAttempts: number;
  /** Delay before the 2nd attempt; doubles each time (exponential backoff) … */
  initialDelayMs: number;
  /** … up to this cap. */
  maxDelayMs: number;
  /** Per-attempt HTTP timeout. */
  timeoutMs: number;
}>;

export const DEFAULT_WEBHOOK_RETRY: WebhookRetryPolicy = { maxAttempts: 8, initialDelayMs: 1_000, maxDelayMs: 3_600_000, timeoutMs: 10_000 };

/** Delay before the next attempt after `failures` failed ones: initial × 2^(failures−1), capped. */
export const backoffMs = (policy: WebhookRetryPolicy, failures: number): number =>
  Math.min(policy.maxDelayMs, policy.initialDelayMs * 2 ** Math.max(0, Math.min(failures - 1, 40)));

/** An event not yet settled: retrying (head of its stream) or waiting behind its stream's head. */
export type PendingDelivery = Readonly<{
  event: WireEvent;
  /** Failed attempts so far. */
  attempts: number;
  /** Epoch ms of the next attempt (0 = as soon as it is its stream's head). */
  nextAttemptAt: number;
  lastError: string | null;
}>;

export type DeliveryState = Readonly<{
  /** Every matching event at or before this position has been read: delivered, dead-lettered, or in `pending`. */
  cursor: string;
  /** Bumped by every write of the worker: fences out a worker that lost its lease. */
  version: number;
  /** Unsettled events in global order (several per stream: the head retries, the rest wait). */
  pending: readonly PendingDelivery[];
  delivered: number;
  failedAttempts: number;
  deadLettered: number;
  lastDeliveredPosition: string | null;
  lastDeliveredAt: string | null;
  lastAttemptAt: string | null;
  lastError: string | null;
}>;

export type ReplayRequest = Readonly<
  { id: string; requestedAt: string } & ({ kind: 'position'; fromPosition: string } | { kind: 'deadLetters'; eventIds: readonly string[] | null })
>;

export type WebhookSubscription = Document & Readonly<{
  _id: string;
  url: string;
  eventTypes: readonly string[];
  streamPrefixes: readonly string[];
  secret: string;
  description: string | null;
  retry: WebhookRetryPolicy;
  createdAt: string;
  createdBy: Readonly<{ kind: Actor['kind']; id: string }>;
  state: DeliveryState;
  /** Replays asked for through the API, applied by the delivery worker. */
  requests: readonly ReplayRequest[];
}>;

export type DeadLetter = Document & Readonly<{
  _id: string;
  subscriptionId: string;
  event: WireEvent;
  position: string;
  attempts: number;
  lastError: string | null;
  deadAt: string;
}>;

export const deadLetterId = (subscriptionId: string, eventId: string): string => `${subscriptionId}/${eventId}`;

export const initialDeliveryState = (cursor: string): DeliveryState => ({
  cursor,
  version: 0,
  pending: [],
  delivered: 0,
  failedAttempts: 0,
  deadLettered: 0,
  lastDeliveredPosition: null,
  lastDeliveredAt: null,
  lastAttemptAt: null,
  lastError: null,
});

export const subscriptionsCollection = (store: ReadStore) => store.collection<WebhookSubscription>(WEBHOOK_SUBSCRIPTIONS);
export const deadLettersCollection = (store: ReadStore) => store.collection<DeadLetter>(WEBHOOK_DEAD_LETTERS);

export const ensureWebhookIndexes = async (store: ReadStore): Promise<void> => {
  await deadLettersCollection(store).createIndex({ keys: { subscriptionId: 1 }, name: 'by_subscription' });
};
