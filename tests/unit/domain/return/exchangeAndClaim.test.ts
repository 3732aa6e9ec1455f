import { expect } from 'chai';
import type { ClaimOpened, ExchangeRequested, RefundIssued } from '../../../../domain/return/events.js';
import { exchangeDifference, signedDifference } from '../../../../domain/return/exchangeDifference.js';
import { expectJsonSafe } from '../support/givenWhenThen.js';
import {
  approve, close, DEFAULT_NOW, given, inTransit, line, openClaim, policy, receive, refund, requestExchange, run, settle, snapshot,
} from './fixtures.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const exchangeOf = (events: readonly unknown[]) => (events[0] as ExchangeRequested).data;
const shirtFor = (unitPrice: string, taxPerUnit = '0.00') => [{ lineId: 'N1', sku: 'SHIRT-2', quantity: 1, unitPrice, taxPerUnit }];
const gotShirt = receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { returnId: 'X1' });

describe('exchanges', () => {
  it('even exchange: the replacement order is released at once with its lines; no money moves', () => {
    const events = given([]).when(requestExchange()).events();
    expectJsonSafe(events);
    const d = exchangeOf(events);
    expect(d).to.include({ kind: 'exchange', status: 'authorized', receivingNodeId: 'dc-paris' });
    expect(d.replacement).to.deep.equal({
      orderId: 'O1-X1', reserveImmediately: true, releaseWhen: 'immediately',
      lines: [{ lineId: 'N1', sku: 'SHIRT-1-L', quantity: 1, unitPrice: eur('40.00'), taxPerUnit: eur('6.67') }],
    });
    expect(d.returnedValue).to.deep.equal(eur('40.00'));
    expect(d.replacementValue).to.deep.equal(eur('40.00'));
    expect(d.moneyDifference).to.deep.equal({ amount: '0.00', currency: 'EUR', direction: 'none' });
    given(run(requestExchange(), gotShirt)).when(refund('RF1', 'X1')).then('NOTHING_TO_REFUND');
    given(run(requestExchange(), gotShirt)).when(close('X1')).then([{ type: 'ReturnClosed', data: { returnId: 'X1', orderId: 'O1', unreceived: [], at: DEFAULT_NOW } }]);
  });

  it('uneven, cheaper replacement: the difference is refunded (on receipt) to the original tenders', () => {
    const cheaper = requestExchange({ replacementLines: shirtFor('25.00') });
    const d = exchangeOf(given([]).when(cheaper).events());
    expect(d.moneyDifference).to.deep.equal({ amount: '15.00', currency: 'EUR', direction: 'refund' });
    expect(d.replacement.releaseWhen).to.equal('immediately');
    given(run(cheaper)).when(refund('RF1', 'X1')).then('REFUND_NOT_YET_DUE');
    given(run(cheaper)).when(close('X1')).then('RETURN_NOT_RECEIVED');
    const r = given(run(cheaper, gotShirt)).when(refund('RF1', 'X1')).events()[0] as RefundIssued;
    expect(r.data).to.deep.include({ kind: 'exchange', basis: 'exchange_difference', lines: [], total: eur('15.00'), shipping: eur('0.00') });
    expect(r.data.tenders).to.deep.equal([{ tenderId: 'T-card', method: 'card', amount: eur('15.00') }]);
    given(run(cheaper, gotShirt)).when(close('X1')).then('EXCHANGE_DIFFERENCE_OUTSTANDING');
    given(run(cheaper, gotShirt, refund('RF1', 'X1'))).when(refund('RF2', 'X1')).then('NOTHING_TO_REFUND');
    expect(given(run(cheaper, gotShirt, refund('RF1', 'X1'))).when(close('X1')).state().status).to.equal('closed');
  });

  it('uneven, dearer replacement: released once the customer paid exactly the difference', () => {
    const dearer = requestExchange({ replacementLines: shirtFor('55.00') });
    const d = exchangeOf(given([]).when(dearer).events());
    expect(d.moneyDifference).to.deep.equal({ amount: '15.00', currency: 'EUR', direction: 'charge' });
    expect(d.replacement.releaseWhen).to.equal('difference_paid');
    given(run(dearer)).when(refund('RF1', 'X1')).then('NOTHING_TO_REFUND');
    given(run(dearer)).when(settle('10.00')).then('EXCHANGE_DIFFERENCE_MISMATCH');
    given(run(dearer)).when(settle('15.00')).then([{
      type: 'ExchangeDifferenceCharged',
      data: { returnId: 'X1', orderId: 'O1', orderChannel: 'web', tenderId: 'T-new', method: 'card', amount: eur('15.00'), at: DEFAULT_NOW },
    }]);
    given(run(dearer, settle('15.00'))).when(settle('15.00')).then('NOTHING_TO_CHARGE');
    given(run(dearer, gotShirt)).when(close('X1')).then('EXCHANGE_DIFFERENCE_OUTSTANDING');
    expect(given(run(dearer, settle('15.00'), gotShirt)).when(close('X1')).state().status).to.equal('closed');
  });

  it('values tax-exclusive exchanges with tax on top', () => {
    const s = snapshot({ taxInclusive: false, lines: [line({ lineId: 'L1', unitPricePaid: '40.00', taxPerUnit: '8.00' })] });
    const d = exchangeOf(given([]).when(requestExchange({ snapshot: s, replacementLines: shirtFor('30.00', '6.00') })).events());
    expect([d.returnedValue.amount, d.replacementValue.amount, d.moneyDifference.amount, d.moneyDifference.direction]).to.deep.equal(['48.00', '36.00', '12.00', 'refund']);
  });

  it('is refused by the policy like a return, and must name a new order', () => {
    given([]).when(requestExchange({}, '2025-05-01T00:00:00.000Z')).then('RETURN_WINDOW_EXPIRED');
    given([]).when(requestExchange({ exchangeOrderId: 'O1' })).then('INVALID_RETURN_REQUEST');
    given([]).when(requestExchange({ replacementLines: [] })).then('INVALID_RETURN_REQUEST');
  });

  it('exchangeDifference conserves money: returned − replacement = signed difference', () => {
    const { returnedValue, replacementValue, difference } = exchangeDifference(
      [{ quantity: 3, unitPrice: '9.99', taxPerUnit: '0' }], [{ quantity: 2, unitPrice: '19.99', taxPerUnit: '0' }], true, 'EUR');
    expect(returnedValue.minus(replacementValue).equals(signedDifference(difference))).to.equal(true);
    expect(difference).to.deep.equal({ amount: '10.01', currency: 'EUR', direction: 'charge' });
  });
});

