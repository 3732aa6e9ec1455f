import { expect } from 'chai';
import { ValidationError } from '../../../../domain/shared/errors.js';
import type { ReturnEvent, ReturnReceived } from '../../../../domain/return/events.js';
import { returnDecider, returnStreamName } from '../../../../domain/return/index.js';
import { routeReturn } from '../../../../domain/return/routeReturn.js';
import { fold } from '../../../../domain/shared/decider.js';
import { expectJsonSafe } from '../support/givenWhenThen.js';
import {
  approve, cancel, close, DEFAULT_NOW, given, inTransit, nodes, PARIS, policy, QR_HASH, receive, refund, reject,
  requestReturn, routedTo, run,
} from './fixtures.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

describe('return aggregate: request', () => {
  it('given no return, when RequestReturn within policy, then ReturnRequested freezes lines, order money and policy terms', () => {
    given([]).when(requestReturn()).then([{
      type: 'ReturnRequested',
      data: {
        returnId: 'R1', orderId: 'O1', channel: 'web', status: 'authorized', reviewReasons: [],
        lines: [{
          lineId: 'L1', sku: 'SHIRT-1', category: 'apparel', quantity: 1, reason: 'wrong_size', declaredCondition: 'new',
          merchantFault: false, unitPricePaid: eur('40.00'), taxPerUnit: eur('6.67'),
        }],
        order: {
          orderId: 'O1', channel: 'web', currency: 'EUR', taxInclusive: true,
          tenders: [
            { tenderId: 'T-gc', method: 'gift_card', captured: eur('100.00'), refunded: eur('0.00') },
            { tenderId: 'T-card', method: 'card', captured: eur('299.90'), refunded: eur('0.00') },
          ],
          shipping: { charged: eur('4.90'), refunded: eur('0.00') },
          units: [{ lineId: 'L1', expected: 2, returnedBefore: 0 }, { lineId: 'L2', expected: 1, returnedBefore: 0 }, { lineId: 'L3', expected: 3, returnedBefore: 0 }],
        },
        terms: {
          policyId: 'default', policyVersion: 3, refundTiming: 'on_receipt', tenderOrder: ['store_credit', 'card', 'paypal', 'gift_card'],
          restockingFees: [{ condition: 'damaged', rate: '0.50' }], conditionRules: [],
          shippingRefund: { onWholeOrder: true, onMerchantFault: true },
        },
        at: DEFAULT_NOW, method: 'carrier_label', routing: routedTo('dc-paris'), receivingNodeId: 'dc-paris', kind: 'return', wholeOrder: false,
      },
    }]);
  });

  it('names its stream return-<returnId>', () => {
    expect(returnStreamName('R1')).to.equal('return-R1');
    expect(returnStreamName('R 1/x')).to.equal('return-R%201%2Fx');
  });

  it('given no return, when the policy refuses, then nothing is written and the policy code is the error code', () => {
    const err = given([]).when(requestReturn({}, '2025-04-01T00:00:00.000Z')).thenFails('RETURN_WINDOW_EXPIRED', ValidationError);
    expect(err.status).to.equal(422);
    expect(err.details.refusals).to.have.length(1);
    given([]).when(requestReturn({ lines: [{ lineId: 'L1', quantity: 3, reason: 'other' }] })).then('QUANTITY_EXCEEDS_DELIVERED');
    given([]).when(requestReturn({ lines: [{ lineId: 'nope', quantity: 1, reason: 'other' }] })).then('UNKNOWN_LINE');
  });

  it('given a return, when requested again, then RETURN_ALREADY_EXISTS', () => {
    given(run(requestReturn())).when(requestReturn()).then('RETURN_ALREADY_EXISTS');
  });

  it('rejects malformed requests: unknown reason, method, channel, order mismatch, routing for another method', () => {
    given([]).when(requestReturn({ lines: [{ lineId: 'L1', quantity: 1, reason: 'bored' }] })).then('INVALID_RETURN_REQUEST');
    given([]).when(requestReturn({ channel: 'fax' as never })).then('INVALID_RETURN_REQUEST');
    given([]).when(requestReturn({ orderId: 'O2' })).then('INVALID_RETURN_REQUEST');
    given([]).when(requestReturn({ method: 'drop_off' })).then('INVALID_RETURN_REQUEST');
    given([]).when(requestReturn({ lines: [{ lineId: 'L1', quantity: 0, reason: 'other' }] })).then('INVALID_RETURN_REQUEST');
  });

  it('refuses NO_RETURN_NODE when routing found no node', () => {
    const routing = routeReturn({ lines: [{ sku: 'SHIRT-1', quantity: 1 }], nodes: [], stockNeed: [], method: 'carrier_label' });
    given([]).when(requestReturn({ routing })).then('NO_RETURN_NODE');
  });

  it('routes to a node other than the shipping one when it needs the stock, and that node receives it', () => {
    const routing = routeReturn({
      lines: [{ sku: 'SHIRT-1', quantity: 1 }], nodes, customerLocation: PARIS, method: 'carrier_label', originNode: 'dc-paris',
      stockNeed: [{ nodeId: 'store-lyon', sku: 'SHIRT-1', quantity: 3 }],
    });
    const [requested] = given([]).when(requestReturn({ routing })).events();
    expect(requested!.data).to.include({ receivingNodeId: 'store-lyon' });
    const received = given(run(requestReturn({ routing }))).when(receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { nodeId: 'store-lyon' })).events()[0] as ReturnReceived;
    expect(received.data).to.include({ nodeId: 'store-lyon', plannedNodeId: 'store-lyon' });
  });
});

