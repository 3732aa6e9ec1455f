import { availableToSell, inventoryDecider, inventoryStreamName, type InventoryEvent, type InventoryState } from '../../domain/inventory/index.js';
import type { UnitMove } from '../../domain/order/index.js';
import type { EventStore, GlobalPosition, JsonValue, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import { rememberSnapshot, snapshotBefore } from './inventorySnapshots.js';

/**
 * What a sourcing decision on an order "saw": for every (SKU, node) the decision placed units at,
 * the inventory position as the ledger held it just before the decision was recorded (all
 * inventory events with a global position lower than the decision's). That is the availability
 * the decider was entitled to see; if the application read a lagging read model, it saw at most
 * this. What the sourcing engine itself recorded — OrderPlaced's `checkout.sourcing` rounds, with
 * every candidate node's units available, the exclusions and the reservations that lost a race —
 * is surfaced verbatim as `recorded`, next to the reconstruction.
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

/** The engine's own record: OrderPlaced's `checkout.sourcing` rounds (decision with every candidate's units available, exclusions, lost reservations). */
const recordedSnapshot = (event: RecordedEvent): JsonValue | null => {
  const data = event.data as Record<string, JsonValue | undefined>;
  const checkout = data.checkout as Record<string, JsonValue | undefined> | undefined;
  return checkout?.sourcing ?? data.decision ?? data.availability ?? null;
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

type Seen = { state: InventoryState; revision: bigint | undefined };

/**
 * Folds one inventory stream once and captures its state just before each of the given global
 * positions (ascending): one read per stream however many decisions looked at it.
 */
export const inventoryBefore = async (eventStore: EventStore, node: string, sku: string, positions: readonly GlobalPosition[]): Promise<Seen[]> => {
  const stream = inventoryStreamName(node, sku);
  const seen: Seen[] = [];
  const start = positions.length > 0 ? snapshotBefore(eventStore, stream, positions[0]!) : undefined;
  let state = start?.state ?? inventoryDecider.initialState();
  let revision = start?.revision;
  let lastPosition = start?.lastPosition ?? 0n;
  const capture = (upTo: GlobalPosition) => {
    while (seen.length < positions.length && positions[seen.length]! <= upTo) seen.push({ state, revision });
  };
  try {
    for await (const event of eventStore.readStream(stream, revision === undefined ? {} : { fromRevision: revision + 1n })) {
      capture(event.position);
      if (seen.length === positions.length) break;
      state = inventoryDecider.evolve(state, { type: event.type, data: event.data } as InventoryEvent);
      revision = event.revision;
      lastPosition = event.position;
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  while (seen.length < positions.length) seen.push({ state, revision });
  rememberSnapshot(eventStore, stream, { lastPosition, revision, state });
  return seen;
};

export const stockSeen = (orderId: string, node: string, sku: string, { state, revision }: Seen): StockSeen => {
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

const pairKey = (node: string, sku: string) => `${node}\u0000${sku}`;

/** Each sourcing decision with the availability it saw at the nodes it chose. */
export const sourcingAsOf = async (eventStore: EventStore, orderId: string, events: readonly RecordedEvent[]): Promise<SourcingDecisionView[]> => {
  const decisions = sourcingDecisions(events);
  // Which decision positions each (node, sku) stream must be seen at; decisions are in log order.
  const wanted = new Map<string, { node: string; sku: string; positions: GlobalPosition[] }>();
  for (const d of decisions) {
    for (const a of d.allocations) {
      const entry = wanted.get(pairKey(a.node, a.sku)) ?? { node: a.node, sku: a.sku, positions: [] };
      if (entry.positions.at(-1) !== BigInt(d.position)) entry.positions.push(BigInt(d.position));
      wanted.set(pairKey(a.node, a.sku), entry);
    }
  }
  const folded = new Map<string, Map<bigint, Seen>>();
  await Promise.all(
    [...wanted].map(async ([key, w]) => {
      const states = await inventoryBefore(eventStore, w.node, w.sku, w.positions);
      folded.set(key, new Map(w.positions.map((p, i) => [p, states[i]!])));
    }),
  );
  return decisions.map((d) => {
    const pairs = [...new Map(d.allocations.map((a) => [pairKey(a.node, a.sku), a])).values()]
      .sort((a, b) => (a.node === b.node ? (a.sku < b.sku ? -1 : 1) : a.node < b.node ? -1 : 1));
    const availability = pairs.map((a) => stockSeen(orderId, a.node, a.sku, folded.get(pairKey(a.node, a.sku))!.get(BigInt(d.position))!));
    return { ...d, availability };
  });
};
