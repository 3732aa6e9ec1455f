import { expect } from 'chai';
import {
  evolveLearnedPromise,
  initialLearnedPromiseProjection,
  learnedTransitModel,
  type LearnedPromiseProjectionState,
  type LearnedPromiseSettings,
  type OrderEventEnvelope,
} from '../../../../application/promise/index.js';
import { pmapGet } from '../../../../domain/promise/learned/persistentMap.js';
import { staticTransitModel } from '../../../../domain/promise/staticTransitModel.js';
import type { Lane } from '../../../../domain/promise/transitModel.js';

const DAY = 86_400_000;
const T0 = Date.UTC(2024, 0, 1, 9);
const iso = (ms: number): string => new Date(ms).toISOString();
const settings: LearnedPromiseSettings = { nodeLocation: (id) => (id === 'N1' ? { country: 'BR', region: 'SP' } : undefined) };
const RJ = { line1: 'Rua X 1', city: 'Rio de Janeiro', region: 'RJ', postalCode: '20000-000', country: 'BR' };

const move = (quantity: number, to: string) => ({ lineId: 'L1', quantity, from: { stage: 'shipped', node: 'N1' }, to: { stage: to, node: 'N1' } });
const placed = (id: string, at: number, quantity = 1, promiseDays = 6): OrderEventEnvelope => ({
  streamName: `order-${id}`,
  type: 'OrderPlaced',
  data: {
    orderId: id,
    deliveryMethod: 'standard',
    destination: RJ,
    lines: [{ lineId: 'L1', sku: 'SKU', quantity, proposedNode: 'N1' }],
    promise: { earliest: iso(at + DAY), latest: iso(at + promiseDays * DAY) },
    placedAt: iso(at),
  },
});
const shipped = (id: string, at: number, shipmentId = `${id}-s1`, quantity = 1): OrderEventEnvelope => ({
  streamName: `order-${id}`,
  type: 'OrderShipmentShipped',
  data: { shipmentId, node: 'N1', lines: [], carrier: 'Correios', trackingNumber: 'T', shippedAt: iso(at), moves: [{ ...move(quantity, 'shipped'), from: { stage: 'packed', node: 'N1' } }], fulfilment: null },
});
const delivered = (id: string, at: number, shipmentId = `${id}-s1`, quantity = 1): OrderEventEnvelope => ({
  streamName: `order-${id}`,
  type: 'OrderShipmentDelivered',
  data: { shipmentId, deliveredAt: iso(at), moves: [move(quantity, 'delivered')] },
});

const run = (events: readonly OrderEventEnvelope[], from = initialLearnedPromiseProjection()): LearnedPromiseProjectionState =>
  events.reduce((s, e) => evolveLearnedPromise(s, e, settings), from);

const eventsTotal = (s: LearnedPromiseProjectionState, table: string): number => {
  const t = pmapGet(s.model.tables, table);
  return t ? t.events.reduce((a, b) => a + b, 0) : 0;
};

describe('learned promise projection (order events → learner)', () => {
  it('given placed → shipped → delivered, when projected, then handling is learned for the node, transit for the SP→RJ standard lane, and the kept promise is counted', () => {
    const s = run([placed('o1', T0), shipped('o1', T0 + 1.5 * DAY), delivered('o1', T0 + 4 * DAY)]);
    expect(eventsTotal(s, 'h|node:N1')).to.be.greaterThan(0);
    expect(eventsTotal(s, 'h|nodeRegion:BR-SP')).to.be.greaterThan(0);
    expect(eventsTotal(s, 't|standard:BR-SP>BR-RJ')).to.be.greaterThan(0);
    expect(eventsTotal(s, 't|standard:*')).to.be.greaterThan(0);
    expect(s.model.calibration).to.include({ kept: 1, missed: 0 });
    expect(s.model.subjects.size).to.equal(0);
  });

  it('given an order shipped in two parcels, when the first arrives, then the promise stays open; the second resolves it', () => {
    const base = [placed('o2', T0, 2), shipped('o2', T0 + DAY, 'p1', 1), shipped('o2', T0 + 2 * DAY, 'p2', 1), delivered('o2', T0 + 3 * DAY, 'p1', 1)];
    const first = run(base);
    expect(first.model.calibration).to.include({ kept: 0, missed: 0 });
    const both = run([delivered('o2', T0 + 5 * DAY, 'p2', 1)], first);
    expect(both.model.calibration).to.include({ kept: 1, missed: 0 });
    expect(eventsTotal(both, 't|standard:BR-SP>BR-RJ')).to.be.greaterThan(eventsTotal(first, 't|standard:BR-SP>BR-RJ'));
  });

  it('given a checkout promise that was missed and then revised later, when delivered by the revised date, then calibration counts the checkout promise as missed', () => {
    const revised: OrderEventEnvelope = {
      streamName: 'order-o5',
      type: 'OrderPromiseRevised',
      data: { promise: { earliest: iso(T0 + 3 * DAY), latest: iso(T0 + 12 * DAY) }, reason: 'missed_handover', at: iso(T0 + 2 * DAY) },
    };
    // Promised for day 6 at checkout, revised to day 12 on day 2, delivered on day 9.
    const s = run([placed('o5', T0, 1, 6), shipped('o5', T0 + 3 * DAY), revised, delivered('o5', T0 + 9 * DAY)]);
    expect(s.model.calibration).to.include({ kept: 0, missed: 1 });
  });

  it('given a cancelled order, when projected, then nothing is learned from it and its promise never counts', () => {
    const s = run([
      placed('o3', T0),
      { streamName: 'order-o3', type: 'OrderCancelled', data: { moves: [] }, metadata: { now: iso(T0 + DAY) } },
      { streamName: 'order-o4', type: 'OrderPlaced', data: { deliveryMethod: 'pickup', lines: [], placedAt: iso(T0) } },
    ]);
    expect(s.model.subjects.size).to.equal(0);
    expect(s.model.promises.size).to.equal(0);
    expect(s.orders.size).to.equal(0);
    expect(eventsTotal(s, 'h|node:N1')).to.equal(0);
    expect(s.skipped).to.equal(1);
  });

  it('given a learned lane, when the promise engine asks the TransitModel port, then it answers carrier business days from the learned curve, and falls back while the service has too little history', () => {
    const history: OrderEventEnvelope[] = [];
    for (let i = 0; i < 80; i++) {
      const t = T0 + i * 0.5 * DAY;
      history.push(placed(`h${i}`, t), shipped(`h${i}`, t + 0.5 * DAY), delivered(`h${i}`, t + 0.5 * DAY + 6.5 * DAY));
    }
    const s = run(history);
    const lane: Lane = {
      origin: { lat: -23.5, lng: -46.6, country: 'BR', region: 'SP' },
      destination: { lat: -22.9, lng: -43.2, country: 'BR', region: 'RJ' },
      distanceKm: 360,
    };
    const fallback = staticTransitModel();
    const model = learnedTransitModel(() => s.model, { fallback, minSupport: 30 });
    const asOf = iso(T0 + 45 * DAY);
    // 6.5–6.75 calendar days × 6/7 → 6 carrier business days.
    expect(model.quantileDays(lane, 'standard', 0.9, asOf)).to.equal(6);
    expect(model.quantileDays(lane, 'express', 0.9, asOf)).to.equal(fallback.quantileDays(lane, 'express', 0.9, asOf));
    const young = learnedTransitModel(() => run(history.slice(0, 30)).model, { fallback, minSupport: 30 });
    expect(young.quantileDays(lane, 'standard', 0.9, asOf)).to.equal(fallback.quantileDays(lane, 'standard', 0.9, asOf));
  });
});
