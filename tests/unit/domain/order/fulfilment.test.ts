import { expect } from 'chai';
import { DEFAULT_TAX_RULES, priceOrder, pricingToJson } from '../../../../domain/pricing/index.js';
import {
  capturedNet, orderDecider, orderTotals, type OrderPickedUp, type OrderPickupExpired, type OrderShipmentShipped, type PlaceOrder,
} from '../../../../domain/order/index.js';
import { expectJsonSafe, specFor } from '../support/givenWhenThen.js';
import { asOrder, command, later, placeOrder, run, SHIPPING_RATES } from './support/fixtures.js';
import { authorize, deliver, historyOf, PLACE_PICKUP, PLACE_S2S, ship, sourceAll, steps } from './support/scenarios.js';

const given = specFor(orderDecider);
const captures = (events: readonly { type: string }[]) =>
  events.filter((e): e is OrderShipmentShipped | OrderPickedUp => e.type === 'OrderShipmentShipped' || e.type === 'OrderPickedUp').map((e) => e.data.fulfilment?.capture.amount.amount ?? 'none');

/** One line of 3 × 10.00 with 1.00 off the order: 29.00 does not split evenly in three. */
const ODD: PlaceOrder = (() => {
  const base = placeOrder({ lines: [{ lineId: 'L1', sku: 'SKU-SOCKS', quantity: 3, unitPrice: '10.00', taxClass: 'standard', weightGrams: 100, node: 'dc-paris' }] });
  const pricing = pricingToJson(
    priceOrder({
      currency: 'EUR',
      lines: [{ lineId: 'L1', sku: 'SKU-SOCKS', quantity: 3, unitPrice: { amount: '10.00', currency: 'EUR' }, taxClass: 'standard', weightGrams: 100 }],
      destination: { country: 'FR' },
      deliveryMethod: 'standard',
      taxRules: DEFAULT_TAX_RULES,
      shippingRates: SHIPPING_RATES,
      promotions: [{ id: 'one-off', kind: 'amount_off', amount: { amount: '1.00', currency: 'EUR' }, combinable: true }],
    }),
  );
  return { ...base, data: { ...base.data, pricing } };
})();

describe('fulfilment: shipments capture per hand-over', () => {
  it('captures each shipment’s share, shipping with the first, and exactly the total by the last', () => {
    const { events, state } = run([
      ...steps.released(ODD),
      ship('s1', [{ lineId: 'L1', quantity: 1 }]),
      ship('s2', [{ lineId: 'L1', quantity: 1 }]),
      ship('s3', [{ lineId: 'L1', quantity: 1 }]),
    ]);
    expect(captures(events)).to.deep.equal(['15.57', '9.66', '9.67']); // 9.67 + 5.90, then 19.33 split 9.66 / 9.67
    const order = asOrder(state);
    expect(order.status).to.equal('shipped');
    expect(capturedNet(order.tenders, 'EUR').amount.toFixed(2)).to.equal(orderTotals(order).total.amount);
    expect(order.shipments.map((s) => s.captured.amount)).to.deep.equal(['15.57', '9.66', '9.67']);
    expectJsonSafe(events);
  });

  it('moves through partially_shipped, shipped, partially_delivered, delivered, completed', () => {
    const { state } = run([
      ...steps.released(),
      ship('s1', [{ lineId: 'L1', quantity: 2 }]),
      ship('s2', [{ lineId: 'L2', quantity: 1 }]),
      deliver('s1'),
      deliver('s2'),
      command('Complete', {}, later(80)),
    ]);
    expect(asOrder(state).history.map((h) => h.to)).to.deep.equal([
      'placed', 'payment_authorized', 'sourced', 'released', 'partially_shipped', 'shipped', 'partially_delivered', 'delivered', 'completed',
    ]);
  });

  it('refuses a second shipment with the same id, more than was released, and a second delivery', () => {
    const shipped = historyOf([...steps.released(), ship('s1', [{ lineId: 'L1', quantity: 1 }])]);
    given(shipped).when(ship('s1', [{ lineId: 'L1', quantity: 1 }])).thenFails('DUPLICATE_SHIPMENT');
    given(shipped).when(ship('s2', [{ lineId: 'L1', quantity: 2 }])).thenFails('QUANTITY_NOT_AVAILABLE');
    given(historyOf(steps.delivered())).when(deliver('shp-1')).thenFails('ILLEGAL_TRANSITION'); // delivered: nothing left to deliver
    const partly = historyOf([...steps.released(), ship('s1', [{ lineId: 'L1', quantity: 2 }]), ship('s2', [{ lineId: 'L2', quantity: 1 }]), deliver('s1')]);
    given(partly).when(deliver('s1')).thenFails('SHIPMENT_ALREADY_DELIVERED');
    given(partly).when(deliver('s9')).thenFails('UNKNOWN_SHIPMENT');
  });

  it('completes only once everything is delivered, releasing leftover authorization', () => {
    given(historyOf(steps.shipped())).when(command('Complete', {})).thenFails('ILLEGAL_TRANSITION');
    const overAuthorized = [PLACE_PICKUP, authorize(PLACE_PICKUP, 't1', { amount: '80.00' })];
    const events = given(
      historyOf([...overAuthorized, sourceAll('store-lyon', PLACE_PICKUP), command('ReleaseToNode', { node: 'store-lyon' }), command('MarkReadyForPickup', { node: 'store-lyon', deadline: later(72) }), command('RecordPickedUp', { node: 'store-lyon', pickedUpAt: later(30) })]),
    ).when(command('Complete', {})).events();
    expect(events[0]!.data).to.deep.include({ settlement: { voids: [{ tenderId: 't1', amount: { amount: '7.50', currency: 'EUR' } }], refunds: [] } });
  });
});

