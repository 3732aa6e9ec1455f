import {
  inventoryStreamName, type InventoryState, type ReleaseReason,
} from '../../domain/inventory/index.js';
import { NotFoundError } from '../../domain/shared/errors.js';
import { deriveCommandId } from '../eventIds.js';
import { handleInventory } from './inventoryWriter.js';
import { positionSummary, type PositionSummary } from './inventoryLines.js';
import { requireNode, requireSku } from './references.js';
import { commandMetadata, outcomeOf, type CommandDeps, type Outcome, type RequestMeta } from './useCaseContext.js';

/** Longest hold a checkout may ask for: a day. Orders confirm (allocate) well before. */
export const MAX_TTL_SECONDS = 86_400;

export type ReserveInput = Readonly<{
  node: string;
  sku: string;
  quantity: number;
  orderId: string;
  lineId: string;
  ttlSeconds: number;
  /** Defaults to an id derived from the command id, so a retried request reserves once. */
  reservationId?: string;
}>;

export type ReservationView = Readonly<{
  reservationId: string;
  node: string;
  sku: string;
  orderId: string;
  lineId: string;
  quantity: number;
  status: 'held' | 'confirmed' | 'released' | 'consumed';
  expiresAt: string | null;
  outcome: Outcome;
  position: PositionSummary;
}>;

/** Where a reservation lives, when the caller only knows its id (the API resolves it from a read model). */
export type ReservationLocator = (reservationId: string) => Promise<Readonly<{ node: string; sku: string }> | undefined>;

const view = (reservationId: string, node: string, sku: string, state: InventoryState, outcome: Outcome): ReservationView => {
  const active = state.reservations.get(reservationId);
  const closed = state.closedReservations.get(reservationId);
  const r = active ?? closed;
  if (!r) throw new NotFoundError('RESERVATION_NOT_FOUND', `no reservation ${reservationId} at ${node}/${sku}`, { reservationId, node, sku });
  return {
    reservationId, node, sku, orderId: r.orderId, lineId: r.lineId,
    quantity: active ? active.quantity : r.reservedQuantity,
    status: active ? active.status : closed!.outcome,
    expiresAt: active ? active.expiresAt : null,
    outcome,
    position: positionSummary(node, sku, state),
  };
};

/**
 * Holds stock for a checkout until `now + ttlSeconds`. Refused with 409 `OUT_OF_STOCK` when the
 * position cannot cover it; the decision is taken against the latest revision of the one stream
 * holding the position, so concurrent buyers of the last units cannot both win.
 */
export const reserveStock = async (deps: CommandDeps, input: ReserveInput, meta: RequestMeta): Promise<ReservationView> => {
  await requireNode(deps, input.node);
  await requireSku(deps, input.sku);
  const reservationId = input.reservationId ?? deriveCommandId(meta.commandId, 'reservation');
  const expiresAt = new Date(Date.parse(meta.now) + input.ttlSeconds * 1000).toISOString();
  const result = await handleInventory(deps, inventoryStreamName(input.node, input.sku), {
    type: 'ReserveStock',
    data: { nodeId: input.node, sku: input.sku, reservationId, orderId: input.orderId, lineId: input.lineId, quantity: input.quantity, expiresAt },
    metadata: commandMetadata(meta),
  });
  return view(reservationId, input.node, input.sku, result.state, outcomeOf(result));
};

export type ReservationRef = Readonly<{ reservationId: string; node?: string; sku?: string }>;

const locate = async (ref: ReservationRef, locator?: ReservationLocator) => {
  if (ref.node !== undefined && ref.sku !== undefined) return { node: ref.node, sku: ref.sku };
  const found = await locator?.(ref.reservationId);
  if (!found || (ref.node !== undefined && ref.node !== found.node) || (ref.sku !== undefined && ref.sku !== found.sku)) {
    throw new NotFoundError('RESERVATION_NOT_FOUND', `no reservation ${ref.reservationId}`, { reservationId: ref.reservationId });
  }
  return found;
};

/** Allocates a hold to its order: it no longer expires. An expired hold cannot be confirmed (409 `RESERVATION_EXPIRED`). */
export const confirmReservation = async (deps: CommandDeps, ref: ReservationRef, meta: RequestMeta, locator?: ReservationLocator) => {
  const { node, sku } = await locate(ref, locator);
  const result = await handleInventory(deps, inventoryStreamName(node, sku), {
    type: 'ConfirmReservation', data: { nodeId: node, sku, reservationId: ref.reservationId }, metadata: commandMetadata(meta),
  });
  return view(ref.reservationId, node, sku, result.state, outcomeOf(result));
};

/** Gives the units back; releasing twice, or a finished reservation, changes nothing. */
export const releaseReservation = async (
  deps: CommandDeps, ref: ReservationRef & { reason?: ReleaseReason }, meta: RequestMeta, locator?: ReservationLocator,
) => {
  const { node, sku } = await locate(ref, locator);
  const result = await handleInventory(deps, inventoryStreamName(node, sku), {
    type: 'ReleaseReservation', data: { nodeId: node, sku, reservationId: ref.reservationId, reason: ref.reason ?? 'cancelled' }, metadata: commandMetadata(meta),
  });
  return view(ref.reservationId, node, sku, result.state, outcomeOf(result));
};

/** A shipment takes units out of a reservation and off the shelf (for the order flow; idempotent per shipment). */
export const consumeReservation = async (
  deps: CommandDeps, ref: ReservationRef & { shipmentId: string; quantity: number }, meta: RequestMeta, locator?: ReservationLocator,
) => {
  const { node, sku } = await locate(ref, locator);
  const result = await handleInventory(deps, inventoryStreamName(node, sku), {
    type: 'ConsumeReservation',
    data: { nodeId: node, sku, reservationId: ref.reservationId, shipmentId: ref.shipmentId, quantity: ref.quantity },
    metadata: commandMetadata(meta),
  });
  return view(ref.reservationId, node, sku, result.state, outcomeOf(result));
};
