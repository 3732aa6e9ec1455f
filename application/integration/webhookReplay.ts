import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { deadLettersCollection, type DeliveryState, type PendingDelivery, type WebhookSubscription } from './webhookSubscriptions.js';

export type AppliedReplays = Readonly<{
  /** Request ids handled now (removed from the subscription with the next state write). */
  consumed: readonly string[];
  /** Dead letters moved back into `pending` (deleted with the next state write). */
  removedDeadLetters: readonly string[];
  /** The cursor moved back: the worker must re-subscribe from it. */
  rewound: boolean;
}>;

type WorkerState = { -readonly [K in keyof DeliveryState]: DeliveryState[K] } & { pending: PendingDelivery[] };

/** Inserts keeping `pending` in global order (a replayed dead letter goes before newer events of its stream). */
const insertInOrder = (pending: PendingDelivery[], entry: PendingDelivery) => {
  const position = BigInt(entry.event.position);
  const at = pending.findIndex((p) => BigInt(p.event.position) > position);
  if (at === -1) pending.push(entry);
  else pending.splice(at, 0, entry);
};

/**
 * Applies the replay requests queued through the API to the worker's in-memory state:
 * - `position`: re-deliver every matching event at or after `fromPosition` — the cursor moves back
 *   to just before it and pending events past it are dropped (they will be read again). A
 *   position ahead of the cursor changes nothing: replay never skips events.
 * - `deadLetters`: the dead letters (all, or the listed event ids) go back into `pending`, in
 *   order, with a fresh attempt budget. They arrive after later events of their stream that were
 *   delivered meanwhile: that is what dead-lettering an event meant.
 */
export const applyReplayRequests = async (
  readStore: ReadStore,
  subscription: WebhookSubscription,
  state: WorkerState,
  alreadyConsumed: readonly string[],
): Promise<AppliedReplays> => {
  const consumed: string[] = [];
  const removedDeadLetters: string[] = [];
  let rewound = false;
  for (const request of subscription.requests) {
    if (alreadyConsumed.includes(request.id)) continue;
    consumed.push(request.id);
    if (request.kind === 'position') {
      const before = BigInt(request.fromPosition) - 1n;
      if (before >= BigInt(state.cursor)) continue;
      state.cursor = (before < 0n ? 0n : before).toString();
      state.pending = state.pending.filter((p) => BigInt(p.event.position) <= before);
      rewound = true;
      continue;
    }
    const letters = await deadLettersCollection(readStore).find({
      subscriptionId: subscription._id,
      ...(request.eventIds ? { 'event.id': { $in: [...request.eventIds] } } : {}),
    });
    for (const letter of letters) {
      if (state.pending.some((p) => p.event.id === letter.event.id)) continue;
      insertInOrder(state.pending, { event: letter.event, attempts: 0, nextAttemptAt: 0, lastError: null });
      removedDeadLetters.push(letter._id);
    }
  }
  return { consumed, removedDeadLetters, rewound };
};
