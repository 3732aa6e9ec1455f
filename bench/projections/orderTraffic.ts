import type { Oms } from '../../api/bootstrap/openOms.js';
import { forEachLimited } from '../../application/inventory/forEachLimited.js';
import { loadPlacedOrder, recordDelivery, recordShipment, sendOrderCommand, type OrderCommandMeta } from '../../application/orders/orderCommands.js';
import { placeOrder, type DestinationInput } from '../../application/orders/placeOrder.js';
import { unitsIn } from '../../domain/order/units.js';
import type { Order } from '../../domain/order/index.js';
import { benchSku, seedInventoryNetwork, settleProjections } from '../inventory/inventorySeed.js';
import { placementDepsOf } from '../../api/bootstrap/placementDeps.js';

/**
 * Realistic order traffic through the real command path: checkout (catalog, promise, sourcing,
 * holds on the inventory streams, OrderPlaced), then the order process managers (payment on the
 * simulated gateway, sourcing, release, hold confirmation), the node's acceptance, one shipment per
 * node (stock consumption by the processes) and a delivery per shipment. Deterministic: carts and
 * destinations come from the order index.
 */
const ACTOR = { kind: 'system' as const, id: 'bench-traffic' };
const SCOPE = 'bench-traffic';

const CITIES: readonly DestinationInput[] = [
  { lat: 48.8566, lng: 2.3522, country: 'FR', region: 'Île-de-France', postalCode: '75004', city: 'Paris', line1: '1 rue de Rivoli', name: 'A. Martin' },
  { lat: 45.764, lng: 4.8357, country: 'FR', region: 'Auvergne-Rhône-Alpes', postalCode: '69002', city: 'Lyon', line1: '2 quai Saint-Antoine', name: 'B. Bernard' },
  { lat: 52.52, lng: 13.405, country: 'DE', region: 'Berlin', postalCode: '10117', city: 'Berlin', line1: 'Unter den Linden 5', name: 'C. Müller' },
  { lat: 48.1351, lng: 11.582, country: 'DE', region: 'Bayern', postalCode: '80331', city: 'München', line1: 'Marienplatz 1', name: 'D. Schmidt' },
  { lat: 43.2965, lng: 5.3698, country: 'FR', region: "Provence-Alpes-Côte d'Azur", postalCode: '13001', city: 'Marseille', line1: '3 La Canebière', name: 'E. Petit' },
];

const meta = (key: string, now: string): OrderCommandMeta => ({ idempotencyKey: key, keyScope: SCOPE, now, actor: ACTOR });

/** The cart of order `i`: 1–3 distinct SKUs, 1–2 units each. */
export const cartOf = (i: number, skus: number): { sku: string; quantity: number }[] => {
  const count = 1 + (i % 3);
  const picked = new Set<number>();
  for (let k = 0; picked.size < Math.min(count, skus); k++) picked.add((i * 7919 + k * 104_729) % skus);
  return [...picked].map((s, k) => ({ sku: benchSku(s), quantity: 1 + ((i + k) % 2) }));
};

const nodesIn = (order: Order, stages: Parameters<typeof unitsIn>[1]): string[] =>
  [...new Set(order.lines.flatMap((l) => l.units.filter((u) => (stages as readonly string[]).includes(u.stage) && u.node).map((u) => u.node!)))].sort();

export type TrafficOptions = Readonly<{ orders: number; skus: number; concurrency?: number; tag?: string }>;

/** The benchmark world: the demo network, `skus` SKUs with 1,000,000 units at both DCs; waits for the read models. */
export const seedOrderWorld = async (oms: Oms, skus: number): Promise<void> => {
  await seedInventoryNetwork({ commands: oms.commands, eventStore: oms.eventStore }, skus, 1_000_000);
  await settleProjections(oms, 300_000);
};

/** Drives `orders` orders from checkout to delivered. Needs the order processes running. */
export const driveOrders = async (oms: Oms, options: TrafficOptions): Promise<{ delivered: number; failed: number }> => {
  const processes = oms.processes;
  if (!processes) throw new Error('order traffic needs the order process managers running');
  const deps = placementDepsOf(oms);
  const tag = options.tag ?? 't';
  const ids: string[] = [];
  let failed = 0;
  const now = () => new Date().toISOString();
  const indices = Array.from({ length: options.orders }, (_, i) => i);
  await forEachLimited(indices, options.concurrency ?? 16, async (i) => {
    try {
      const placed = await placeOrder(
        deps,
        { channel: 'web', customerId: `cust-${i % 997}`, currency: 'EUR', deliveryMethod: 'standard', destination: CITIES[i % CITIES.length]!, lines: cartOf(i, options.skus) },
        { idempotencyKey: `${tag}-${i}`, keyScope: SCOPE, now: now(), actor: ACTOR },
      );
      ids.push(placed.order.orderId);
    } catch {
      failed++;
    }
  });
  await processes.waitUntilIdle(300_000);
  const shipments: { orderId: string; shipmentId: string }[] = [];
  await forEachLimited(ids, options.concurrency ?? 16, async (orderId) => {
    const order = await loadPlacedOrder(deps, orderId);
    for (const node of nodesIn(order, ['released'])) {
      if (!order.acceptedNodes.includes(node)) await sendOrderCommand(deps, orderId, meta(`${orderId}/accept/${node}`, now()), () => ({ type: 'NodeAccepted', data: { node } }));
    }
    for (const node of nodesIn(order, ['released', 'picked', 'packed'])) {
      const lines = order.lines.map((l) => ({ lineId: l.lineId, quantity: unitsIn(l, ['released', 'picked', 'packed'], node) })).filter((l) => l.quantity > 0);
      const shipmentId = `shp-${orderId.slice(4)}-${node}`;
      await recordShipment(deps, orderId, { shipmentId, node, lines, carrier: 'dpd', trackingNumber: `TRK-${orderId.slice(4)}-${node}` }, meta(`${orderId}/ship/${node}`, now()));
      shipments.push({ orderId, shipmentId });
    }
  });
  await processes.waitUntilIdle(300_000);
  await forEachLimited(shipments, options.concurrency ?? 16, async (s) => {
    await recordDelivery(deps, s.orderId, { shipmentId: s.shipmentId }, meta(`${s.orderId}/deliver/${s.shipmentId}`, now()));
  });
  await processes.waitUntilIdle(300_000);
  return { delivered: ids.length, failed };
};