describe('return aggregate: approval', () => {
  const review = () => requestReturn({ policy: policy({ review: { reasons: ['not_as_described'] } }), lines: [{ lineId: 'L1', quantity: 1, reason: 'not_as_described' }] });

  it('given a reason under review, when requested, then the return awaits approval and nothing else proceeds', () => {
    const [e] = given([]).when(review()).events();
    expect(e!.data).to.include({ status: 'pending_approval' });
    given(run(review())).when(receive([{ lineId: 'L1', quantity: 1, condition: 'new' }])).then('RETURN_NOT_APPROVED');
    given(run(review())).when(refund()).then('RETURN_NOT_APPROVED');
    given(run(review())).when(inTransit()).then('RETURN_NOT_APPROVED');
  });

  it('given a pending return, when approved, then ReturnApproved; approving again changes nothing', () => {
    given(run(review())).when(approve()).then([{ type: 'ReturnApproved', data: { returnId: 'R1', at: DEFAULT_NOW } }]);
    given(run(review(), approve())).when(approve()).thenNothing();
  });

  it('given a pending return, when rejected, then ReturnRejected releases the lines; an authorised return cannot be rejected', () => {
    given(run(review())).when(reject()).then([{
      type: 'ReturnRejected', data: { returnId: 'R1', orderId: 'O1', reason: 'photos show wear', lines: [{ lineId: 'L1', quantity: 1 }], at: DEFAULT_NOW },
    }]);
    given(run(review(), reject())).when(approve()).then('INVALID_RETURN_TRANSITION');
    given(run(requestReturn())).when(reject()).then('INVALID_RETURN_TRANSITION');
  });

  it('commands for an unknown return fail RETURN_NOT_FOUND', () => {
    given([]).when(approve()).then('RETURN_NOT_FOUND');
    given(run(requestReturn())).when(approve('R2')).then('RETURN_NOT_FOUND');
  });
});

