import type { Actor } from '../../domain/shared/decider.js';
import { NotFoundError, ValidationError } from '../../domain/shared/errors.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { DuplicateKeyError, type ReadStore } from '../../infrastructure/readstore/readStore.js';
import { deriveCommandId } from '../eventIds.js';
import { generateWebhookSecret } from './webhookSigning.js';
import {
  DEFAULT_WEBHOOK_RETRY,
  deadLettersCollection,
  initialDeliveryState,
  subscriptionsCollection,
  WEBHOOK_DEAD_LETTERS,
  WEBHOOK_SUBSCRIPTIONS,
  type DeadLetter,
  type ReplayRequest,
  type WebhookRetryPolicy,
  type WebhookSubscription,
} from './webhookSubscriptions.js';
import { parseFilter, parsePosition } from './wireEvent.js';
import { parseWebhookUrl } from './webhookUrl.js';

export type WebhookDeps = Readonly<{ eventStore: EventStore; readStore: ReadStore }>;
export type RequestInfo = Readonly<{ now: string; actor: Actor; idempotencyKey: string }>;

export type CreateWebhookInput = Readonly<{
  url: string;
  eventTypes: readonly string[];
  streamPrefixes?: readonly string[];
  secret?: string;
  description?: string;
  retry?: Partial<WebhookRetryPolicy>;
  /** Start after this position ("0" = the whole history); default: the log's head now (new events only). */
  after?: string;
}>;

/** What the API shows: never the secret, plus a readable delivery status. */
export type WebhookView = ReturnType<typeof webhookView>;

const nextAttempt = (s: WebhookSubscription): string | null => {
  const due = s.state.pending.filter((p) => p.nextAttemptAt > 0).map((p) => p.nextAttemptAt);
  return due.length > 0 ? new Date(Math.min(...due)).toISOString() : null;
};

export const webhookView = (s: WebhookSubscription, deadLetters: readonly DeadLetter[] = []) => {
  const heads = new Map<string, WebhookSubscription['state']['pending'][number]>();
  for (const p of s.state.pending) if (!heads.has(p.event.stream)) heads.set(p.event.stream, p);
  return {
    id: s._id,
    url: s.url,
    eventTypes: s.eventTypes,
    streamPrefixes: s.streamPrefixes,
    description: s.description,
    retry: s.retry,
    createdAt: s.createdAt,
    createdBy: s.createdBy,
    delivery: {
      cursor: s.state.cursor,
      delivered: s.state.delivered,
      failedAttempts: s.state.failedAttempts,
      deadLettered: s.state.deadLettered,
      lastDeliveredPosition: s.state.lastDeliveredPosition,
      lastDeliveredAt: s.state.lastDeliveredAt,
      lastAttemptAt: s.state.lastAttemptAt,
      lastError: s.state.lastError,
      pending: s.state.pending.length,
      nextAttemptAt: nextAttempt(s),
      /** Streams whose delivery is blocked by a failing event (later events of the stream wait). */
      blockedStreams: [...heads.values()]
        .filter((p) => p.attempts > 0)
        .map((p) => ({ stream: p.event.stream, position: p.event.position, eventId: p.event.id, type: p.event.type, attempts: p.attempts, nextAttemptAt: new Date(p.nextAttemptAt).toISOString(), lastError: p.lastError })),
      replayRequests: s.requests.length,
    },
    deadLetters: deadLetters.map((d) => ({ eventId: d.event.id, type: d.event.type, stream: d.event.stream, position: d.position, attempts: d.attempts, lastError: d.lastError, deadAt: d.deadAt })),
  };
};

const retryPolicy = (given: Partial<WebhookRetryPolicy> = {}): WebhookRetryPolicy => {
  const policy = { ...DEFAULT_WEBHOOK_RETRY, ...given };
  if (policy.maxDelayMs < policy.initialDelayMs) {
    throw new ValidationError('INVALID_RETRY_POLICY', 'retry.maxDelayMs must be at least retry.initialDelayMs', { field: 'retry.maxDelayMs' });
  }
  return policy;
};

