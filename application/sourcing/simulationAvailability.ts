import { positionFromState } from '../../domain/inventory/index.js';
import { buildAvailabilityIndex, type AvailabilityIndex } from '../../domain/promise/index.js';
import type { EventStore, GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';
import { inventoryBefore } from '../audit/sourcingAsOf.js';
import { holderKey, type HolderPairs } from './simulationHolders.js';
import type { PlacedOrderRecord } from './simulationHistory.js';

/**
 * Availability as checkout saw it, per replayed order: every (node of the network then, SKU of the
 * order) inventory stream folded up to just before the order's OrderPlaced (the audit's
 * `inventoryBefore`, which reuses in-process snapshots of hot streams). Checkout reserves before
 * it writes OrderPlaced, so the units this very order reserved are added back: sourcing decided
 * before those reservations existed. Each stream is read once for all the orders that need it.
 * With `holders`, only the (node, SKU) streams listed there are read: any other never held stock.
 */
type Row = { nodeId: string; sku: string; available: number; expected: { quantity: number; eta: string }[] };

export const availabilityAsOfPlacement = async (eventStore: EventStore, orders: readonly PlacedOrderRecord[], holders?: HolderPairs): Promise<Map<string, AvailabilityIndex>> => {
  const wanted = new Map<string, { node: string; sku: string; positions: GlobalPosition[] }>();
  for (const o of [...orders].sort((a, b) => (a.position < b.position ? -1 : 1))) {
    for (const sku of new Set(o.placed.lines.map((l) => l.sku))) {
      for (const n of o.nodes) {
        if (holders && !holders.has(holderKey(n.id, sku))) continue;
        const entry = wanted.get(holderKey(n.id, sku)) ?? { node: n.id, sku, positions: [] };
        entry.positions.push(o.position);
        wanted.set(holderKey(n.id, sku), entry);
      }
    }
  }
  const rowsByOrder = new Map<string, Row[]>();
  const reservedBy = new Map(orders.map((o) => [o.position, o.orderId]));
  const streamOf = new Map(orders.map((o) => [o.position, o.stream]));
  // Sequential per stream keeps memory flat; the streams are small next to the scan of the log.
  for (const w of wanted.values()) {
    const seen = await inventoryBefore(eventStore, w.node, w.sku, w.positions);
    w.positions.forEach((p, i) => {
      const { state } = seen[i]!;
      const orderId = reservedBy.get(p)!;
      let own = 0;
      for (const r of state.reservations.values()) if (r.orderId === orderId) own += r.quantity;
      const available = Math.max(0, state.onHand - (state.reserved - own) - state.safetyStock);
      const expected = (positionFromState(state)?.supplies ?? []).map((s) => ({ quantity: s.quantity, eta: s.eta }));
      if (available === 0 && expected.length === 0) return;
      const key = streamOf.get(p)!;
      const rows = rowsByOrder.get(key) ?? [];
      rows.push({ nodeId: w.node, sku: w.sku, available, expected });
      rowsByOrder.set(key, rows);
    });
  }
  return new Map(orders.map((o) => [o.stream, buildAvailabilityIndex(rowsByOrder.get(o.stream) ?? [])]));
};