describe('fulfilment: pickup in store and ship to store', () => {
  const ready = (deadlineHours = 72) => command('MarkReadyForPickup', { node: 'store-lyon', deadline: later(deadlineHours) });
  const pickedUp = () => command('RecordPickedUp', { node: 'store-lyon', pickedUpAt: later(40) });

  it('pickup: prepared at the store, collected, captured at collection (no shipping charge)', () => {
    const { events, state } = run([...steps.released(PLACE_PICKUP), ready(), pickedUp(), command('Complete', {})]);
    expect(captures(events)).to.deep.equal(['72.50']);
    expect(asOrder(state).history.map((h) => h.to).slice(-3)).to.deep.equal(['ready_for_pickup', 'picked_up', 'completed']);
  });

  it('pickup orders are never shipped, and only their store can hand them over', () => {
    const history = historyOf(steps.released(PLACE_PICKUP));
    given(history).when(ship('s1', [{ lineId: 'L1', quantity: 1 }], 'store-lyon')).thenFails('NOT_A_SHIPPING_ORDER');
    given(history).when(command('MarkReadyForPickup', { node: 'store-nice', deadline: later(72) })).thenFails('WRONG_PICKUP_NODE');
    given(historyOf(steps.released())).when(ready()).thenFails('NOT_A_PICKUP_ORDER');
  });

  it('uncollected orders expire after the deadline: units cancelled, store stock freed, authorization voided', () => {
    const history = historyOf([...steps.released(PLACE_PICKUP), ready(72)]);
    given(history).when(command('ExpirePickup', {}, later(71))).thenFails('PICKUP_NOT_EXPIRED');
    const events = given(history).when({ type: 'ExpirePickup', data: {}, metadata: { now: later(73), commandId: 'sweep-1' } }).events();
    const expired = events[0] as OrderPickupExpired;
    expect(expired.data.actor).to.deep.equal({ kind: 'system', id: 'order-lifecycle' });
    expect(expired.data.stockToRelease.map((s) => [s.lineId, s.node, s.stage, s.quantity])).to.deep.equal([
      ['L1', 'store-lyon', 'ready_for_pickup', 2],
      ['L2', 'store-lyon', 'ready_for_pickup', 1],
    ]);
    expect(expired.data.moneyDifference).to.deep.equal({ amount: '72.50', currency: 'EUR', direction: 'refund' });
    expect(expired.data.settlement.voids).to.deep.equal([{ tenderId: 'tender-1', amount: { amount: '72.50', currency: 'EUR' } }]);
    expect(events.at(-1)!.data).to.deep.include({ from: 'ready_for_pickup', to: 'cancelled' });
  });

  it('ship to store: the transfer is not a hand-over (no capture), the store collection is', () => {
    const { events, state } = run([
      ...steps.released(PLACE_S2S),
      ship('t1', [{ lineId: 'L1', quantity: 2 }, { lineId: 'L2', quantity: 1 }]),
      command('MarkReadyForPickup', { node: 'store-lyon', deadline: later(96) }),
      pickedUp(),
    ]);
    expect(captures(events)).to.deep.equal(['none', '72.50']);
    expect(asOrder(state).history.map((h) => h.to).slice(-3)).to.deep.equal(['shipped', 'ready_for_pickup', 'picked_up']);
    given(historyOf([...steps.released(PLACE_S2S), ship('t1', [{ lineId: 'L1', quantity: 2 }])])).when(deliver('t1')).thenFails('NOT_A_HOME_DELIVERY');
  });
});
