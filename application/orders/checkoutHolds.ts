import { inventoryDecider, inventoryStreamName, type InventoryState, type ReleaseReason } from '../../domain/inventory/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import { ConflictError } from '../../domain/shared/errors.js';
import { deriveCommandId } from '../eventIds.js';
import type { OrderRuntime } from './orderRuntime.js';

/** One checkout hold: `quantity` of `sku` at `node` for an order line, under a deterministic id. */
export type Hold = Readonly<{ lineId: string; sku: string; node: string; quantity: number; reservationId: string }>;

/**
 * A hold that was not taken: `available` is the position's true availability when the race was
 * lost; `stale` marks an id an earlier, compensated attempt of the same checkout already used
 * (released ids are never revived), which the next round replaces with a fresh one.
 */
export type HoldFailure = Hold & Readonly<{ available?: number; stale?: boolean }>;

export type HoldMeta = Readonly<{ orderId: string; now: string; actor: Actor; expiresAt: string }>;

/**
 * Takes every hold at once (each on its own inventory stream, so they commit in one group-commit
 * cycle). An OUT_OF_STOCK refusal is a lost race, reported back with the position's true
 * availability for the next sourcing round; any other refusal is a fault the caller compensates.
 * Command ids derive from the reservation id: a retried checkout re-sends identical commands.
 */
export const takeHolds = async (
  rt: OrderRuntime,
  holds: readonly Hold[],
  meta: HoldMeta,
): Promise<{ taken: Hold[]; lost: HoldFailure[]; faults: unknown[] }> => {
  const outcomes = await Promise.allSettled(
    holds.map((h) =>
      rt.commands.handle(inventoryDecider, inventoryStreamName(h.node, h.sku), {
        type: 'ReserveStock',
        data: { nodeId: h.node, sku: h.sku, reservationId: h.reservationId, orderId: meta.orderId, lineId: h.lineId, quantity: h.quantity, expiresAt: meta.expiresAt },
        metadata: { now: meta.now, commandId: deriveCommandId(h.reservationId, 'reserve'), actor: meta.actor, correlationId: meta.orderId },
      }),
    ),
  );
  const taken: Hold[] = [];
  const lost: HoldFailure[] = [];
  const faults: unknown[] = [];
  outcomes.forEach((o, i) => {
    const hold = holds[i]!;
    if (o.status === 'fulfilled') {
      if ((o.value.state as InventoryState).reservations.has(hold.reservationId)) taken.push(hold);
      else lost.push({ ...hold, stale: true });
    } else if (o.reason instanceof ConflictError && o.reason.code === 'RESERVATION_CLOSED') lost.push({ ...hold, stale: true });
    else if (o.reason instanceof ConflictError && o.reason.code === 'OUT_OF_STOCK') {
      const available = o.reason.details.available;
      lost.push(typeof available === 'number' ? { ...hold, available } : hold);
    } else faults.push(o.reason);
  });
  return { taken, lost, faults };
};

/**
 * Gives holds back (compensation after a failed checkout, or holds a concurrent duplicate of the
 * same checkout took at other nodes). Releasing is idempotent in the inventory decider, so a
 * retry never double-frees; failures are reported, the reaper frees whatever is left at expiry.
 */
export const releaseHolds = async (
  rt: OrderRuntime,
  holds: readonly Hold[],
  meta: Omit<HoldMeta, 'expiresAt'>,
  reason: ReleaseReason = 'compensation',
): Promise<unknown[]> => {
  const outcomes = await Promise.allSettled(
    holds.map((h) =>
      rt.commands.handle(inventoryDecider, inventoryStreamName(h.node, h.sku), {
        type: 'ReleaseReservation',
        data: { nodeId: h.node, sku: h.sku, reservationId: h.reservationId, reason },
        metadata: { now: meta.now, commandId: deriveCommandId(h.reservationId, `release:${reason}`), actor: meta.actor, correlationId: meta.orderId, reason },
      }),
    ),
  );
  return outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
};
