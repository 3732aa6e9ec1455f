import { availableToSell, inventoryDecider, inventoryStreamName, type InventoryEvent, type InventoryState } from '../../domain/inventory/index.js';
import type { UnitMove } from '../../domain/order/index.js';
import type { EventStore, GlobalPosition, JsonValue, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';

/**
 * What a sourcing decision on an order "saw": for every (SKU, node) the decision placed units at,
 * the inventory position as the ledger held it just before the decision was recorded (all
 * inventory events with a global position lower than the decision's). That is the availability
 * the decider was entitled to see; if the application read a lagging read model, it saw at most
 * this. When a decision event carries its own input snapshot (`data.decision` /
 * `data.availability`, as a richer sourcing step may record), it is surfaced verbatim as
 * `recorded`, next to the reconstruction.
 */
export type StockSeen = Readonly<{
  node: string;
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  /** Units of `reserved` held for this very order (checkout reservations are taken before OrderPlaced). */
  reservedForOrder: number;
  /** Revision of the inventory stream seen (null: no stock had ever been recorded there). */
  inventoryRevision: string | null;
}>;

export type Allocation = Readonly<{ lineId: string; sku: string; node: string; quantity: number }>;

export type SourcingDecisionView = Readonly<{
  /** checkout = the node proposed per line in OrderPlaced; sourcing = RecordSourcing; resourcing = after a node rejected. */
  kind: 'checkout' | 'sourcing' | 'resourcing';
  eventType: string;
  revision: string;
  position: string;
  at: string | null;
  allocations: readonly Allocation[];
  recorded: JsonValue | null;
  availability: readonly StockSeen[];
}>;

type LineRef = Readonly<{ lineId: string; sku: string }>;

const KIND: Readonly<Record<string, SourcingDecisionView['kind']>> = {
  OrderPlaced: 'checkout',
  OrderSourcingRecorded: 'sourcing',
  OrderLinesResourced: 'resourcing',
};

const allocationsOf = (event: RecordedEvent, skuOf: (lineId: string) => string | undefined): Allocation[] => {
  const data = event.data as Record<string, unknown>;
  if (event.type === 'OrderPlaced') {
    const lines = (data.lines ?? []) as readonly { lineId: string; sku: string; quantity: number; proposedNode?: string }[];
    return lines.flatMap((l) => (l.proposedNode ? [{ lineId: l.lineId, sku: l.sku, node: l.proposedNode, quantity: l.quantity }] : []));
  }
  const moves = (data.moves ?? []) as readonly UnitMove[];
  return moves.flatMap((m) => {
    const sku = skuOf(m.lineId);
    return m.to.stage === 'allocated' && m.to.node && sku ? [{ lineId: m.lineId, sku, node: m.to.node, quantity: m.quantity }] : [];
  });
};

const recordedSnapshot = (event: RecordedEvent): JsonValue | null => {
  const data = event.data as Record<string, JsonValue | undefined>;
  return data.decision ?? data.availability ?? null;
};

/** The sourcing decisions among an order's events (in stream order), without availability yet. */
export const sourcingDecisions = (events: readonly RecordedEvent[]): Omit<SourcingDecisionView, 'availability'>[] => {
  const skus = new Map<string, string>();
  const out: Omit<SourcingDecisionView, 'availability'>[] = [];
  for (const event of events) {
    if (event.type === 'OrderPlaced') {
      for (const l of ((event.data as { lines?: readonly LineRef[] }).lines ?? [])) skus.set(l.lineId, l.sku);
    }
    const kind = KIND[event.type];
    if (!kind) continue;
    out.push({
      kind,
      eventType: event.type,
      revision: event.revision.toString(),
      position: event.position.toString(),
      at: typeof event.metadata.now === 'string' ? event.metadata.now : null,
      allocations: allocationsOf(event, (lineId) => skus.get(lineId)),
      recorded: recordedSnapshot(event),
    });
  }
  return out;
};

/** Folds one inventory stream up to (excluding) a global position. */
export const inventoryBefore = async (eventStore: EventStore, node: string, sku: string, before: GlobalPosition): Promise<{ state: InventoryState; revision: bigint | undefined }> => {
  let state = inventoryDecider.initialState();
  let revision: bigint | undefined;
  try {
    for await (const event of eventStore.readStream(inventoryStreamName(node, sku))) {
      if (event.position >= before) break;
      state = inventoryDecider.evolve(state, { type: event.type, data: event.data } as InventoryEvent);
      revision = event.revision;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return { state, revision };
};

export const stockSeen = async (eventStore: EventStore, orderId: string, node: string, sku: string, before: GlobalPosition): Promise<StockSeen> => {
  const { state, revision } = await inventoryBefore(eventStore, node, sku, before);
  let reservedForOrder = 0;
  for (const r of state.reservations.values()) if (r.orderId === orderId) reservedForOrder += r.quantity;
  return {
    node,
    sku,
    onHand: state.onHand,
    reserved: state.reserved,
    safetyStock: state.safetyStock,
    available: availableToSell(state),
    reservedForOrder,
    inventoryRevision: revision === undefined ? null : revision.toString(),
  };
};

/** Each sourcing decision with the availability it saw at the nodes it chose. */
export const sourcingAsOf = async (eventStore: EventStore, orderId: string, events: readonly RecordedEvent[]): Promise<SourcingDecisionView[]> => {
  const decisions = sourcingDecisions(events);
  return Promise.all(
    decisions.map(async (d) => {
      const pairs = [...new Map(d.allocations.map((a) => [`${a.node}\u0000${a.sku}`, a])).values()]
        .sort((a, b) => (a.node === b.node ? (a.sku < b.sku ? -1 : 1) : a.node < b.node ? -1 : 1));
      const availability = await Promise.all(pairs.map((a) => stockSeen(eventStore, orderId, a.node, a.sku, BigInt(d.position))));
      return { ...d, availability };
    }),
  );
};
