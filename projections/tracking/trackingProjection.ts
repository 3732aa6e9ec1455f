import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { asOrderEvent, eventTime, ORDER_STREAM_PREFIX, orderIdOfStream } from '../orders/orderStreams.js';
import type { DocumentProjection } from '../runtime/projection.js';
import { returnDocumentId, TRACKING, type TrackingDocument, type TrackingOrderDocument, type TrackingReturnDocument } from './trackingDocuments.js';
import { evolveTrackingOrder } from './trackingOrderEvolve.js';
import { evolveTrackingReturn, isTrackedReturnEvent } from './trackingReturnEvolve.js';

export const RETURN_STREAM_PREFIX = 'return-';

const returnIdOf = (recorded: RecordedEvent): string => {
  const data = recorded.data as { returnId?: unknown } | null;
  return typeof data?.returnId === 'string' ? data.returnId : decodeURIComponent(recorded.streamName.slice(RETURN_STREAM_PREFIX.length));
};

/**
 * `tracking`: what the customer's tracking page shows. One document per order (`_id` = order id)
 * and one per return of it (`_id` = `return~<returnId>`, `orderId` = the order): see
 * docs/read-models.md. Read-your-writes like `GET /orders/:id`: readers fold the order stream's
 * missing tail onto the order document with this same `evolve`.
 */
export const trackingProjection = (version = 1): DocumentProjection<TrackingDocument> => ({
  kind: 'document',
  name: TRACKING,
  version,
  filter: { streamPrefixes: [ORDER_STREAM_PREFIX, RETURN_STREAM_PREFIX] },
  indexes: [{ keys: { orderId: 1, kind: 1 } }],
  documentIds: (recorded) => {
    if (recorded.streamName.startsWith(ORDER_STREAM_PREFIX)) return [orderIdOfStream(recorded.streamName)];
    return isTrackedReturnEvent(recorded.type) ? [returnDocumentId(returnIdOf(recorded))] : [];
  },
  evolve: (doc, recorded) => {
    const at = eventTime(recorded);
    if (recorded.streamName.startsWith(ORDER_STREAM_PREFIX)) {
      return evolveTrackingOrder(doc as TrackingOrderDocument | null, asOrderEvent(recorded), at, recorded.revision.toString());
    }
    return evolveTrackingReturn(doc as TrackingReturnDocument | null, recorded.type, recorded.data, at);
  },
});
