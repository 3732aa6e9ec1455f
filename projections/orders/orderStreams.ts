import type { OrderEvent } from '../../domain/order/index.js';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';

/** Stream prefix of the order category: `order-<orderId>` (ids URI-encoded when needed). */
export const ORDER_STREAM_PREFIX = 'order-';

/** The order id of an order stream (the inverse of `orderStreamName`). */
export const orderIdOfStream = (streamName: string): string => decodeURIComponent(streamName.slice(ORDER_STREAM_PREFIX.length));

export const asOrderEvent = (recorded: RecordedEvent): OrderEvent => ({ type: recorded.type, data: recorded.data }) as unknown as OrderEvent;

/** Business time of an event (the command's `now`), else the store's clock: both replay identically. */
export const eventTime = (recorded: RecordedEvent): string =>
  typeof recorded.metadata.now === 'string' ? recorded.metadata.now : recorded.created.toISOString();

export type ActorRef = Readonly<{ kind: string; id: string }> | null;

export const actorOf = (recorded: RecordedEvent): ActorRef => {
  const a = recorded.metadata.actor as { kind?: unknown; id?: unknown } | null | undefined;
  return a && typeof a.kind === 'string' && typeof a.id === 'string' ? { kind: a.kind, id: a.id } : null;
};
