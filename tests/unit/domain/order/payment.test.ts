import { expect } from 'chai';
import { orderDecider, type OrderCancelled } from '../../../../domain/order/index.js';
import { expectJsonSafe, specFor } from '../support/givenWhenThen.js';
import { asOrder, command, run } from './support/fixtures.js';
import { authorize, historyOf, PLACE, sourceAll, steps } from './support/scenarios.js';

const given = specFor(orderDecider);
const statusAfter = (...cmds: Parameters<typeof run>[0]) => asOrder(run(cmds).state).status;

describe('payment gate', () => {
  it('moves to payment_authorized when authorizations cover the total', () => {
    expect(statusAfter(PLACE, authorize(PLACE))).to.equal('payment_authorized');
  });

  it('stays payment_pending on a partial authorization until a second tender covers the rest (split tender)', () => {
    expect(statusAfter(PLACE, authorize(PLACE, 't1', { amount: '50.00' }))).to.equal('payment_pending');
    expect(statusAfter(PLACE, authorize(PLACE, 't1', { amount: '50.00' }), authorize(PLACE, 't2', { amount: '28.40', captured: true }))).to.equal('payment_authorized');
  });

  it('records a decline, and a later authorization with another card recovers the order', () => {
    const declined = command('RecordPaymentDeclined', { tenderId: 't1', method: 'card', amount: PLACE.data.pricing.totals.total, reason: 'do not honor' });
    expect(statusAfter(PLACE, declined)).to.equal('payment_declined');
    expect(statusAfter(PLACE, declined, authorize(PLACE, 't2'))).to.equal('payment_authorized');
    expect(statusAfter(PLACE, command('RecordPaymentPending', { tenderId: 't1', method: 'sepa', amount: PLACE.data.pricing.totals.total }))).to.equal('payment_pending');
  });

  it('ignores a retried webhook and refuses a contradicting one', () => {
    given(historyOf(steps.paid())).when(authorize(PLACE)).thenNothing();
    given(historyOf(steps.paid())).when(authorize(PLACE, 'tender-1', { amount: '10.00' })).thenFails('TENDER_CONFLICT');
    given(historyOf(steps.paid())).when(command('RecordPaymentDeclined', { tenderId: 'tender-1', method: 'card', amount: PLACE.data.pricing.totals.total, reason: 'x' })).thenFails('TENDER_CONFLICT');
  });

  it('never lets a captured (sale) tender take more than is owed', () => {
    given(historyOf([PLACE])).when(authorize(PLACE, 'gc', { captured: true, amount: '100.00' })).thenFails('AMOUNT_EXCEEDS_BALANCE');
    const state = asOrder(run([PLACE, authorize(PLACE, 'gc', { captured: true })]).state);
    expect(state.tenders[0]).to.deep.include({ captured: { amount: '78.40', currency: 'EUR' } });
  });
});

describe('fraud gate', () => {
  const hold = command('PlaceOnFraudHold', { reasons: ['billing and shipping countries differ'] });
  const approve = command('ApproveReview', { note: 'called the customer' });

  it('holds a sourced order: nothing is released until the review is approved, then it is back where it was', () => {
    const held = historyOf([...steps.sourced(), hold]);
    expect(statusAfter(...steps.sourced(), hold)).to.equal('fraud_hold');
    given(held).when(command('ReleaseToNode', { node: 'dc-paris' })).thenFails('ILLEGAL_TRANSITION');
    const after = asOrder(given(held).when(approve).state());
    expect(after.status).to.equal('sourced');
    expect(after.history.map((h) => `${h.from}>${h.to}`).slice(-2)).to.deep.equal(['sourced>fraud_hold', 'fraud_hold>sourced']);
  });

  it('records a payment authorized during the review without lifting the hold', () => {
    const state = asOrder(run([PLACE, hold, authorize(PLACE)]).state);
    expect([state.status, state.paymentCleared]).to.deep.equal(['fraud_hold', true]);
    expect(statusAfter(PLACE, hold, authorize(PLACE), approve)).to.equal('payment_authorized');
  });

  it('a rejected review cancels everything: reservations released, authorization voided', () => {
    const events = given(historyOf([PLACE, authorize(PLACE), hold])).when(command('RejectReview', { reasons: ['card reported stolen'] })).events();
    expect(events.map((e) => e.type)).to.deep.equal(['OrderFraudReviewRejected', 'OrderCancelled', 'OrderStatusChanged']);
    const cancelled = events[1] as OrderCancelled;
    expect(cancelled.data.moneyDifference).to.deep.equal({ amount: '78.40', currency: 'EUR', direction: 'refund' });
    expect(cancelled.data.settlement).to.deep.equal({ voids: [{ tenderId: 'tender-1', amount: { amount: '78.40', currency: 'EUR' } }], refunds: [] });
    expect(cancelled.data.stockToRelease.map((s) => [s.lineId, s.node, s.reservationId, s.quantity])).to.deep.equal([
      ['L1', 'dc-paris', 'res-1', 2],
      ['L2', 'dc-paris', 'res-2', 1],
    ]);
    expect(cancelled.data.totals.total).to.deep.equal({ amount: '0.00', currency: 'EUR' });
    expect(events[2]!.data).to.deep.include({ from: 'fraud_hold', to: 'cancelled' });
    expectJsonSafe(events);
  });

  it('requires the reviewer as actor', () => {
    given(historyOf([PLACE, hold])).when({ ...approve, metadata: { now: approve.metadata.now, commandId: 'c' } }).thenFails('ACTOR_REQUIRED');
  });

  it('cannot hold an order already released to a node', () => {
    given(historyOf(steps.released())).when(hold).thenFails('ILLEGAL_TRANSITION');
    expect(statusAfter(...steps.paid(), sourceAll())).to.equal('sourced');
  });
});
