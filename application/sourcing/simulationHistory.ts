import { NODE_EVENT_TYPES, nodeDecider, nodeFromState, type FulfilmentNode, type NodeEvent, type NodeState } from '../../domain/network/index.js';
import type { OrderPlaced } from '../../domain/order/index.js';
import type { EventStore, GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';

/**
 * One pass over the log for `oms simulate`: every order placed in the window with the network as
 * it was registered just before its OrderPlaced (node configuration is folded from the node
 * streams in log order, so a node registered or closed later does not leak into the past), and
 * whether and when all its units were delivered. Read-only: nothing is appended anywhere.
 */
export type SimulationWindow = Readonly<{ from?: string; to?: string }>;

export type PlacedOrderRecord = Readonly<{
  orderId: string;
  stream: string;
  position: GlobalPosition;
  placed: OrderPlaced['data'];
  /** Network as of the placement (every registered node, in id order). */
  nodes: readonly FulfilmentNode[];
  /** Instant of the last delivery once every unit was delivered. */
  deliveredAt?: string;
}>;

type Move = Readonly<{ quantity: number; to: Readonly<{ stage: string }> }>;

const inWindow = (placedAt: string, w: SimulationWindow): boolean => (!w.from || placedAt >= w.from) && (!w.to || placedAt < w.to);

export const readPlacedOrders = async (eventStore: EventStore, window: SimulationWindow): Promise<PlacedOrderRecord[]> => {
  const nodeStates = new Map<string, NodeState>();
  let snapshot: readonly FulfilmentNode[] | null = null;
  const orders = new Map<string, PlacedOrderRecord & { units: number; delivered: number; lastDelivery?: string }>();
  const filter = { streamPrefixes: ['node-', 'order-'], eventTypes: [...NODE_EVENT_TYPES, 'OrderPlaced', 'OrderShipmentDelivered'] };
  for await (const e of eventStore.readAll({ filter })) {
    if ((NODE_EVENT_TYPES as readonly string[]).includes(e.type)) {
      const id = (e.data as { nodeId: string }).nodeId;
      nodeStates.set(id, nodeDecider.evolve(nodeStates.get(id) ?? nodeDecider.initialState(), { type: e.type, data: e.data } as NodeEvent));
      snapshot = null; // the next order sees the changed network
      continue;
    }
    if (e.type === 'OrderPlaced') {
      const placed = e.data as unknown as OrderPlaced['data'];
      if (!inWindow(placed.placedAt, window)) continue;
      snapshot ??= [...nodeStates.keys()].sort().flatMap((id) => {
        const node = nodeFromState(nodeStates.get(id)!);
        return node ? [node] : [];
      });
      orders.set(e.streamName, {
        orderId: placed.orderId,
        stream: e.streamName,
        position: e.position,
        placed,
        nodes: snapshot,
        units: placed.lines.reduce((n, l) => n + l.quantity, 0),
        delivered: 0,
      });
      continue;
    }
    const o = orders.get(e.streamName);
    if (!o) continue;
    const data = e.data as unknown as { deliveredAt: string; moves?: readonly Move[] };
    o.delivered += (data.moves ?? []).filter((m) => m.to.stage === 'delivered').reduce((n, m) => n + m.quantity, 0);
    if (!o.lastDelivery || data.deliveredAt > o.lastDelivery) o.lastDelivery = data.deliveredAt;
  }
  return [...orders.values()].map(({ units, delivered, lastDelivery, ...record }) =>
    lastDelivery && delivered >= units ? { ...record, deliveredAt: lastDelivery } : record,
  );
};