describe('return aggregate: transit, receipt, disposition', () => {
  it('records the carrier shipment once; the same tracking again is a no-op', () => {
    given(run(requestReturn())).when(inTransit()).then([{
      type: 'ReturnInTransit', data: { returnId: 'R1', carrier: 'colissimo', trackingNumber: '6A123', qrTokenVerified: false, at: DEFAULT_NOW },
    }]);
    given(run(requestReturn(), inTransit())).when(inTransit()).thenNothing();
  });

  it('box-free return: needs a QR token hash at request, and the scanned token must match', () => {
    const boxFree = (qrTokenHash?: string) => requestReturn({ method: 'box_free', routing: routedTo('dc-paris', 'box_free'), ...(qrTokenHash === undefined ? {} : { qrTokenHash }) });
    given([]).when(boxFree()).then('INVALID_RETURN_REQUEST');
    given([]).when(requestReturn({ qrTokenHash: QR_HASH })).then('INVALID_RETURN_REQUEST');
    const [requested] = given([]).when(boxFree(QR_HASH)).events();
    expect(requested!.data).to.include({ method: 'box_free', qrTokenHash: QR_HASH });
    given(run(boxFree(QR_HASH))).when(inTransit({ qrTokenHash: 'b'.repeat(64) })).then('QR_TOKEN_MISMATCH');
    given(run(boxFree(QR_HASH))).when(inTransit({ carrier: 'relay', trackingNumber: undefined })).then('INVALID_RETURN_REQUEST');
    given(run(boxFree(QR_HASH))).when(inTransit({ carrier: 'relay', trackingNumber: undefined, qrTokenHash: QR_HASH })).then([{
      type: 'ReturnInTransit', data: { returnId: 'R1', carrier: 'relay', qrTokenVerified: true, at: DEFAULT_NOW },
    }]);
  });

  it('store return of a web order: received at the counter, restocked at that store', () => {
    const store = requestReturn({ channel: 'store', method: 'in_store', routing: routedTo('store-lyon', 'in_store') });
    const [requested] = given([]).when(store).events();
    expect(requested!.data).to.include({ channel: 'store', method: 'in_store', receivingNodeId: 'store-lyon' });
    expect((requested!.data as { order: { channel: string } }).order.channel).to.equal('web');
    given(run(store)).when(inTransit()).then('INVALID_RETURN_TRANSITION');
    given(run(store)).when(receive([{ lineId: 'L1', quantity: 1, condition: 'new' }], { nodeId: 'store-lyon' })).then([{
      type: 'ReturnReceived',
      data: {
        returnId: 'R1', receiptId: 'RC1', orderId: 'O1', nodeId: 'store-lyon', plannedNodeId: 'store-lyon',
        lines: [{ lineId: 'L1', sku: 'SHIRT-1', quantity: 1, condition: 'new', disposition: 'restock' }], complete: true, at: DEFAULT_NOW,
      },
    }]);
  });

  it('a damaged item is disposed (not restocked) while an opened one is restocked', () => {
    const two = requestReturn({ lines: [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }] });
    const e = given(run(two)).when(receive([{ lineId: 'L1', quantity: 1, condition: 'opened' }, { lineId: 'L1', quantity: 1, condition: 'damaged' }])).events()[0] as ReturnReceived;
    expect(e.data.lines.map((l) => [l.condition, l.disposition])).to.deep.equal([['opened', 'restock'], ['damaged', 'dispose']]);
    expect(e.data.complete).to.equal(true);
  });

  it('partial receipts accumulate; receiving more than requested is refused; a repeated receipt id is a no-op', () => {
    const two = requestReturn({ lines: [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }] });
    const first = receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]);
    const [partial] = given(run(two)).when(first).events();
    expect((partial as ReturnReceived).data.complete).to.equal(false);
    expect(given(run(two)).when(first).state().status).to.equal('partially_received');
    given(run(two, first)).when(first).thenNothing();
    given(run(two, first)).when(receive([{ lineId: 'L1', quantity: 2, condition: 'new' }], { receiptId: 'RC2' })).then('QUANTITY_EXCEEDS_REQUESTED');
    given(run(two, first)).when(receive([{ lineId: 'L2', quantity: 1, condition: 'new' }], { receiptId: 'RC2' })).then('INVALID_RETURN_REQUEST');
    const state = given(run(two, first)).when(receive([{ lineId: 'L1', quantity: 1, condition: 'opened' }], { receiptId: 'RC2' })).state();
    expect(state.status).to.equal('received');
    expect(state.lines[0]!.received).to.deep.equal({ new: 1, opened: 1 });
  });
});

describe('return aggregate: cancel and close', () => {
  it('cancels before anything arrives, releasing the lines; not after a receipt', () => {
    given(run(requestReturn(), inTransit())).when(cancel()).then([{
      type: 'ReturnCancelled', data: { returnId: 'R1', orderId: 'O1', reason: 'customer kept it', lines: [{ lineId: 'L1', quantity: 1 }], at: DEFAULT_NOW },
    }]);
    given(run(requestReturn(), cancel())).when(cancel()).thenNothing();
    given(run(requestReturn(), cancel())).when(receive([{ lineId: 'L1', quantity: 1, condition: 'new' }])).then('INVALID_RETURN_TRANSITION');
    const received = run(requestReturn(), receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]));
    given(received).when(cancel()).then('INVALID_RETURN_TRANSITION');
  });

  it('closes only once the refund due is issued, listing units never received', () => {
    const two = requestReturn({ lines: [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }] });
    const got = receive([{ lineId: 'L1', quantity: 1, condition: 'new' }]);
    given(run(two)).when(close()).then('RETURN_NOT_RECEIVED');
    given(run(two, got)).when(close()).then('RETURN_HAS_PENDING_REFUND');
    given(run(two, got, refund())).when(close()).then([{
      type: 'ReturnClosed', data: { returnId: 'R1', orderId: 'O1', unreceived: [{ lineId: 'L1', quantity: 1 }], at: DEFAULT_NOW },
    }]);
    given(run(two, got, refund(), close())).when(close()).thenNothing();
    given(run(two, got, refund(), close())).when(refund('RF2')).then('INVALID_RETURN_TRANSITION');
  });
});

describe('return aggregate: events', () => {
  it('every event of a full return is plain JSON and folding them rebuilds the same state', () => {
    const events: ReturnEvent[] = run(
      requestReturn({ lines: [{ lineId: 'L1', quantity: 2, reason: 'changed_mind' }] }), inTransit(),
      receive([{ lineId: 'L1', quantity: 2, condition: 'opened' }]), refund(), close(),
    );
    expect(events.map((e) => e.type)).to.deep.equal(['ReturnRequested', 'ReturnInTransit', 'ReturnReceived', 'RefundIssued', 'ReturnClosed']);
    expectJsonSafe(events);
    const replayed = fold(returnDecider, JSON.parse(JSON.stringify(events)) as ReturnEvent[]);
    expect(replayed).to.deep.equal(fold(returnDecider, events));
    expect(replayed).to.include({ status: 'closed', version: 5 });
  });
});
