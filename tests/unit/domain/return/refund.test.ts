import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import { allocateRefund, orderTenders } from '../../../../domain/return/allocateRefund.js';
import type { RefundIssued } from '../../../../domain/return/events.js';
import type { ReturnRequestLine } from '../../../../domain/return/snapshot.js';
import { expectJsonSafe } from '../support/givenWhenThen.js';
import { DEFAULT_NOW, given, line, policy, receive, refund, requestReturn, run, snapshot } from './fixtures.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const refundOf = (events: readonly unknown[]): RefundIssued['data'] => {
  expect(events).to.have.length(1);
  return (events[0] as RefundIssued).data;
};
const tenders = (d: RefundIssued['data']) => d.tenders.map((t) => [t.tenderId, t.amount.amount]);

describe('refunds: timing', () => {
  it('refund on receipt: not due before the goods arrive, then lines incl. tax go back to the card', () => {
    given(run(requestReturn())).when(refund()).then('REFUND_NOT_YET_DUE');
    const received = run(requestReturn(), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]));
    given(received).when(refund()).then([{
      type: 'RefundIssued',
      data: {
        returnId: 'R1', refundId: 'RF1', orderId: 'O1', orderChannel: 'web', kind: 'return', basis: 'lines', timing: 'on_receipt',
        lines: [{
          lineId: 'L1', sku: 'SHIRT-1', quantity: 1, condition: 'new', gross: eur('40.00'), tax: eur('6.67'),
          restockingFeeRate: '0', restockingFee: eur('0.00'), refund: eur('40.00'),
        }],
        shipping: eur('0.00'), restockingFees: eur('0.00'), total: eur('40.00'),
        tenders: [{ tenderId: 'T-card', method: 'card', amount: eur('40.00') }],
        at: DEFAULT_NOW,
      },
    }]);
    expectJsonSafe(given(received).when(refund()).events());
  });

  it('refund on request: due as soon as the return is authorised, priced at the declared condition', () => {
    const p = policy({ refundTiming: { default: 'on_receipt', byMethod: { carrier_label: 'on_request' } } });
    const d = refundOf(given(run(requestReturn({ policy: p }))).when(refund()).events());
    expect(d).to.include({ timing: 'on_request' });
    expect(d.total).to.deep.equal(eur('40.00'));
    expect(d.lines[0]).to.include({ condition: 'new', quantity: 1 });
  });

  it('a refund id already used is a no-op; nothing left gives NOTHING_TO_REFUND', () => {
    const done = run(requestReturn(), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]), refund());
    given(done).when(refund()).thenNothing();
    given(done).when(refund('RF2')).then('NOTHING_TO_REFUND');
  });

  it('partial receipts refund in batches that add up to the price of the whole (rounded once)', () => {
    // No shipping charged: the third batch returns the whole order, which would add it.
    const s = snapshot({ shipping: { charged: '0', refunded: '0' }, lines: [line({ lineId: 'L1', quantityDelivered: 3, unitPricePaid: '3.335', taxPerUnit: '0.5555' })] });
    const req = requestReturn({ snapshot: s, lines: [{ lineId: 'L1', quantity: 3, reason: 'changed_mind' }] });
    const events = run(
      req,
      receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { receiptId: 'a' }), refund('r1'),
      receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { receiptId: 'b' }), refund('r2'),
      receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { receiptId: 'c' }), refund('r3'),
    ).filter((e): e is RefundIssued => e.type === 'RefundIssued');
    expect(events.map((e) => e.data.total.amount)).to.deep.equal(['3.34', '3.33', '3.33']);
    expect(events.map((e) => e.data.lines[0]!.tax.amount)).to.deep.equal(['0.56', '0.55', '0.56']);
  });
});

