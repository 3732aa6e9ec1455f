import { expect } from 'chai';
import { checkTenderInvariants } from '../../../../domain/finance/checkTenderInvariants.js';
import { financeBalance } from '../../../../domain/finance/financeBalance.js';
import { ledgerEntriesFromReturnEvent } from '../../../../domain/finance/ledgerEntriesFromReturnEvent.js';
import { ledgerEntriesFromPaymentFact } from '../../../../domain/finance/paymentFacts.js';
import type { RefundIssued, ReturnEvent } from '../../../../domain/return/events.js';
import { receive, refund, requestReturn, run, settle, requestExchange } from '../return/fixtures.js';
import { entry } from './fixtures.js';

const refundIssued = (): RefundIssued => {
  const all = [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }, { lineId: 'L2', quantity: 1, reason: 'changed_mind' }];
  const events = run(requestReturn({ lines: all }), receive(all.map((l) => ({ lineId: l.lineId, quantity: l.quantity, condition: 'new' as const }))), refund());
  return events.find((e): e is RefundIssued => e.type === 'RefundIssued')!;
};

describe('finance ledger: mapping events to entries', () => {
  it('RefundIssued → one refunded entry per tender, caused by the event id', () => {
    const entries = ledgerEntriesFromReturnEvent(refundIssued(), { eventId: 'evt-9' });
    expect(entries).to.deep.equal([
      { entryId: 'evt-9:0', orderId: 'O1', tenderId: 'T-card', method: 'card', channel: 'web', kind: 'refunded', amount: '299.90', currency: 'EUR', causedBy: { eventType: 'RefundIssued', eventId: 'evt-9' }, at: '2025-03-01T10:00:00.000Z' },
      { entryId: 'evt-9:1', orderId: 'O1', tenderId: 'T-gc', method: 'gift_card', channel: 'web', kind: 'refunded', amount: '80.10', currency: 'EUR', causedBy: { eventType: 'RefundIssued', eventId: 'evt-9' }, at: '2025-03-01T10:00:00.000Z' },
    ]);
  });

  it('stream + revision (bigint) identify the cause when there is no event id', () => {
    const [first] = ledgerEntriesFromReturnEvent(refundIssued(), { stream: 'return-R1', revision: 3n });
    expect(first!.entryId).to.equal('return-R1@3:0');
    expect(first!.causedBy).to.deep.equal({ eventType: 'RefundIssued', stream: 'return-R1', revision: '3' });
  });

  it('ExchangeDifferenceCharged → charged_difference; events without money → nothing', () => {
    const dearer = requestExchange({ replacementLines: [{ lineId: 'N1', sku: 'S', quantity: 1, unitPrice: '55.00', taxPerUnit: '0' }] });
    const events: ReturnEvent[] = run(dearer, settle('15.00'));
    expect(ledgerEntriesFromReturnEvent(events[0]!, { eventId: 'a' })).to.deep.equal([]);
    const [charged] = ledgerEntriesFromReturnEvent(events[1]!, { eventId: 'b' });
    expect(charged).to.include({ kind: 'charged_difference', tenderId: 'T-new', amount: '15.00', orderId: 'O1' });
  });

  it('payment facts of the documented shape map to entries, split per line when the fact is', () => {
    const fact = { orderId: 'O1', channel: 'web', tenderId: 'T1', method: 'card', amount: { amount: '30.00', currency: 'EUR' }, at: '2025-03-01T10:00:00Z' };
    expect(ledgerEntriesFromPaymentFact('PaymentCaptured', fact, { eventId: 'e' })).to.deep.equal([{
      entryId: 'e:0', orderId: 'O1', tenderId: 'T1', method: 'card', channel: 'web', kind: 'captured', amount: '30.00', currency: 'EUR',
      causedBy: { eventType: 'PaymentCaptured', eventId: 'e' }, at: '2025-03-01T10:00:00Z',
    }]);
    const split = ledgerEntriesFromPaymentFact('OrderCaptured', { ...fact, lines: [{ lineId: 'L1', amount: { amount: '10.00', currency: 'EUR' } }, { lineId: 'L2', amount: { amount: '20.00', currency: 'EUR' } }] }, { eventId: 'e' }, 'captured');
    expect(split.map((e) => [e.lineId, e.amount])).to.deep.equal([['L1', '10.00'], ['L2', '20.00']]);
    expect(ledgerEntriesFromPaymentFact('SomethingElse', fact, { eventId: 'e' })).to.deep.equal([]);
  });
});

