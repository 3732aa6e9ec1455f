import { isPlaced, orderDecider, orderStreamName, type Order, type OrderState } from '../../../domain/order/index.js';
import type { Actor } from '../../../domain/shared/decider.js';
import { cancelOrder, recordDelivery, recordShipment, reviewFraud, sendOrderCommand, type OrderCommandMeta } from '../../orders/orderCommands.js';
import { orderIdFor, placeOrder, type PlacementDeps } from '../../orders/placeOrder.js';
import type { Anomalies } from './anomalies.js';
import type { OlistOrderRecord } from './olistDataset.js';
import { nodeOf, skuOf } from './olistSettings.js';
import type { Step } from './olistTimeline.js';

/**
 * One timeline step through the same use cases the HTTP API calls (placement, order commands),
 * with the recorded instant as `metadata.now`. The fulfilment process manager does the rest
 * between steps (confirming holds, payment, sourcing, release, consumption, capture), as it
 * would for live traffic. Idempotency keys derive from the Olist order id, so re-running an
 * import over the same store replays instead of duplicating.
 */
export const IMPORT_ACTOR: Actor = { kind: 'system', id: 'import-olist' };
export const IMPORT_KEY_SCOPE = 'import:olist';

export const importedOrderId = (olistOrderId: string): string => orderIdFor(IMPORT_KEY_SCOPE, olistOrderId);

const meta = (o: OlistOrderRecord, purpose: string, now: string): OrderCommandMeta => ({
  idempotencyKey: `${o.orderId}:${purpose}`,
  keyScope: IMPORT_KEY_SCOPE,
  now,
  actor: IMPORT_ACTOR,
});

const loadOrder = async (deps: PlacementDeps, orderId: string): Promise<Order | undefined> => {
  const { state } = await deps.commands.load(orderDecider, orderStreamName(orderId));
  return isPlaced(state as OrderState) ? (state as Order) : undefined;
};

/** Units of the order at each node in the given stages, per line. */
const unitsAt = (order: Order, stages: readonly string[]): Map<string, { lineId: string; quantity: number }[]> => {
  const byNode = new Map<string, { lineId: string; quantity: number }[]>();
  for (const line of order.lines) {
    for (const u of line.units) {
      if (!u.node || !stages.includes(u.stage) || u.quantity <= 0) continue;
      const list = byNode.get(u.node) ?? [];
      const same = list.find((x) => x.lineId === line.lineId);
      if (same) same.quantity += u.quantity;
      else list.push({ lineId: line.lineId, quantity: u.quantity });
      byNode.set(u.node, list);
    }
  }
  return byNode;
};

export const placeStep = async (deps: PlacementDeps, o: OlistOrderRecord): Promise<void> => {
  await placeOrder(
    deps,
    {
      channel: 'marketplace',
      customerId: o.customerId,
      currency: 'BRL',
      deliveryMethod: 'standard',
      destination: { lat: o.destination.lat, lng: o.destination.lng, country: 'BR', region: o.destination.state, postalCode: o.destination.zip, city: o.destination.city },
      lines: o.items.map((i) => ({ sku: skuOf(i.productId), quantity: i.quantity, node: nodeOf(i.sellerId) })),
      ...(o.estimatedDate ? { externalPromise: { source: 'olist:order_estimated_delivery_date', deliverBy: o.estimatedDate } } : {}),
    },
    { idempotencyKey: o.orderId, keyScope: IMPORT_KEY_SCOPE, now: o.purchasedAt, actor: IMPORT_ACTOR },
  );
};

/** After placement: an order the fraud screening held is approved (Olist approved it), counted. */
export const releaseFromReview = async (deps: PlacementDeps, o: OlistOrderRecord, anomalies: Anomalies): Promise<boolean> => {
  const order = await loadOrder(deps, importedOrderId(o.orderId));
  if (!order?.fraud.onHold) return false;
  anomalies.count('order: held by fraud screening (approved, as Olist did)');
  await reviewFraud(deps, order.orderId, { decision: 'approve', note: 'approved by the recorded marketplace history' }, meta(o, 'review', o.purchasedAt));
  return true;
};

/** Runs one non-placement step; a step with nothing to act on is counted, not forced. */
export const orderStep = async (deps: PlacementDeps, step: Step, anomalies: Anomalies): Promise<void> => {
  const o = step.order;
  const orderId = importedOrderId(o.orderId);
  const order = await loadOrder(deps, orderId);
  if (!order) {
    anomalies.count(`${step.kind}: order not in the ledger (skipped)`);
    return;
  }
  switch (step.kind) {
    case 'accept': {
      const released = unitsAt(order, ['released']);
      if (released.size === 0) anomalies.count(`accept: nothing released to a seller (status ${order.status})`);
      for (const node of [...released.keys()].sort()) {
        await sendOrderCommand(deps, orderId, meta(o, `accept:${node}`, step.at), () => ({ type: 'NodeAccepted', data: { node } }));
      }
      return;
    }
    case 'ship': {
      const ready = unitsAt(order, ['released', 'picked', 'packed']);
      if (ready.size === 0) anomalies.count(`ship: nothing to hand over (status ${order.status})`);
      for (const [node, lines] of [...ready].sort(([a], [b]) => (a < b ? -1 : 1))) {
        const shipmentId = `shp-${o.orderId}-${node}`;
        await recordShipment(deps, orderId, { shipmentId, node, lines, carrier: 'olist-carrier', trackingNumber: shipmentId, shippedAt: step.at }, meta(o, `ship:${node}`, step.at));
      }
      return;
    }
    case 'deliver': {
      const open = order.shipments.filter((s) => s.deliveredAt === undefined);
      if (open.length === 0) anomalies.count(`deliver: no shipment in transit (status ${order.status})`);
      for (const s of open) await recordDelivery(deps, orderId, { shipmentId: s.shipmentId, deliveredAt: step.at }, meta(o, `deliver:${s.shipmentId}`, step.at));
      return;
    }
    case 'cancel':
      await cancelOrder(deps, orderId, { reason: `olist status ${o.status}` }, meta(o, 'cancel', step.at));
      return;
    default:
      return;
  }
};
