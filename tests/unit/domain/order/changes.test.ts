import { expect } from 'chai';
import {
  balanceDue, orderDecider, orderTotals, type OrderCancelled, type OrderDeliveryMethodChanged, type OrderLineQuantityReduced, type OrderLinesCancelled,
  type OrderShippingAddressChanged, type OrderSwitchedToPickup, type ReduceLineQuantity,
} from '../../../../domain/order/index.js';
import { fromJson } from '../../../../domain/shared/money.js';
import { expectJsonSafe, specFor } from '../support/givenWhenThen.js';
import { AGENT, asOrder, BERLIN, command, later, PARIS, reprice, run } from './support/fixtures.js';
import { authorize, historyOf, PLACE, PLACE_PICKUP, ship, steps } from './support/scenarios.js';

const given = specFor(orderDecider);
const eur = (amount: string) => ({ amount, currency: 'EUR' });
const cancelLines = (lines: { lineId: string; quantity: number }[], reason = 'customer request') => command('CancelLines', { lines, reason });
const orderAfter = (cmds: Parameters<typeof run>[0]) => asOrder(run(cmds).state);

describe('post-purchase: cancellation', () => {
  it('cancels a sourced order: allocations freed, the authorization voided, new totals zero', () => {
    const events = given(historyOf(steps.sourced())).when(command('CancelOrder', { reason: 'ordered twice' })).events();
    const e = events[0] as OrderCancelled;
    expect(e.data).to.deep.include({ actor: AGENT, reason: 'ordered twice', version: 1 });
    expect(e.data.moneyDifference).to.deep.equal({ amount: '78.40', currency: 'EUR', direction: 'refund' });
    expect(e.data.settlement).to.deep.equal({ voids: [{ tenderId: 'tender-1', amount: eur('78.40') }], refunds: [] });
    expect(e.data.stockToRelease.map((s) => [s.lineId, s.node, s.stage, s.quantity])).to.deep.equal([['L1', 'dc-paris', 'allocated', 2], ['L2', 'dc-paris', 'allocated', 1]]);
    expect(e.data.totals.total).to.deep.equal(eur('0.00'));
    expect(events[1]!.data).to.deep.include({ from: 'sourced', to: 'cancelled' });
    expectJsonSafe(events);
  });

  it('refunds what a sale-type tender captured up front', () => {
    const e = given(historyOf([PLACE, authorize(PLACE, 'gift-1', { captured: true })])).when(command('CancelOrder', { reason: 'x' })).events()[0] as OrderCancelled;
    expect(e.data.settlement).to.deep.equal({ voids: [], refunds: [{ tenderId: 'gift-1', amount: eur('78.40') }] });
  });

  it('never cancels an order with shipped or collected quantity', () => {
    given(historyOf([...steps.released(), ship('s1', [{ lineId: 'L1', quantity: 1 }])])).when(command('CancelOrder', { reason: 'x' })).thenFails('ILLEGAL_TRANSITION');
    const partlyCollected = historyOf([
      ...steps.released(PLACE_PICKUP),
      command('MarkReadyForPickup', { node: 'store-lyon', deadline: later(72) }),
      command('RecordPickedUp', { node: 'store-lyon', pickedUpAt: later(30), lines: [{ lineId: 'L1', quantity: 1 }] }),
    ]);
    given(partlyCollected).when(command('CancelOrder', { reason: 'x' })).thenFails('ORDER_PARTLY_FULFILLED');
  });

  it('cancels part of a line before release: its share refunded (voided), its reservation released', () => {
    const e = given(historyOf(steps.paid())).when(cancelLines([{ lineId: 'L1', quantity: 1 }])).events()[0] as OrderLinesCancelled;
    expect(e.data.moneyDifference).to.deep.equal({ amount: '30.00', currency: 'EUR', direction: 'refund' });
    expect(e.data.settlement.voids).to.deep.equal([{ tenderId: 'tender-1', amount: eur('30.00') }]);
    expect(e.data.stockToRelease).to.deep.equal([{ lineId: 'L1', sku: 'SKU-SHIRT', node: 'dc-paris', reservationId: 'res-1', stage: 'open', quantity: 1 }]);
    expect(e.data.totals).to.deep.include({ subtotal: eur('42.50'), tax: eur('6.63'), total: eur('48.40') });
  });

  it('after a shipment, cancels only what has not shipped, keeping the shipping charge', () => {
    const history = historyOf([...steps.released(), ship('s1', [{ lineId: 'L1', quantity: 2 }])]);
    given(history).when(cancelLines([{ lineId: 'L1', quantity: 1 }])).thenFails('CANNOT_CANCEL_SHIPPED_QUANTITY');
    const events = given(history).when(cancelLines([{ lineId: 'L2', quantity: 1 }], 'out of stock')).events();
    const e = events[0] as OrderLinesCancelled;
    expect(e.data.moneyDifference.amount).to.equal('12.50');
    expect(e.data.settlement.voids).to.deep.equal([{ tenderId: 'tender-1', amount: eur('12.50') }]);
    expect(e.data.stockToRelease.map((s) => [s.node, s.stage])).to.deep.equal([['dc-paris', 'released']]);
    expect(events.at(-1)!.data).to.deep.include({ from: 'partially_shipped', to: 'shipped' });
  });

  it('cancelling every line before any hand-over also gives back the shipping charge', () => {
    const e = given(historyOf(steps.paid())).when(cancelLines([{ lineId: 'L1', quantity: 2 }, { lineId: 'L2', quantity: 1 }])).events()[0] as OrderLinesCancelled;
    expect(e.data.moneyDifference.amount).to.equal('78.40');
    expect(e.data.shipping.total).to.deep.equal(eur('0.00'));
  });

  it('requires an actor and a reason', () => {
    given(historyOf(steps.paid())).when({ ...command('CancelOrder', { reason: 'x' }), metadata: { now: later(1), commandId: 'c1' } }).thenFails('ACTOR_REQUIRED');
    given(historyOf(steps.paid())).when(command('CancelOrder', { reason: '' })).thenFails('INVALID_COMMAND');
  });
});