describe('claims', () => {
  it('missing item, refund resolution: refunded at once without a return shipment, shipping included, no fee', () => {
    const [opened] = given([]).when(openClaim()).events() as ClaimOpened[];
    expect(opened!.data).to.include({ kind: 'claim', status: 'authorized', resolution: 'refund', channel: 'call_center' });
    expect(opened!.data.claimReasons).to.deep.equal(['missing']);
    expect(opened!.data).to.not.have.property('method');
    const r = given(run(openClaim())).when(refund('RF1', 'C1')).events()[0] as RefundIssued;
    expectJsonSafe([opened!, r]);
    expect(r.data).to.deep.include({ kind: 'claim', timing: 'on_request', shipping: eur('4.90'), restockingFees: eur('0.00'), total: eur('44.90') });
    given(run(openClaim())).when(receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { returnId: 'C1' })).then('INVALID_RETURN_TRANSITION');
    given(run(openClaim())).when(inTransit({ returnId: 'C1' })).then('INVALID_RETURN_TRANSITION');
    given(run(openClaim())).when(close('C1')).then('RETURN_HAS_PENDING_REFUND');
    given(run(openClaim(), refund('RF1', 'C1'))).when(close('C1')).then([{ type: 'ReturnClosed', data: { returnId: 'C1', orderId: 'O1', unreceived: [], at: DEFAULT_NOW } }]);
  });

  it('damaged item, replace resolution: the event carries the replacement order lines; nothing to refund', () => {
    const replace = openClaim({
      lines: [{ lineId: 'L2', quantity: 1, reason: 'damaged' }], resolution: 'replace',
      replacementOrderId: 'O1-C1', replacementLines: [{ lineId: 'R1', sku: 'PHONE-1', quantity: 1, unitPrice: '0.00', taxPerUnit: '0.00' }],
    });
    const [opened] = given([]).when(replace).events() as ClaimOpened[];
    expect(opened!.data.replacement).to.deep.equal({ orderId: 'O1-C1', lines: [{ lineId: 'R1', sku: 'PHONE-1', quantity: 1, unitPrice: eur('0.00'), taxPerUnit: eur('0.00') }] });
    given(run(replace)).when(refund('RF1', 'C1')).then('NOTHING_TO_REFUND');
    expect(given(run(replace)).when(close('C1')).state().status).to.equal('closed');
    given([]).when(openClaim({ resolution: 'replace' })).then('INVALID_RETURN_REQUEST');
    given([]).when(openClaim({ replacementOrderId: 'O9' })).then('INVALID_RETURN_REQUEST');
  });

  it('accepts final-sale lines, refuses customer reasons, waives fees even for non-fault reasons', () => {
    const s = snapshot({ lines: [line({ lineId: 'L1', returnable: false, unitPricePaid: '40.00' })] });
    expect(given([]).when(openClaim({ snapshot: s })).events().map((e) => e.type)).to.deep.equal(['ClaimOpened']);
    given([]).when(openClaim({ lines: [{ lineId: 'L1', quantity: 1, reason: 'changed_mind' }] })).then('INVALID_RETURN_REQUEST');
    const noFault = openClaim({ policy: policy({ merchantFaultReasons: [] }), lines: [{ lineId: 'L1', quantity: 1, reason: 'damaged', condition: 'damaged' }] });
    const r = given(run(noFault)).when(refund('RF1', 'C1')).events()[0] as RefundIssued;
    expect(r.data).to.deep.include({ restockingFees: eur('0.00'), shipping: eur('0.00'), total: eur('40.00') });
  });

  it('waits for approval when the policy says claims need it', () => {
    const pending = openClaim({ policy: policy({ claims: { windowDays: 30, requireApproval: true } }) });
    expect((given([]).when(pending).events()[0] as ClaimOpened).data.status).to.equal('pending_approval');
    given(run(pending)).when(refund('RF1', 'C1')).then('RETURN_NOT_APPROVED');
    expect((given(run(pending, approve('C1'))).when(refund('RF1', 'C1')).events()[0] as RefundIssued).data.total).to.deep.equal(eur('44.90'));
  });
});
