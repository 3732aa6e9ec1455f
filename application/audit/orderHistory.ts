import { orderStreamName } from '../../domain/order/index.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import type { EventStore, StreamRevision } from '../../infrastructure/eventstore/eventStore.js';
import { fullStreamHistory, streamHistory, type HistoryEntry, type HistoryPage } from './streamHistory.js';

export type OrderHistoryPage = HistoryPage & Readonly<{ orderId: string }>;

export const orderNotFound = (orderId: string): NotFoundError =>
  new NotFoundError('ORDER_NOT_FOUND', `order ${orderId} does not exist`, { orderId });

/** `GET /orders/:id/history`: one page of the order's audit trail (404 when there is no such order). */
export const orderHistory = async (
  deps: Readonly<{ eventStore: EventStore }>,
  orderId: string,
  options: Readonly<{ from?: StreamRevision; limit?: number }> = {},
): Promise<OrderHistoryPage> => {
  const page = await streamHistory(deps.eventStore, orderStreamName(orderId), options);
  if (!page) throw orderNotFound(orderId);
  return { orderId, ...page };
};

/** Every event of the order (for `oms audit export`). */
export const fullOrderHistory = async (deps: Readonly<{ eventStore: EventStore }>, orderId: string): Promise<HistoryEntry[]> => {
  const entries = await fullStreamHistory(deps.eventStore, orderStreamName(orderId));
  if (!entries) throw orderNotFound(orderId);
  return entries;
};

/** The customer an order belongs to (from OrderPlaced), for access logs of personal-data reads. */
export const orderCustomerId = async (deps: Readonly<{ eventStore: EventStore }>, orderId: string): Promise<string | undefined> => {
  const page = await streamHistory(deps.eventStore, orderStreamName(orderId), { limit: 1 });
  const first = page?.events[0];
  const customerId = first?.type === 'OrderPlaced' ? (first.data as { customerId?: unknown }).customerId : undefined;
  return typeof customerId === 'string' ? customerId : undefined;
};
