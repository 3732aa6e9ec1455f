import { orderStreamName, type OrderStatus } from '../../domain/order/index.js';
import { BadRequestError, NotFoundError } from '../../domain/shared/errors.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import type { Document, Filter } from '../../infrastructure/readstore/readStore.js';
import { orderDetailsProjection, type OrderDetailsDocument } from '../../projections/orders/orderDetailsProjection.js';
import { orderSourcingProjection, type OrderSourcingDocument } from '../../projections/orders/orderSourcingProjection.js';
import { ordersProjection, type OrderSummaryDocument } from '../../projections/orders/ordersProjection.js';
import { matchesFilter, type DocumentProjection } from '../../projections/runtime/projection.js';
import { orderRuntime, readModel, type OrderDeps, type OrderRuntime } from './orderRuntime.js';

const DETAILS = orderDetailsProjection();
const SOURCING = orderSourcingProjection();
const SUMMARIES = ordersProjection();

export const orderNotFound = (orderId: string) => new NotFoundError('ORDER_NOT_FOUND', `no order ${orderId}`, { orderId });

/**
 * The document a projection holds for one order, brought up to the stream's current revision:
 * the events after the document's own revision (all of them when there is no document yet) are
 * folded onto it with the projection's own (pure) evolve. Cheap — an order stream is short and
 * usually nothing is missing — and exact: the same function the runner applies.
 */
const catchUp = async <D extends Document & { revision: string }>(
  rt: OrderRuntime, projection: DocumentProjection<D>, orderId: string, doc: D | null,
): Promise<D | undefined> => {
  let current: D | null = doc;
  try {
    const from = doc ? BigInt(doc.revision) + 1n : 0n;
    for await (const e of rt.eventStore.readStream(orderStreamName(orderId), { fromRevision: from })) {
      if (matchesFilter(e, projection.filter)) current = projection.evolve(current, e, orderId);
    }
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  return current ?? undefined;
};

/**
 * Read-your-writes without waiting: the read model's document when it reflects the stream's
 * current revision, else that document caught up from the stream. So `GET /orders/:id` right
 * after any command, on any instance, shows it — even when the projection lags or is stopped.
 */
export const loadOrderDetails = async (deps: OrderDeps, orderId: string): Promise<OrderDetailsDocument | undefined> => {
  const rt = orderRuntime(deps);
  const [doc, revision] = await Promise.all([
    (await readModel<OrderDetailsDocument>(rt, DETAILS)).findOne({ _id: orderId }),
    rt.eventStore.streamRevision(orderStreamName(orderId)),
  ]);
  if (revision === undefined) return undefined;
  if (doc && BigInt(doc.revision) >= revision) return doc;
  return catchUp(rt, DETAILS, orderId, doc);
};

/** The order's details, or ORDER_NOT_FOUND (404). */
export const accessibleOrder = async (deps: OrderDeps, orderId: string): Promise<OrderDetailsDocument> => {
  const doc = await loadOrderDetails(deps, orderId);
  if (!doc) throw orderNotFound(orderId);
  return doc;
};

/**
 * The sourcing explanation: the read model's document caught up with any placement, rejection or
 * re-sourcing it has not applied yet (its `revision` is that of the last such event it applied).
 */
export const loadOrderSourcing = async (deps: OrderDeps, orderId: string): Promise<OrderSourcingDocument | undefined> => {
  const rt = orderRuntime(deps);
  const doc = await (await readModel<OrderSourcingDocument>(rt, SOURCING)).findOne({ _id: orderId });
  return catchUp(rt, SOURCING, orderId, doc);
};

export type OrderListQuery = Readonly<{
  customerId?: string;
  status?: OrderStatus;
  channel?: string;
  /** Inclusive lower and exclusive upper bound on placedAt (ISO instants). */
  from?: string;
  to?: string;
  limit?: number;
  cursor?: string;
}>;

export type OrderPage = Readonly<{ items: readonly Omit<OrderSummaryDocument, '_id'>[]; nextCursor: string | null; limit: number }>;

const encodeCursor = (d: OrderSummaryDocument) => Buffer.from(JSON.stringify([d.placedAt, d._id])).toString('base64url');

const decodeCursor = (cursor: string): [string, string] => {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown;
    if (Array.isArray(value) && value.length === 2 && value.every((v) => typeof v === 'string')) return value as [string, string];
  } catch {
    // reported below
  }
  throw new BadRequestError('INVALID_CURSOR', 'cursor is not one this API returned', { field: 'cursor' });
};

/** ISO instants compare as text only in one form: the one events use (`toISOString`). */
const canonicalInstant = (value: string) => new Date(value).toISOString();

/**
 * `GET /orders`: newest first, keyset-paged (`nextCursor` continues after the last item, stable
 * while new orders arrive). Served by the `orders` read model, so eventually consistent.
 */
export const listOrders = async (deps: OrderDeps, q: OrderListQuery): Promise<OrderPage> => {
  const rt = orderRuntime(deps);
  const limit = Math.min(q.limit ?? rt.settings.defaultPageSize, rt.settings.maxPageSize);
  const and: Filter[] = [];
  if (q.customerId) and.push({ customerId: q.customerId });
  if (q.status) and.push({ status: q.status });
  if (q.channel) and.push({ channel: q.channel });
  if (q.from) and.push({ placedAt: { $gte: canonicalInstant(q.from) } });
  if (q.to) and.push({ placedAt: { $lt: canonicalInstant(q.to) } });
  if (q.cursor) {
    const [placedAt, id] = decodeCursor(q.cursor);
    and.push({ $or: [{ placedAt: { $lt: placedAt } }, { placedAt, _id: { $lt: id } }] });
  }
  const filter: Filter = and.length === 0 ? {} : and.length === 1 ? and[0]! : { $and: and };
  const docs = await (await readModel<OrderSummaryDocument>(rt, SUMMARIES)).find(filter, { sort: { placedAt: -1, _id: -1 }, limit: limit + 1 });
  const page = docs.slice(0, limit);
  return {
    items: page.map(({ _id: _ignored, ...rest }) => rest),
    nextCursor: docs.length > limit ? encodeCursor(page[page.length - 1]!) : null,
    limit,
  };
};