/** The subscription id derives from the Idempotency-Key: a retried POST finds the subscription it created. */
export const createWebhook = async (deps: WebhookDeps, input: CreateWebhookInput, request: RequestInfo): Promise<{ created: boolean; view: WebhookView; secret: string }> => {
  const url = parseWebhookUrl(input.url).toString();
  const filter = parseFilter(input.eventTypes.join(','), input.streamPrefixes?.join(','));
  if (!filter.eventTypes) throw new ValidationError('INVALID_FILTER', 'eventTypes must name at least one event type', { field: 'eventTypes' });
  const cursor = input.after !== undefined ? parsePosition(input.after, 'after') : await deps.eventStore.headPosition();
  const id = `wh_${deriveCommandId(request.idempotencyKey, 'webhook').replace(/-/g, '')}`;
  const subscription: WebhookSubscription = {
    _id: id,
    url,
    eventTypes: filter.eventTypes,
    streamPrefixes: filter.streamPrefixes ?? [],
    secret: input.secret ?? generateWebhookSecret(),
    description: input.description ?? null,
    retry: retryPolicy(input.retry),
    createdAt: request.now,
    createdBy: { kind: request.actor.kind, id: request.actor.id },
    state: initialDeliveryState(cursor.toString()),
    requests: [],
  };
  const subscriptions = subscriptionsCollection(deps.readStore);
  try {
    await subscriptions.insertOne(subscription);
    return { created: true, view: webhookView(subscription), secret: subscription.secret };
  } catch (error) {
    if (!(error instanceof DuplicateKeyError)) throw error;
    // The same Idempotency-Key again: answer with what the first request created (secret included,
    // the caller holds the key that created it), unless it asked for something else.
    const existing = await subscriptions.findOne({ _id: id });
    if (!existing || existing.url !== url) {
      throw new ValidationError('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key already created a different webhook subscription', { id });
    }
    return { created: false, view: webhookView(existing), secret: existing.secret };
  }
};

export const listWebhooks = async (deps: WebhookDeps): Promise<WebhookView[]> =>
  (await subscriptionsCollection(deps.readStore).find({}, { sort: { createdAt: 1 } })).map((s) => webhookView(s));

const webhookNotFound = (id: string) => new NotFoundError('WEBHOOK_NOT_FOUND', `webhook subscription ${id} does not exist`, { id });

/** Dead letters of a subscription, oldest position first. */
export const deadLettersOf = async (readStore: ReadStore, id: string, limit = 100): Promise<DeadLetter[]> =>
  (await deadLettersCollection(readStore).find({ subscriptionId: id }))
    .sort((a, b) => (BigInt(a.position) < BigInt(b.position) ? -1 : BigInt(a.position) > BigInt(b.position) ? 1 : 0))
    .slice(0, limit);

export const getWebhook = async (deps: WebhookDeps, id: string): Promise<WebhookView> => {
  const s = await subscriptionsCollection(deps.readStore).findOne({ _id: id });
  if (!s) throw webhookNotFound(id);
  return webhookView(s, await deadLettersOf(deps.readStore, id));
};

/** Removes the subscription and its dead letters; its worker notices and stops. */
export const deleteWebhook = async (deps: WebhookDeps, id: string): Promise<void> => {
  const removed = await deps.readStore.withTransaction(async (tx) => {
    const r = await tx.collection<WebhookSubscription>(WEBHOOK_SUBSCRIPTIONS).deleteOne({ _id: id });
    await tx.collection<DeadLetter>(WEBHOOK_DEAD_LETTERS).deleteMany({ subscriptionId: id });
    return r.deletedCount;
  });
  if (removed === 0) throw webhookNotFound(id);
};

export type ReplayInput = Readonly<{ fromPosition?: string; deadLetters?: boolean; eventIds?: readonly string[] }>;

/**
 * Queues a replay for the delivery worker: `fromPosition` re-delivers every matching event at or
 * after that position (in order); `deadLetters` re-delivers the dead letters (all, or `eventIds`).
 */
export const replayWebhook = async (deps: WebhookDeps, id: string, input: ReplayInput, request: RequestInfo): Promise<ReplayRequest> => {
  const byPosition = input.fromPosition !== undefined;
  const byDeadLetters = input.deadLetters === true || input.eventIds !== undefined;
  if (byPosition === byDeadLetters) {
    throw new ValidationError('INVALID_REPLAY', 'give either fromPosition, or deadLetters: true (optionally with eventIds)', { field: 'fromPosition' });
  }
  const base = { id: deriveCommandId(request.idempotencyKey, 'webhook-replay'), requestedAt: request.now };
  const replay: ReplayRequest = byPosition
    ? { ...base, kind: 'position', fromPosition: parsePosition(input.fromPosition, 'fromPosition').toString() }
    : { ...base, kind: 'deadLetters', eventIds: input.eventIds ? [...input.eventIds] : null };
  const subscriptions = subscriptionsCollection(deps.readStore);
  // Idempotent: the same Idempotency-Key queues the request once.
  const r = await subscriptions.updateOne({ _id: id, 'requests.id': { $ne: replay.id } }, { $push: { requests: replay } });
  if (r.matchedCount === 0 && !(await subscriptions.findOne({ _id: id }))) throw webhookNotFound(id);
  return replay;
};
