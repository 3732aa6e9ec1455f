import type { Anomalies } from './anomalies.js';
import type { OlistOrderRecord } from './olistDataset.js';

/**
 * Each order's recorded life as OMS steps at their recorded instants, repaired where the data
 * contradicts itself (each repair counted), then every step of every order merged in time
 * order — the order the importer sends the commands in, so the learned promise sees the past
 * exactly as it happened:
 *
 *   place   purchase timestamp (our promise is quoted then)
 *   accept  approval: the seller takes the paid order (NodeAccepted)
 *   ship    carrier hand-over (RecordShipped, one shipment per seller)
 *   deliver delivery to the customer (RecordDelivered)
 *   cancel  canceled / unavailable orders, at approval (else purchase)
 */
export type StepKind = 'place' | 'accept' | 'ship' | 'deliver' | 'cancel';
export type Step = Readonly<{ at: string; kind: StepKind; order: OlistOrderRecord }>;

const RANK: Readonly<Record<StepKind, number>> = { place: 0, accept: 1, cancel: 1, ship: 2, deliver: 3 };
/** Olist statuses that end an order without a delivery: the import cancels them at approval. */
export const CANCELLED_STATUSES: ReadonlySet<string> = new Set(['canceled', 'cancelled', 'unavailable']);

const max = (a: string, b: string) => (a > b ? a : b);

export const planOrder = (o: OlistOrderRecord, anomalies: Anomalies): Step[] => {
  const count = (reason: string) => anomalies.count(`order: ${reason}`);
  const steps: Step[] = [{ at: o.purchasedAt, kind: 'place', order: o }];
  let approved = o.approvedAt;
  if (approved && approved < o.purchasedAt) {
    count('approved before purchase (approved at purchase)');
    approved = o.purchasedAt;
  }
  if (CANCELLED_STATUSES.has(o.status)) {
    if (o.handedOverAt || o.deliveredAt) count(`${o.status} after hand-over (hand-over and delivery ignored)`);
    steps.push({ at: approved ?? o.purchasedAt, kind: 'cancel', order: o });
    return steps;
  }
  let shipped = o.handedOverAt;
  let delivered = o.deliveredAt;
  if (shipped && shipped < o.purchasedAt) {
    count('handed over before purchase (hand-over dropped)');
    shipped = undefined;
  }
  if (delivered && delivered < o.purchasedAt) {
    count('delivered before purchase (delivery dropped)');
    delivered = undefined;
  }
  if (delivered && shipped && delivered < shipped) {
    count('delivered before hand-over (shipped at delivery)');
    shipped = delivered;
  }
  if (delivered && !shipped) {
    count('delivered without hand-over (shipped at delivery)');
    shipped = delivered;
  }
  if (!approved) {
    count(shipped ? 'no approval timestamp but handed over (approved at purchase)' : `no approval timestamp (approved at purchase, status ${o.status})`);
    approved = o.purchasedAt;
  }
  if (shipped && shipped < approved) {
    count('handed over before approval (approval moved to hand-over)');
    approved = shipped;
  }
  if (o.status === 'delivered' && !delivered) count('status delivered without delivery timestamp (left in transit)');
  steps.push({ at: max(approved, o.purchasedAt), kind: 'accept', order: o });
  if (shipped) steps.push({ at: shipped, kind: 'ship', order: o });
  if (delivered) steps.push({ at: delivered, kind: 'deliver', order: o });
  return steps;
};

/** Every order's steps in time order (ties: the order's own sequence, then order id). */
export const timeline = (orders: readonly OlistOrderRecord[], anomalies: Anomalies): Step[] =>
  orders
    .flatMap((o) => planOrder(o, anomalies))
    .sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : RANK[a.kind] - RANK[b.kind] || (a.order.orderId < b.order.orderId ? -1 : a.order.orderId > b.order.orderId ? 1 : 0)));
