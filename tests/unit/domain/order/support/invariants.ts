import { expect } from 'chai';
import { add, fromJson, sum, subtract, zero, type Money } from '../../../../../domain/shared/money.js';
import {
  capturedNet, deriveStatus, lineQuantities, orderTotals, totalsIdentityHolds, type Order, type OrderEvent,
} from '../../../../../domain/order/index.js';
import { replay } from './fixtures.js';

const m = fromJson;
const gte = (a: Money, b: Money, what: string) => expect(a.amount.greaterThanOrEqualTo(b.amount), `${what}: ${a.amount} ≥ ${b.amount}`).to.equal(true);

/**
 * Invariants that must hold after every accepted command, whatever the path:
 * money (ledger order, totals identity, refunds ≤ captures, captures recomputed from the events),
 * quantities (partition of each line, shipped ≤ allocated ≤ ordered − cancelled), status (the
 * recorded status is the derived one), and replay (folding the events rebuilds the same state).
 */
export const checkInvariants = (order: Order, history: readonly OrderEvent[]): void => {
  // payment ledger per tender: authorized ≥ captured + voided, captured ≥ refunded, nothing negative
  for (const t of order.tenders) {
    for (const k of ['authorized', 'captured', 'refunded', 'voided'] as const) gte(m(t[k]), zero(order.currency), `${t.tenderId}.${k}`);
    gte(m(t.authorized), add(m(t.captured), m(t.voided)), `${t.tenderId} authorized ≥ captured + voided`);
    gte(m(t.captured), m(t.refunded), `${t.tenderId} captured ≥ refunded`);
  }
  // totals identity at every step, and never more captured (net) than the order costs
  const totals = orderTotals(order);
  expect(totalsIdentityHolds(totals, order.taxInclusive), `identity ${JSON.stringify(totals)}`).to.equal(true);
  gte(m(totals.total), capturedNet(order.tenders, order.currency), 'total ≥ captured − refunded');
  // the ledger is what the events say: captures (at auth + per hand-over) − refunds
  const fromEvents = history.reduce((acc, e) => {
    if (e.type === 'OrderPaymentAuthorized') return add(acc, m(e.data.capturedAtAuthorization));
    if ((e.type === 'OrderShipmentShipped' || e.type === 'OrderPickedUp') && e.data.fulfilment) return add(acc, sum(e.data.fulfilment.capture.allocations.map((a) => m(a.amount)), order.currency));
    if ('settlement' in e.data) return subtract(acc, sum(e.data.settlement.refunds.map((r) => m(r.amount)), order.currency));
    return acc;
  }, zero(order.currency));
  expect(fromEvents.amount.equals(capturedNet(order.tenders, order.currency).amount), 'captured − refunded = Σ events').to.equal(true);
  // quantities: each line's units partition its ordered quantity; shipped ≤ allocated ≤ ordered − cancelled
  for (const line of order.lines) {
    for (const u of line.units) expect(u.quantity, `${line.lineId} ${u.stage}`).to.be.greaterThan(0);
    expect(line.units.reduce((n, u) => n + u.quantity, 0), `${line.lineId} partition`).to.equal(line.quantity);
    const q = lineQuantities(line);
    expect(q.shipped, `${line.lineId} shipped ≤ allocated`).to.be.at.most(q.allocated);
    expect(q.allocated, `${line.lineId} allocated ≤ ordered − cancelled`).to.be.at.most(q.ordered - q.cancelled);
    expect(line.fulfilledUnits, `${line.lineId} fulfilled ≤ active`).to.be.at.most(q.active);
    // handed over = with the carrier or the customer (home delivery), or collected (pickup, ship-to-store)
    const handedOver = order.deliveryMethod === 'pickup' || order.deliveryMethod === 'ship_to_store' ? q.pickedUp : q.shipped;
    expect(line.fulfilledUnits, `${line.lineId} fulfilled units = handed over`).to.equal(handedOver);
    gte(m(line.amounts.total), m(line.fulfilledAmounts.total), `${line.lineId} amount ≥ handed over`);
  }
  // a fully handed-over order has captured exactly its total
  if (['delivered', 'picked_up', 'completed'].includes(order.status)) {
    expect(capturedNet(order.tenders, order.currency).amount.toFixed(), `captured at ${order.status}`).to.equal(m(totals.total).amount.toFixed());
  }
  // recorded status = derived status; replay (also after a JSON round trip) rebuilds the same state
  expect(order.status, 'recorded status is the derived one').to.equal(deriveStatus(order));
  expect(replay(history)).to.deep.equal(order);
  expect(replay(JSON.parse(JSON.stringify(history)))).to.deep.equal(order);
};