describe('refunds: restocking fee and shipping', () => {
  const phone = (reason: string, condition: 'opened' | 'damaged' | 'defective' | 'new') => {
    const lines: ReturnRequestLine[] = [{ lineId: 'L2', quantity: 1, reason }];
    return run(requestReturn({ lines }), receive([{ lineId: 'L2', quantity: 1, condition }]));
  };

  it('deducts the restocking fee for the category and inspected condition (electronics opened 15 %)', () => {
    const d = refundOf(given(phone('changed_mind', 'opened')).when(refund()).events());
    expect(d.lines[0]).to.deep.include({ restockingFeeRate: '0.15', gross: eur('300.00'), tax: eur('50.00'), restockingFee: eur('45.00'), refund: eur('255.00') });
    expect(d.restockingFees).to.deep.equal(eur('45.00'));
    expect(d.total).to.deep.equal(eur('255.00'));
    expect(refundOf(given(phone('changed_mind', 'damaged')).when(refund()).events()).total).to.deep.equal(eur('150.00'));
    expect(refundOf(given(phone('changed_mind', 'new')).when(refund()).events()).total).to.deep.equal(eur('300.00'));
  });

  it('merchant fault (defective): no fee, original shipping refunded even for a partial return', () => {
    const d = refundOf(given(phone('defective', 'defective')).when(refund()).events());
    expect(d.restockingFees).to.deep.equal(eur('0.00'));
    expect(d.shipping).to.deep.equal(eur('4.90'));
    expect(d.total).to.deep.equal(eur('304.90'));
    // Arrived damaged: the damaged-condition fee (50 %) does not apply when the merchant is at fault.
    const arrivedDamaged = refundOf(given(phone('damaged', 'damaged')).when(refund()).events());
    expect(arrivedDamaged.lines[0]).to.deep.include({ restockingFeeRate: '0', restockingFee: eur('0.00') });
    expect(arrivedDamaged.total).to.deep.equal(eur('304.90'));
  });

  it('shipping is refunded when the whole order comes back, not for a partial return for a customer reason', () => {
    const all: ReturnRequestLine[] = [
      { lineId: 'L1', quantity: 2, reason: 'changed_mind' }, { lineId: 'L2', quantity: 1, reason: 'changed_mind' }, { lineId: 'L3', quantity: 3, reason: 'changed_mind' },
    ];
    const back = run(requestReturn({ lines: all }), receive(all.map((l) => ({ lineId: l.lineId, quantity: l.quantity, condition: 'new' as const }))));
    const whole = refundOf(given(back).when(refund()).events());
    expect(whole.shipping).to.deep.equal(eur('4.90'));
    expect(whole.total).to.deep.equal(eur('399.90'));
    const partial = refundOf(given(phone('changed_mind', 'new')).when(refund()).events());
    expect(partial.shipping).to.deep.equal(eur('0.00'));
  });

  it('the whole-order rule counts units returned before; shipping already refunded is not refunded again', () => {
    const s = snapshot({ lines: [line({ lineId: 'L1', quantityDelivered: 2, quantityReturned: 1 })] });
    const rest = run(requestReturn({ snapshot: s }), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]));
    expect(refundOf(given(rest).when(refund()).events()).shipping).to.deep.equal(eur('4.90'));
    const refunded = snapshot({ shipping: { charged: '4.90', refunded: '4.90' } });
    expect(refundOf(given(run(requestReturn({ snapshot: refunded, lines: [{ lineId: 'L2', quantity: 1, reason: 'defective' }] }), receive([{ lineId: 'L2', quantity: 1, condition: 'defective' }]))).when(refund()).events()).shipping)
      .to.deep.equal(eur('0.00'));
  });

  it('policy switches: no shipping refund on merchant fault when the rule is off', () => {
    const p = policy({ shippingRefund: { onWholeOrder: true, onMerchantFault: false } });
    const events = run(requestReturn({ policy: p, lines: [{ lineId: 'L2', quantity: 1, reason: 'defective' }] }), receive([{ lineId: 'L2', quantity: 1, condition: 'defective' }]));
    expect(refundOf(given(events).when(refund()).events()).shipping).to.deep.equal(eur('0.00'));
  });

  it('tax-exclusive orders refund the tax on top of the price', () => {
    const s = snapshot({ taxInclusive: false, lines: [line({ lineId: 'L1', unitPricePaid: '40.00', taxPerUnit: '8.00' })] });
    const d = refundOf(given(run(requestReturn({ snapshot: s }), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]))).when(refund()).events());
    expect(d.lines[0]).to.deep.include({ gross: eur('48.00'), tax: eur('8.00'), refund: eur('48.00') });
  });
});

