import { expect } from 'chai';
import fc from 'fast-check';
import type { Order, OrderLine, OrderPromise, UnitBucket } from '../../../../domain/order/index.js';
import { LINE_STAGES } from '../../../../domain/order/index.js';
import {
  handoverMissed, pendingHandover, planCoversOrder, PROMISE_REVISION_REASON, promiseDatesMoved, promiseMovedLater, promiseToRecord, requoteFrom,
} from '../../../../domain/order/promiseRevision.js';

/** The rule reads only lines, status, completion and promise: a partial order is enough. */
const line = (lineId: string, sku: string, units: UnitBucket[]): OrderLine =>
  ({ lineId, sku, quantity: units.reduce((n, u) => n + u.quantity, 0), units, rejectedBy: [] }) as unknown as OrderLine;
const order = (lines: OrderLine[], extra: Partial<Pick<Order, 'status' | 'completed' | 'promise'>> = {}): Order =>
  ({ orderId: 'o-1', status: 'released', completed: false, lines, promise: PROMISE, ...extra }) as unknown as Order;

const PROMISE: OrderPromise = { earliest: '2026-03-02T16:00:00.000Z', latest: '2026-03-04T23:59:59Z', nodeId: 'dc-north' };

describe('domain/order/promiseRevision', () => {
  describe('pendingHandover', () => {
    it('lists units still at a node (allocated → packed), merged per line × node, sorted', () => {
      const o = order([
        line('2', 'MUG', [{ stage: 'released', node: 'dc-south', quantity: 1 }, { stage: 'packed', node: 'dc-south', quantity: 2 }, { stage: 'shipped', node: 'dc-north', quantity: 3 }]),
        line('1', 'LAMP', [{ stage: 'allocated', node: 'dc-north', quantity: 1 }, { stage: 'backordered', quantity: 4 }, { stage: 'cancelled', quantity: 1 }]),
      ]);
      expect(pendingHandover(o)).to.deep.equal([
        { lineId: '1', sku: 'LAMP', nodeId: 'dc-north', quantity: 1 },
        { lineId: '2', sku: 'MUG', nodeId: 'dc-south', quantity: 3 },
      ]);
    });

    it('property: accounts for exactly the units in pre-hand-over stages at a node', () => {
      const bucket = fc.record({ stage: fc.constantFrom(...LINE_STAGES), node: fc.option(fc.constantFrom('a', 'b', 'c'), { nil: undefined }), quantity: fc.integer({ min: 1, max: 5 }) });
      fc.assert(
        fc.property(fc.array(fc.array(bucket, { maxLength: 6 }), { maxLength: 4 }), (lines) => {
          const units = lines.map((us) => us.map((u) => (u.node === undefined ? { stage: u.stage, quantity: u.quantity } : u)) as UnitBucket[]);
          const o = order(units.map((us, i) => line(String(i), `S${i % 2}`, us)));
          const expected = units.flat().filter((u) => ['allocated', 'released', 'picked', 'packed'].includes(u.stage) && u.node).reduce((n, u) => n + u.quantity, 0);
          const plan = pendingHandover(o);
          expect(plan.reduce((n, p) => n + p.quantity, 0)).to.equal(expected);
          expect(new Set(plan.map((p) => `${p.lineId}|${p.nodeId}`)).size).to.equal(plan.length);
        }),
        { seed: 5, numRuns: 200 },
      );
    });
  });

  it('planCoversOrder: only when every remaining unit sits at a node', () => {
    const atNode = line('1', 'MUG', [{ stage: 'released', node: 'dc-north', quantity: 1 }, { stage: 'shipped', node: 'dc-north', quantity: 1 }, { stage: 'cancelled', quantity: 1 }]);
    expect(planCoversOrder(order([atNode]))).to.equal(true);
    for (const stage of ['open', 'needs_resourcing', 'backordered', 'preordered'] as const) {
      expect(planCoversOrder(order([atNode, line('2', 'LAMP', [{ stage, quantity: 1 }])])), stage).to.equal(false);
    }
    expect(planCoversOrder(order([line('1', 'MUG', [{ stage: 'shipped', node: 'dc-north', quantity: 2 }])]))).to.equal(false);
  });

  describe('promiseToRecord', () => {
    const later = { ...PROMISE, earliest: '2026-03-03T16:00:00.000Z', latest: '2026-03-05T23:59:59Z', nodeId: 'dc-south' };

    it('after a rejection: records a promise whose dates moved, either way', () => {
      expect(promiseToRecord(PROMISE_REVISION_REASON.nodeRejected, PROMISE, later)).to.equal(later);
      const earlier = { ...PROMISE, latest: '2026-03-03T23:59:59Z' };
      expect(promiseToRecord(PROMISE_REVISION_REASON.nodeRejected, PROMISE, earlier)).to.equal(earlier);
    });

    it('after a rejection: another node at the same dates (same instants, other spelling) is no revision', () => {
      const sameDates = { earliest: '2026-03-02T17:00:00+01:00', latest: '2026-03-04T23:59:59.000Z', nodeId: 'dc-south' };
      expect(promiseDatesMoved(PROMISE, sameDates)).to.equal(false);
      expect(promiseToRecord(PROMISE_REVISION_REASON.nodeRejected, PROMISE, sameDates)).to.equal(null);
    });

    it('after a missed hand-over: only a later hand-over is recorded', () => {
      expect(promiseToRecord(PROMISE_REVISION_REASON.missedHandover, PROMISE, later)).to.equal(later);
      const onlyLaterDelivery = { ...PROMISE, latest: '2026-03-06T23:59:59Z' };
      expect(promiseToRecord(PROMISE_REVISION_REASON.missedHandover, PROMISE, onlyLaterDelivery)).to.equal(null);
    });

    describe('after late supply', () => {
      const record = (candidate: OrderPromise | undefined) => promiseToRecord(PROMISE_REVISION_REASON.lateSupply, PROMISE, candidate);

      it('given the re-quote moves the window later, then it is recorded', () => {
        expect(PROMISE_REVISION_REASON.lateSupply).to.equal('late_supply');
        expect(record(later)).to.equal(later);
      });

      it('given only one end moves later (hand-over or delivery date), then it is recorded', () => {
        const laterHandover = { ...PROMISE, earliest: '2026-03-03T16:00:00.000Z' };
        const laterDelivery = { ...PROMISE, latest: '2026-03-05T23:59:59Z' };
        expect(record(laterHandover)).to.equal(laterHandover);
        expect(record(laterDelivery)).to.equal(laterDelivery);
      });

      it('given the re-quote is earlier or the same (other spelling, other node), then nothing is recorded', () => {
        expect(record({ ...PROMISE, earliest: '2026-03-01T16:00:00.000Z', latest: '2026-03-03T23:59:59Z' })).to.equal(null);
        expect(record({ earliest: '2026-03-02T17:00:00+01:00', latest: '2026-03-04T23:59:59.000Z', nodeId: 'dc-south' })).to.equal(null);
        expect(record(undefined)).to.equal(null);
      });

      it('property: recorded exactly when an end of the window moves later', () => {
        const base = Date.parse(PROMISE.earliest);
        const shift = fc.integer({ min: -3 * 86_400, max: 3 * 86_400 }).map((s) => s * 1000);
        fc.assert(
          fc.property(shift, shift, (de, dl) => {
            const candidate = { earliest: new Date(base + de).toISOString(), latest: new Date(Date.parse(PROMISE.latest) + dl).toISOString() };
            expect(record(candidate) !== null).to.equal(de > 0 || dl > 0);
            expect(promiseMovedLater(PROMISE, candidate)).to.equal(de > 0 || dl > 0);
          }),
          { seed: 11, numRuns: 300 },
        );
      });
    });

    it('nothing without a previous promise or a fresh quote', () => {
      expect(promiseToRecord(PROMISE_REVISION_REASON.nodeRejected, undefined, later)).to.equal(null);
      expect(promiseToRecord(PROMISE_REVISION_REASON.missedHandover, PROMISE, undefined)).to.equal(null);
    });
  });

  describe('handoverMissed', () => {
    const waiting = [line('1', 'MUG', [{ stage: 'released', node: 'dc-north', quantity: 2 }])];
    const after = '2026-03-02T16:00:01.000Z';

    it('is missed once the promised instant passes with units still at the node', () => {
      expect(handoverMissed(order(waiting), PROMISE.earliest, after)).to.equal(true);
      expect(handoverMissed(order(waiting), PROMISE.earliest, '2026-03-02T15:59:59.000Z')).to.equal(false);
    });

    it('is not missed when everything left, the order ended, or the promise was revised since', () => {
      expect(handoverMissed(order([line('1', 'MUG', [{ stage: 'shipped', node: 'dc-north', quantity: 2 }])]), PROMISE.earliest, after)).to.equal(false);
      expect(handoverMissed(order(waiting, { status: 'cancelled' }), PROMISE.earliest, after)).to.equal(false);
      expect(handoverMissed(order(waiting, { completed: true }), PROMISE.earliest, after)).to.equal(false);
      expect(handoverMissed(order(waiting, { promise: { ...PROMISE, earliest: '2026-03-03T16:00:00.000Z' } }), PROMISE.earliest, after)).to.equal(false);
      expect(handoverMissed(order(waiting, { promise: undefined }), PROMISE.earliest, after)).to.equal(false);
    });
  });

  it('requoteFrom: never before the missed deadline', () => {
    expect(requoteFrom(PROMISE.earliest, '2026-03-01T00:00:00.000Z')).to.equal('2026-03-02T16:00:01.000Z');
    expect(requoteFrom(PROMISE.earliest, '2026-03-05T08:00:00.000Z')).to.equal('2026-03-05T08:00:00.000Z');
  });
});