describe('finance ledger: balances', () => {
  it('sums per order and tender exactly; net paid = captured + charged differences − refunded', () => {
    const b = financeBalance([
      entry('authorized', '100.00'), entry('captured', '60.00'), entry('captured', '40'), entry('refunded', '25.50'),
      entry('charged_difference', '5.00', { tenderId: 'T2', method: 'paypal' }), entry('voided', '0.005', { tenderId: 'T2' }),
    ]);
    expect(b.tenders).to.deep.equal([
      { orderId: 'O1', tenderId: 'T1', method: 'card', channel: 'web', currency: 'EUR', authorized: '100.00', captured: '100.00', chargedDifference: '0.00', refunded: '25.50', voided: '0.00', writtenOff: '0.00', netPaid: '74.50' },
      { orderId: 'O1', tenderId: 'T2', method: 'paypal', channel: 'web', currency: 'EUR', authorized: '0.00', captured: '0.00', chargedDifference: '5.00', refunded: '0.00', voided: '0.005', writtenOff: '0.00', netPaid: '5.00' },
    ]);
    expect(b.orders).to.deep.equal([{ orderId: 'O1', currency: 'EUR', authorized: '100.00', captured: '100.00', chargedDifference: '5.00', refunded: '25.50', voided: '0.005', writtenOff: '0.00', netPaid: '79.50' }]);
  });

  it('counts a re-delivered entry (same entry id) once', () => {
    const e = entry('captured', '10.00');
    expect(financeBalance([e, e]).tenders[0]!.captured).to.equal('10.00');
  });
});

describe('finance ledger: tender invariants', () => {
  it('a healthy ledger has no violations', () => {
    expect(checkTenderInvariants([entry('authorized', '50'), entry('captured', '30'), entry('voided', '20'), entry('refunded', '30')])).to.deep.equal([]);
    expect(checkTenderInvariants([entry('captured', '30', { method: 'cash' })]), 'direct charge without authorisation').to.deep.equal([]);
  });

  it('flags refunded > captured, captured > authorized, voided beyond the uncaptured rest, currency mismatch, negative amounts', () => {
    const codes = (entries: Parameters<typeof checkTenderInvariants>[0]) => checkTenderInvariants(entries).map((v) => v.code);
    expect(codes([entry('captured', '30.00'), entry('refunded', '30.01')])).to.deep.equal(['REFUNDED_EXCEEDS_CAPTURED']);
    expect(codes([entry('captured', '30.00'), entry('charged_difference', '5.00'), entry('refunded', '35.00')])).to.deep.equal([]);
    expect(codes([entry('authorized', '30.00'), entry('captured', '30.01')])).to.deep.equal(['CAPTURED_EXCEEDS_AUTHORIZED']);
    expect(codes([entry('authorized', '30.00'), entry('captured', '20.00'), entry('voided', '10.01')])).to.deep.equal(['VOIDED_EXCEEDS_UNCAPTURED']);
    expect(codes([entry('captured', '10.00'), entry('refunded', '5.00', { currency: 'USD' })])).to.deep.equal(['CURRENCY_MISMATCH', 'REFUNDED_EXCEEDS_CAPTURED']);
    expect(codes([entry('refunded', '-1.00')])).to.deep.equal(['NEGATIVE_AMOUNT']);
    const [v] = checkTenderInvariants([entry('captured', '30.00'), entry('refunded', '31.00')]);
    expect(v).to.deep.include({ orderId: 'O1', tenderId: 'T1' });
    expect(v!.details).to.include({ refunded: '31.00', captured: '30.00' });
  });
});
