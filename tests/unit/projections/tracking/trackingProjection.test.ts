import { expect } from 'chai';
import type { TrackingOrderDocument, TrackingReturnDocument, TrackingDocument } from '../../../../projections/tracking/trackingDocuments.js';
import { trackingProjection } from '../../../../projections/tracking/trackingProjection.js';
import type { RecordedEvent } from '../../../../infrastructure/eventstore/eventStore.js';
import { changeData, eventLog, move, placedData } from '../support/recordedEvents.js';

const P = trackingProjection();

/** Folds events as the runner does: per document id, in log order. */
const fold = (events: readonly RecordedEvent[]): Map<string, TrackingDocument | null> => {
  const docs = new Map<string, TrackingDocument | null>();
  for (const e of events) for (const id of P.documentIds(e)) docs.set(id, P.evolve(docs.get(id) ?? null, e, id));
  return docs;
};

describe('tracking projection (events → the customer tracking document)', () => {
  it('placed, promise revised, shipped and delivered: shipments with carrier and tracking number, the current promise, a timeline', () => {
    const log = eventLog();
    const s = 'order-o1';
    const docs = fold([
      log(s, 'OrderPlaced', placedData('o1'), '2026-03-02T09:00:00.000Z'),
      log(s, 'OrderStatusChanged', { from: 'none', to: 'placed', on: 'PlaceOrder', at: '2026-03-02T09:00:00.000Z' }, '2026-03-02T09:00:00.000Z'),
      log(s, 'OrderLinesReleased', { node: 'dc-paris', moves: [], at: '2026-03-02T10:00:00.000Z' }, '2026-03-02T10:00:00.000Z'),
      log(s, 'OrderPromiseRevised', { promise: { earliest: '2026-03-05', latest: '2026-03-07' }, previous: { earliest: '2026-03-04', latest: '2026-03-06' }, reason: 'carrier delay', at: '2026-03-02T11:00:00.000Z' }, '2026-03-02T11:00:00.000Z'),
      log(s, 'OrderShipmentShipped', { shipmentId: 'S1', node: 'dc-paris', lines: [{ lineId: '1', quantity: 2 }], carrier: 'colissimo', trackingNumber: '6A1', shippedAt: '2026-03-03T08:00:00.000Z', moves: [], fulfilment: null }, '2026-03-03T08:00:00.000Z'),
      log(s, 'OrderStatusChanged', { from: 'released', to: 'partially_shipped', on: 'RecordShipped', at: '2026-03-03T08:00:00.000Z' }, '2026-03-03T08:00:00.000Z'),
      log(s, 'OrderShipmentDelivered', { shipmentId: 'S1', deliveredAt: '2026-03-05T12:00:00.000Z', moves: [] }, '2026-03-05T12:00:00.000Z'),
    ]);
    const doc = docs.get('o1') as TrackingOrderDocument;
    expect(doc).to.include({ kind: 'order', orderId: 'o1', locale: 'fr-FR', currency: 'EUR', status: 'partially_shipped', total: '57.40', revision: '6' });
    expect(doc.promise).to.deep.equal({ earliest: '2026-03-05', latest: '2026-03-07' });
    expect(doc.shipments).to.deep.equal([{ shipmentId: 'S1', node: 'dc-paris', carrier: 'colissimo', trackingNumber: '6A1', shippedAt: '2026-03-03T08:00:00.000Z', deliveredAt: '2026-03-05T12:00:00.000Z', lines: [{ lineId: '1', quantity: 2 }] }]);
    expect(doc.timeline.map((e) => e.type)).to.deep.equal(['placed', 'promised', 'in_preparation', 'promise_revised', 'shipped', 'delivered']);
    const revised = doc.timeline[3]!;
    expect(revised).to.deep.include({ reason: 'carrier delay', previous: { earliest: '2026-03-04', latest: '2026-03-06' } });
    expect(doc.timeline[5]).to.include({ carrier: 'colissimo', trackingNumber: '6A1' });
  });

  it('a cancellation records reason, units and the refund; pickup readiness records node and deadline', () => {
    const log = eventLog();
    const s = 'order-o2';
    const docs = fold([
      log(s, 'OrderPlaced', placedData('o2', { deliveryMethod: 'pickup', pickupNode: 'store-12', destination: undefined }), '2026-03-02T09:00:00.000Z'),
      log(s, 'OrderLinesCancelled', changeData('too many', [move('1', 1, 'open', 'cancelled')], '37.40', '20.00', [{ lineId: '1', amounts: { total: { amount: '20.00', currency: 'EUR' } } }]), '2026-03-02T09:30:00.000Z'),
      log(s, 'OrderMadeReadyForPickup', { node: 'store-12', deadline: '2026-03-09T18:00:00.000Z', moves: [] }, '2026-03-03T09:00:00.000Z'),
    ]);
    const doc = docs.get('o2') as TrackingOrderDocument;
    expect(doc.total).to.equal('37.40');
    expect(doc.lines[0]).to.include({ cancelled: 1, total: '20.00' });
    expect(doc.lines[1]).to.include({ cancelled: 0, total: '12.50' });
    expect(doc.pickup).to.deep.equal({ node: 'store-12', deadline: '2026-03-09T18:00:00.000Z' });
    expect(doc.timeline[2]).to.deep.equal({ type: 'lines_cancelled', at: '2026-03-02T09:30:00.000Z', reason: 'too many', lines: [{ lineId: '1', quantity: 1 }], amount: { amount: '20.00', currency: 'EUR' }, direction: 'refund' });
    expect(doc.timeline[3]).to.deep.include({ type: 'ready_for_pickup', node: 'store-12', deadline: '2026-03-09T18:00:00.000Z' });
  });

  it('an event before OrderPlaced (or of an unknown order) makes no document', () => {
    const log = eventLog();
    const docs = fold([log('order-o3', 'OrderStatusChanged', { from: 'none', to: 'placed' }, '2026-03-02T09:00:00.000Z')]);
    expect(docs.get('o3')).to.equal(null);
  });

  it('returns fold into a document of their own that remembers the order; events without the order id follow it', () => {
    const log = eventLog();
    const r = 'return-R1';
    const events = [
      log(r, 'ReturnRequested', { returnId: 'R1', orderId: 'o1', kind: 'return', status: 'pending_approval', lines: [{ lineId: '1', quantity: 1, reason: 'wrong_size' }], at: '2026-03-06T09:00:00.000Z' }, '2026-03-06T09:00:00.000Z'),
      log(r, 'ReturnApproved', { returnId: 'R1', at: '2026-03-06T10:00:00.000Z' }, '2026-03-06T10:00:00.000Z'),
      log(r, 'ReturnInTransit', { returnId: 'R1', carrier: 'ups', trackingNumber: '1Z', qrTokenVerified: false, at: '2026-03-07T10:00:00.000Z' }, '2026-03-07T10:00:00.000Z'),
      log(r, 'RefundIssued', { returnId: 'R1', refundId: 'F1', orderId: 'o1', total: { amount: '20.00', currency: 'EUR' }, at: '2026-03-08T10:00:00.000Z' }, '2026-03-08T10:00:00.000Z'),
      log(r, 'SomethingNew', { returnId: 'R1' }, '2026-03-09T10:00:00.000Z'),
    ];
    expect(P.documentIds(events[4]!)).to.deep.equal([]);
    const doc = fold(events).get('return~R1') as TrackingReturnDocument;
    expect(doc).to.include({ kind: 'return', orderId: 'o1', returnId: 'R1', returnKind: 'return', status: 'refunded', carrier: 'ups', trackingNumber: '1Z' });
    expect(doc.refunded).to.deep.equal([{ amount: '20.00', currency: 'EUR' }]);
    expect(doc.timeline.map((e) => e.type)).to.deep.equal(['return_requested', 'return_approved', 'return_in_transit', 'refund_issued']);
    // An approval whose request this projection never saw is ignored rather than invented.
    const orphan = fold([eventLog()('return-R9', 'ReturnApproved', { returnId: 'R9', at: '2026-03-06T10:00:00.000Z' }, '2026-03-06T10:00:00.000Z')]);
    expect(orphan.get('return~R9')).to.equal(null);
  });
});