describe('post-purchase: edits before release (re-priced, Medusa-style money difference)', () => {
  it('changes the address and re-prices the taxes for the new country', () => {
    const order = orderAfter(steps.sourced());
    const e = given(historyOf(steps.sourced())).when(command('ChangeShippingAddress', { destination: BERLIN, pricing: reprice(order, 'standard', 'DE'), reason: 'moved' })).events()[0] as OrderShippingAddressChanged;
    expect(e.data.destination).to.deep.equal(BERLIN);
    expect(e.data.previousDestination).to.deep.equal(PARIS);
    expect(e.data.lineAmounts.map((l) => [l.lineId, l.taxRate, l.amounts.tax.amount])).to.deep.equal([['L1', '19', '9.58'], ['L2', '7', '0.82']]);
    expect(e.data.moneyDifference).to.deep.equal({ amount: '0.00', currency: 'EUR', direction: 'none' }); // VAT-inclusive prices
    expect(e.data.totals).to.deep.include({ tax: eur('11.34'), total: eur('78.40') });
  });

  it('refuses address changes once released, and for orders collected in store', () => {
    const released = orderAfter(steps.released());
    given(historyOf(steps.released())).when(command('ChangeShippingAddress', { destination: BERLIN, pricing: reprice(released, 'standard', 'DE'), reason: 'x' })).thenFails('ILLEGAL_TRANSITION');
    const pickup = orderAfter(steps.paid(PLACE_PICKUP));
    given(historyOf(steps.paid(PLACE_PICKUP))).when(command('ChangeShippingAddress', { destination: BERLIN, pricing: reprice(pickup, 'pickup', 'DE'), reason: 'x' })).thenFails('NOT_A_DELIVERY_ORDER');
  });

  it('charges the difference for express delivery and holds the release until it is authorized', () => {
    const order = orderAfter(steps.sourced());
    const change = command('ChangeDeliveryMethod', { deliveryMethod: 'express', pricing: reprice(order, 'express'), reason: 'needs it Friday' });
    const e = given(historyOf(steps.sourced())).when(change).events()[0] as OrderDeliveryMethodChanged;
    expect(e.data.moneyDifference).to.deep.equal({ amount: '9.00', currency: 'EUR', direction: 'charge' });
    expect(e.data.settlement).to.deep.equal({ voids: [], refunds: [] });
    const changed = historyOf([...steps.sourced(), change]);
    const after = orderAfter([...steps.sourced(), change]);
    expect(balanceDue(after.tenders, fromJson(orderTotals(after).total)).amount.toFixed(2)).to.equal('9.00');
    given(changed).when(command('ReleaseToNode', { node: 'dc-paris' })).thenFails('BALANCE_DUE');
    const topUp = command('RecordPaymentAuthorized', { tenderId: 'tender-2', method: 'card', amount: eur('9.00') });
    expect(orderAfter([...steps.sourced(), change, topUp, command('ReleaseToNode', { node: 'dc-paris' })]).status).to.equal('released');
  });

  it('reduces a line quantity with the re-priced order, refunding the difference', () => {
    const order = orderAfter(steps.paid());
    const reduce = command<ReduceLineQuantity>('ReduceLineQuantity', { lineId: 'L1', quantity: 1, pricing: reprice(order, 'standard', 'FR', { L1: 1 }), reason: 'one is enough' });
    const e = given(historyOf(steps.paid())).when(reduce).events()[0] as OrderLineQuantityReduced;
    expect(e.data).to.deep.include({ lineId: 'L1', quantity: 1, previousQuantity: 2, version: 1 });
    expect(e.data.moneyDifference).to.deep.equal({ amount: '30.00', currency: 'EUR', direction: 'refund' });
    expect(e.data.stockToRelease.map((s) => [s.reservationId, s.quantity])).to.deep.equal([['res-1', 1]]);
    given(historyOf(steps.paid())).when({ ...reduce, data: { ...reduce.data, pricing: reprice(order) } }).thenFails('PRICING_MISMATCH');
    given(historyOf(steps.paid())).when({ ...reduce, data: { ...reduce.data, quantity: 2 } }).thenFails('QUANTITY_NOT_REDUCED');
  });

  it('switches to pickup: allocations move to the store, their stock elsewhere is released, shipping refunded', () => {
    const order = orderAfter(steps.sourced());
    const events = given(historyOf(steps.sourced())).when(command('SwitchToPickup', { node: 'store-lyon', pricing: reprice(order, 'pickup'), reason: 'collect on the way home' })).events();
    const e = events[0] as OrderSwitchedToPickup;
    expect(e.data.moves.map((m) => [m.lineId, m.from.node, m.to.node, m.quantity])).to.deep.equal([['L1', 'dc-paris', 'store-lyon', 2], ['L2', 'dc-paris', 'store-lyon', 1]]);
    expect(e.data.stockToRelease.map((s) => [s.lineId, s.node, s.quantity])).to.deep.equal([['L1', 'dc-paris', 2], ['L2', 'dc-paris', 1]]);
    expect(e.data.moneyDifference).to.deep.equal({ amount: '5.90', currency: 'EUR', direction: 'refund' });
    const after = asOrder(given(historyOf(steps.sourced())).when(command('SwitchToPickup', { node: 'store-lyon', pricing: reprice(order, 'pickup'), reason: 'x' })).state());
    expect([after.deliveryMethod, after.pickupNode, after.destination, after.status]).to.deep.equal(['pickup', 'store-lyon', undefined, 'sourced']);
    given(historyOf(steps.sourced(PLACE_PICKUP))).when(command('SwitchToPickup', { node: 'store-lyon', pricing: reprice(orderAfter(steps.sourced(PLACE_PICKUP))), reason: 'x' })).thenFails('ALREADY_PICKUP_AT_NODE');
  });

  it('numbers each change (order version) and keeps the totals identity', () => {
    const order = orderAfter(steps.paid());
    const after = orderAfter([
      ...steps.paid(),
      command('ChangeDeliveryMethod', { deliveryMethod: 'express', pricing: reprice(order, 'express'), reason: 'x' }),
      cancelLines([{ lineId: 'L2', quantity: 1 }]),
    ]);
    expect(after.version).to.equal(2);
    expect(orderTotals(after)).to.deep.include({ subtotal: eur('60.00'), shipping: eur('14.90'), total: eur('74.90') });
  });
});

describe('promise revisions', () => {
  it('records the new promise with the previous one, until the order is delivered', () => {
    const revise = command('RecordPromiseRevised', { promise: { earliest: later(96), latest: later(144) }, reason: 'carrier strike' });
    const e = given(historyOf(steps.sourced())).when(revise).events();
    expect(e[0]!.data).to.deep.include({ reason: 'carrier strike', previous: PLACE.data.promise });
    given(historyOf(steps.delivered())).when(revise).thenFails('ILLEGAL_TRANSITION');
  });
});