describe('refunds: tender allocation', () => {
  it('splits over two tenders in the configured order (card first, gift card last)', () => {
    const all: ReturnRequestLine[] = [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }, { lineId: 'L2', quantity: 1, reason: 'changed_mind' }];
    const events = run(requestReturn({ lines: all }), receive(all.map((l) => ({ lineId: l.lineId, quantity: l.quantity, condition: 'new' as const }))));
    expect(tenders(refundOf(given(events).when(refund()).events()))).to.deep.equal([['T-card', '299.90'], ['T-gc', '80.10']]);
    const giftFirst = run(requestReturn({ lines: all, policy: policy({ tenderOrder: ['gift_card', 'card'] }) }), receive(all.map((l) => ({ lineId: l.lineId, quantity: l.quantity, condition: 'new' as const }))));
    expect(tenders(refundOf(given(giftFirst).when(refund()).events()))).to.deep.equal([['T-gc', '100.00'], ['T-card', '280.00']]);
  });

  it('store credit first, then card', () => {
    const s = snapshot({ tenders: [{ tenderId: 'T-card', method: 'card', captured: '379.90', refunded: '0' }, { tenderId: 'T-sc', method: 'store_credit', captured: '20.00', refunded: '0' }] });
    const d = refundOf(given(run(requestReturn({ snapshot: s }), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]))).when(refund()).events());
    expect(tenders(d)).to.deep.equal([['T-sc', '20.00'], ['T-card', '20.00']]);
  });

  it('never refunds more than captured − already refunded: the command fails and nothing is written', () => {
    const s = snapshot({ tenders: [{ tenderId: 'T-card', method: 'card', captured: '299.90', refunded: '280.00' }, { tenderId: 'T-gc', method: 'gift_card', captured: '100.00', refunded: '90.00' }] });
    const err = given(run(requestReturn({ snapshot: s }), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]))).when(refund()).thenFails('REFUND_EXCEEDS_CAPTURED');
    expect(err.details).to.include({ total: '40.00', refundable: '29.90' });
  });

  it('refunds of one return add up on the tenders: a second refund only takes what is left', () => {
    const s = snapshot({ tenders: [{ tenderId: 'T-card', method: 'card', captured: '50.00', refunded: '0' }, { tenderId: 'T-gc', method: 'gift_card', captured: '349.90', refunded: '0' }] });
    const two = requestReturn({ snapshot: s, lines: [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }] });
    const events = run(two, receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]), refund('a'), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { receiptId: 'RC2' }));
    expect(tenders(refundOf(given(events).when(refund('b')).events()))).to.deep.equal([['T-card', '10.00'], ['T-gc', '30.00']]);
  });

  it('with two returns open on one order, current tender balances in IssueRefund keep the second refund within the capture', () => {
    const card = [{ tenderId: 'T-card', method: 'card', captured: '60.00', refunded: '0.00' }];
    const got = (returnId: string, receiptId = 'RC1') => receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { returnId, receiptId });
    const first = run(requestReturn({ snapshot: snapshot({ tenders: card }) }), got('R1'));
    const oneInReturn = snapshot({ tenders: card, lines: snapshot().lines.map((l) => (l.lineId === 'L1' ? { ...l, quantityReturned: 1 } : l)) });
    const r2 = run(requestReturn({ returnId: 'R2', snapshot: oneInReturn }), got('R2'));
    expect(refundOf(given(first).when(refund()).events()).total).to.deep.equal(eur('40.00'));
    // R1 refunded 40 of the 60 captured meanwhile: R2's frozen snapshot does not know it, the current balance does.
    const withBalances = (captured: string, refunded: string) =>
      ({ ...refund('RF2', 'R2'), data: { returnId: 'R2', refundId: 'RF2', tenders: [{ tenderId: 'T-card', method: 'card', captured, refunded }] } });
    given(r2).when(withBalances('60.00', '40.00')).then('REFUND_EXCEEDS_CAPTURED');
    expect(tenders(refundOf(given(r2).when(withBalances('80.00', '40.00')).events()))).to.deep.equal([['T-card', '40.00']]);
  });

  it('a stale current balance never loosens the cap below what the return itself refunded', () => {
    const card = [{ tenderId: 'T-card', method: 'card', captured: '80.00', refunded: '0.00' }];
    const two = requestReturn({ snapshot: snapshot({ tenders: card }), lines: [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }] });
    const events = run(two, receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]), refund('a'), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { receiptId: 'RC2' }));
    // Captured was reduced to 60 but the balance does not show this return's 40 refund yet: 20 are left, not 60.
    const stale = { ...refund('b'), data: { returnId: 'R1', refundId: 'b', tenders: [{ tenderId: 'T-card', method: 'card', captured: '60.00', refunded: '0.00' }] } };
    given(events).when(stale).then('REFUND_EXCEEDS_CAPTURED');
  });

  it('allocateRefund / orderTenders directly', () => {
    const ts = [
      { tenderId: 'a', method: 'gift_card', captured: '10', refunded: '0' },
      { tenderId: 'b', method: 'voucher', captured: '10', refunded: '0' },
      { tenderId: 'c', method: 'card', captured: '10', refunded: '4' },
    ];
    expect(orderTenders(ts, ['card', 'gift_card']).map((t) => t.tenderId)).to.deep.equal(['c', 'a', 'b']);
    expect(allocateRefund(new Decimal('12.5'), 'EUR', ts, ['card', 'gift_card']).map((t) => [t.tenderId, t.amount.amount])).to.deep.equal([['c', '6.00'], ['a', '6.50']]);
    expect(allocateRefund(new Decimal('0'), 'EUR', ts, [])).to.deep.equal([]);
    expect(() => allocateRefund(new Decimal('26.01'), 'EUR', ts, [])).to.throw('exceeds');
    expect(allocateRefund(new Decimal('1000'), 'JPY', [{ tenderId: 'j', method: 'card', captured: '1000', refunded: '0' }], [])[0]!.amount).to.deep.equal({ amount: '1000', currency: 'JPY' });
  });
});
