import { expect } from 'chai';
import fc from 'fast-check';
import { copyOf, placementsOf, rewriteIds, shiftSkus } from '../../../bench/projections/replicate.js';
import { createLagProbe } from '../../../bench/projections/lagProbe.js';
import type { RecordedEvent } from '../../../infrastructure/eventstore/eventStore.js';
import type { DocumentProjection } from '../../../projections/runtime/projection.js';

const ORDER = 'ord-7a7c5116-4003-58b2-8b4a-10896762419b';
const RES = '049011bb-2e38-51bc-95a1-b66745914768';

const recorded = (over: Partial<RecordedEvent> & Pick<RecordedEvent, 'type' | 'streamName'>): RecordedEvent => ({
  id: '3e528b70-30df-599e-8d54-69ebcd9e17f5', revision: 0n, position: 1n, data: {}, metadata: { correlationId: ORDER }, created: new Date(1000), ...over,
});

const template: RecordedEvent[] = [
  recorded({ type: 'StockReserved', streamName: 'inventory-dc-lyon~SKU-00007', data: { reservationId: RES, orderId: ORDER, sku: 'SKU-00007' } }),
  recorded({ id: '908fb0c8-03bc-53e6-8cff-689936e7cac6', type: 'OrderPlaced', streamName: `order-${ORDER}`, position: 2n, data: { orderId: ORDER, reservationIds: [RES], tenderId: 'sim_auth_6b8f57a2d383336f4e43a586' } }),
  recorded({ id: 'e3428c3e-2b6f-5527-886a-9854ed1dc0e4', type: 'OrderStatusChanged', streamName: `order-${ORDER}`, position: 3n, revision: 1n, data: { from: 'none', to: 'placed', on: 'PlaceOrder' } }),
  recorded({ id: 'fc8478b1-7662-556c-b109-2b400d06e723', type: 'OrderPaymentAuthorized', streamName: `order-${ORDER}`, position: 4n, revision: 2n, data: {} }),
];

describe('bench order-log replication', () => {
  it('copy 0 is the template; other copies change every UUID and gateway reference consistently', () => {
    expect(rewriteIds(`order-${ORDER}`, 0)).to.equal(`order-${ORDER}`);
    const text = JSON.stringify({ a: ORDER, b: [ORDER, RES], t: 'sim_capture_022f40e0fa40c185c385ce1b' });
    const copy = JSON.parse(rewriteIds(text, 5)) as { a: string; b: string[]; t: string };
    expect(copy.a).to.equal('ord-7a7c5113-4003-58b2-8b4a-10896762419b');
    expect(copy.b[0]).to.equal(copy.a);
    expect(copy.b[1]).to.not.equal(RES);
    expect(copy.t).to.equal('sim_capture_022f40e5fa40c185c385ce1b');
    expect(() => rewriteIds(text, -1)).to.throw(RangeError);
  });

  it('distinct copies of one id never collide, and a copy is undone by applying it again (XOR)', () => {
    fc.assert(fc.property(fc.uuid(), fc.integer({ min: 0, max: 0xffff_ffff }), fc.integer({ min: 0, max: 0xffff_ffff }), (uuid, a, b) => {
      const id = uuid.toLowerCase();
      expect(rewriteIds(rewriteIds(id, a), a)).to.equal(id);
      if (a !== b) expect(rewriteIds(id, a)).to.not.equal(rewriteIds(id, b));
    }));
  });

  it('shifts bench SKUs within the catalogue, in stream names and data alike', () => {
    expect(shiftSkus('inventory-dc-lyon~SKU-00098', 3, 100)).to.equal('inventory-dc-lyon~SKU-00001');
    const groups = copyOf(template, 2, 100);
    expect(groups[0]!.streamName).to.equal('inventory-dc-lyon~SKU-00009');
    expect((groups[0]!.events[0]!.data as { sku: string }).sku).to.equal('SKU-00009');
  });

  it('groups consecutive events of one stream into one append and keeps the template order', () => {
    const groups = copyOf(template, 1);
    expect(groups.map((g) => g.events.map((e) => e.type))).to.deep.equal([['StockReserved'], ['OrderPlaced', 'OrderStatusChanged', 'OrderPaymentAuthorized']]);
    const ids = groups.flatMap((g) => g.events.map((e) => e.id));
    expect(new Set(ids).size).to.equal(ids.length);
    expect(ids).to.not.include(template[1]!.id);
  });

  it('takes what checkout appends (holds, OrderPlaced, its status change) per order', () => {
    const placements = placementsOf(template);
    expect(placements).to.have.length(1);
    expect(placements[0]!.map((e) => e.type)).to.deep.equal(['StockReserved', 'OrderPlaced', 'OrderStatusChanged']);
    expect(placementsOf(template.filter((e) => e.type !== 'OrderPlaced'))).to.deep.equal([]);
  });
});

describe('bench lag probe', () => {
  const projection: DocumentProjection = { kind: 'document', name: 'p', version: 2, filter: {}, documentIds: (e) => [e.streamName], evolve: (d) => d };

  it('records commit time minus append time for each event of a committed batch, only while measuring', () => {
    let now = 1_000;
    const probe = createLagProbe(() => now);
    const wrapped = probe.wrap(projection) as DocumentProjection;
    wrapped.documentIds(recorded({ type: 'X', streamName: 's', created: new Date(900) }));
    probe.onCommitted('p_v2');
    expect(probe.samples().size).to.equal(0);
    probe.measuring(true);
    wrapped.documentIds(recorded({ type: 'X', streamName: 's', position: 7n, created: new Date(950) }));
    wrapped.documentIds(recorded({ type: 'X', streamName: 't', position: 7n, created: new Date(950) }));
    wrapped.documentIds(recorded({ type: 'X', streamName: 's', position: 8n, created: new Date(990) }));
    now = 1_040;
    probe.onCommitted('p_v2');
    expect(probe.samples().get('p_v2')).to.deep.equal([90, 50]);
  });
});
