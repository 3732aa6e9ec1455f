import { orderStreamName } from '../../../domain/order/index.js';
import { StreamNotFoundError } from '../../../infrastructure/eventstore/errors.js';
import type { TrackingDocument, TrackingOrderDocument, TrackingReturnDocument } from '../../../projections/tracking/trackingDocuments.js';
import { trackingProjection } from '../../../projections/tracking/trackingProjection.js';
import { matchesFilter } from '../../../projections/runtime/projection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { projectionCollection } from '../inventory/readModelAccess.js';

const TRACKING = trackingProjection();

export type TrackingData = Readonly<{ order: TrackingOrderDocument; returns: readonly TrackingReturnDocument[] }>;

/**
 * The order's tracking document, read-your-writes: when the read model is behind the order
 * stream (projection lag, another instance's write), the missing tail is folded onto it with the
 * projection's own evolve — so the page shows a cancel the moment it was answered. Returns come
 * from the read model as is (eventually consistent).
 */
export const loadTracking = async (oms: OmsContext, orderId: string): Promise<TrackingData | undefined> => {
  const collection = await projectionCollection<TrackingDocument>(oms, TRACKING, TRACKING.name);
  const [doc, returns] = await Promise.all([
    collection.findOne({ _id: orderId }),
    collection.find({ orderId, kind: 'return' }, { sort: { requestedAt: 1, _id: 1 } }),
  ]);
  let order = doc?.kind === 'order' ? doc : null;
  try {
    const from = order ? BigInt(order.revision) + 1n : 0n;
    for await (const e of oms.eventStore.readStream(orderStreamName(orderId), { fromRevision: from })) {
      if (matchesFilter(e, TRACKING.filter)) order = TRACKING.evolve(order, e, orderId) as TrackingOrderDocument | null;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
    return undefined;
  }
  return order ? { order, returns: returns as TrackingReturnDocument[] } : undefined;
};
