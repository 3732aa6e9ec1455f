import { parseInstant, type InventoryEvent, type ReleaseReason } from '../../domain/inventory/index.js';
import type { DocumentProjection } from '../runtime/projection.js';

export const INVENTORY_RESERVATIONS = 'inventory_reservations';

/**
 * One document per reservation ever made (`_id` = `<nodeId>~<sku>~<reservationId>`; node ids and
 * SKUs never contain `~`). The reaper reads the held ones past `expiresAtMs`; the reservation API
 * resolves a reservation id to its position here.
 */
export type ReservationDocument = {
  _id: string;
  nodeId: string;
  sku: string;
  reservationId: string;
  orderId: string;
  lineId: string;
  /** Units still reserved (shrinks as shipments consume it; 0 once closed). */
  quantity: number;
  reservedQuantity: number;
  status: 'held' | 'confirmed' | 'released' | 'consumed';
  /** Held reservations only: when the hold runs out (ISO) and the same instant in epoch ms, for the reaper's range query. */
  expiresAt: string | null;
  expiresAtMs: number | null;
  releaseReason?: ReleaseReason;
  reservedAt: string;
  updatedAt: string;
  lastPosition: string;
};

export const reservationDocId = (nodeId: string, sku: string, reservationId: string): string => `${nodeId}~${sku}~${reservationId}`;

const RESERVATION_EVENTS = ['StockReserved', 'ReservationConfirmed', 'ReservationReleased', 'ReservationConsumed'];

export const reservationsProjection = (version = 1): DocumentProjection<ReservationDocument> => ({
  kind: 'document',
  name: INVENTORY_RESERVATIONS,
  version,
  filter: { streamPrefixes: ['inventory-'], eventTypes: RESERVATION_EVENTS },
  // `sku`: the scheduled drift check loads a sample of SKUs' reservations by `$in` (sampledCollections.ts).
  indexes: [{ keys: { status: 1, expiresAtMs: 1 } }, { keys: { reservationId: 1 } }, { keys: { orderId: 1 } }, { keys: { sku: 1 } }],
  documentIds: (recorded) => {
    const data = recorded.data as { nodeId: string; sku: string; reservationId: string };
    return [reservationDocId(data.nodeId, data.sku, data.reservationId)];
  },
  evolve: (doc, recorded, id) => {
    const event = { type: recorded.type, data: recorded.data } as unknown as InventoryEvent;
    const at = typeof recorded.metadata.now === 'string' ? recorded.metadata.now : recorded.created.toISOString();
    const touched = { updatedAt: at, lastPosition: recorded.position.toString() };
    switch (event.type) {
      case 'StockReserved': {
        const { nodeId, sku, reservationId, orderId, lineId, quantity, expiresAt } = event.data;
        return {
          _id: id, nodeId, sku, reservationId, orderId, lineId, quantity, reservedQuantity: quantity, status: 'held',
          expiresAt, expiresAtMs: parseInstant(expiresAt) ?? null, reservedAt: at, ...touched,
        };
      }
      case 'ReservationConfirmed':
        return doc && { ...doc, status: 'confirmed', expiresAt: null, expiresAtMs: null, ...touched };
      case 'ReservationReleased':
        return doc && { ...doc, status: 'released', quantity: 0, expiresAt: null, expiresAtMs: null, releaseReason: event.data.reason, ...touched };
      case 'ReservationConsumed': {
        if (!doc) return doc;
        const quantity = doc.quantity - event.data.quantity;
        return { ...doc, quantity, ...(quantity === 0 ? { status: 'consumed', expiresAt: null, expiresAtMs: null } : {}), ...touched };
      }
      default:
        return doc;
    }
  },
});
