import { orderStreamName, PLACEMENT_TOKEN, type TrackingTokenState } from '../../domain/order/index.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';

/**
 * Which tracking-token generation currently opens an order, and whether it is revoked — the
 * read side of token verification. The order stream is the source of truth: read backwards, the
 * last `OrderTrackingTokenIssued` / `OrderTrackingTokenRevoked` decides (an order with none is at
 * generation 0, the placement token, active; so is an order id with no stream at all — its token
 * opens nothing anyway, every order route answers 404).
 *
 * Cached per order for `ttlMs` (default 2 s): a revocation or re-issue made on this instance drops
 * the entry at once (`forget`), so it takes effect immediately here; another instance sees it
 * within the window. Concurrent verifications of one order share one read (the cached promise).
 */
export type TrackingTokenStatus = Readonly<{
  current: (orderId: string) => Promise<TrackingTokenState>;
  /** Drop the cached state (after a revocation or re-issue recorded by this instance). */
  forget: (orderId: string) => void;
}>;

export const TRACKING_STATUS_TTL_MS = 2_000;
const MAX_ENTRIES = 10_000;

export type TrackingTokenStatusOptions = Readonly<{ ttlMs?: number; maxEntries?: number; clock?: () => number }>;

/** One backwards read of the order stream, stopping at the first token event or at OrderPlaced. */
export const readTrackingTokenState = async (eventStore: EventStore, orderId: string): Promise<TrackingTokenState> => {
  try {
    for await (const e of eventStore.readStream(orderStreamName(orderId), { direction: 'backwards' })) {
      const data = e.data as { generation?: unknown };
      if (e.type === 'OrderTrackingTokenIssued') return { generation: Number(data.generation), revoked: false };
      if (e.type === 'OrderTrackingTokenRevoked') return { generation: Number(data.generation), revoked: true };
      if (e.type === 'OrderPlaced') break;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return PLACEMENT_TOKEN;
};

export function createTrackingTokenStatus(eventStore: EventStore, options: TrackingTokenStatusOptions = {}): TrackingTokenStatus {
  const ttlMs = options.ttlMs ?? TRACKING_STATUS_TTL_MS;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  const clock = options.clock ?? Date.now;
  const cache = new Map<string, { value: Promise<TrackingTokenState>; at: number }>();
  return {
    current: (orderId) => {
      const now = clock();
      const hit = cache.get(orderId);
      if (hit && now - hit.at < ttlMs) return hit.value;
      const value = readTrackingTokenState(eventStore, orderId);
      cache.delete(orderId);
      cache.set(orderId, { value, at: now });
      // A failed read is not remembered; the oldest entries go first when the cache is full.
      value.catch(() => {
        if (cache.get(orderId)?.value === value) cache.delete(orderId);
      });
      while (cache.size > maxEntries) cache.delete(cache.keys().next().value!);
      return value;
    },
    forget: (orderId) => {
      cache.delete(orderId);
    },
  };
}
