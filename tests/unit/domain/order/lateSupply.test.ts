import { expect } from 'chai';
import type { Order, OrderLine, OrderPromise, UnitBucket } from '../../../../domain/order/index.js';
import {
  MAX_OVERDUE_CHECKS, overdueCheckAt, supplyOverdue, supplySlipped, waitingForSupply, waitsOnSupply,
} from '../../../../domain/order/lateSupply.js';

/** The rules read only lines, status, completion, delivery method and promise: a partial order is enough. */
const line = (lineId: string, sku: string, units: UnitBucket[], rejectedBy: string[] = []): OrderLine =>
  ({ lineId, sku, quantity: units.reduce((n, u) => n + u.quantity, 0), units, rejectedBy }) as unknown as OrderLine;
const PROMISE: OrderPromise = { earliest: '2026-03-06T16:00:00.000Z', latest: '2026-03-09T23:59:59Z' };
const order = (lines: OrderLine[], extra: Partial<Pick<Order, 'status' | 'completed' | 'promise' | 'deliveryMethod' | 'pickupNode'>> = {}): Order =>
  ({ orderId: 'o-1', status: 'backordered', completed: false, deliveryMethod: 'standard', lines, promise: PROMISE, ...extra }) as unknown as Order;

const NORTH_MUG = { nodeId: 'dc-north', sku: 'MUG' };
const ETA = '2026-03-05T08:00:00.000Z';

describe('domain/order/lateSupply', () => {
  describe('waitingForSupply', () => {
    it('given backordered and preordered units, then lists them per line, sorted, nothing else', () => {
      const o = order([
        line('10', 'LAMP', [{ stage: 'preordered', quantity: 1 }, { stage: 'released', node: 'dc-north', quantity: 2 }]),
        line('2', 'MUG', [{ stage: 'backordered', quantity: 3 }, { stage: 'preordered', quantity: 1 }, { stage: 'cancelled', quantity: 1 }]),
        line('3', 'CUP', [{ stage: 'allocated', node: 'dc-south', quantity: 1 }]),
      ]);
      expect(waitingForSupply(o)).to.deep.equal([
        { lineId: '2', sku: 'MUG', quantity: 4 },
        { lineId: '10', sku: 'LAMP', quantity: 1 },
      ]);
    });
  });

  describe('waitsOnSupply', () => {
    const waiting = line('1', 'MUG', [{ stage: 'backordered', quantity: 2 }]);

    it('given a live promised order with units of the SKU waiting, then a change to that supply concerns it', () => {
      expect(waitsOnSupply(order([waiting]), NORTH_MUG)).to.equal(true);
    });

    it('given no waiting units of that SKU, then it does not', () => {
      expect(waitsOnSupply(order([waiting]), { nodeId: 'dc-north', sku: 'LAMP' })).to.equal(false);
      expect(waitsOnSupply(order([line('1', 'MUG', [{ stage: 'allocated', node: 'dc-north', quantity: 2 }])]), NORTH_MUG)).to.equal(false);
    });

    it('given the order ended or was never promised, then it does not', () => {
      expect(waitsOnSupply(order([waiting], { status: 'cancelled' }), NORTH_MUG)).to.equal(false);
      expect(waitsOnSupply(order([waiting], { completed: true }), NORTH_MUG)).to.equal(false);
      expect(waitsOnSupply(order([waiting], { promise: undefined }), NORTH_MUG)).to.equal(false);
    });

    it('given a pickup at another store, or a line that node rejected, then supply there never serves it', () => {
      expect(waitsOnSupply(order([waiting], { deliveryMethod: 'pickup', pickupNode: 'store-paris' }), NORTH_MUG)).to.equal(false);
      expect(waitsOnSupply(order([waiting], { deliveryMethod: 'pickup', pickupNode: 'dc-north' }), NORTH_MUG)).to.equal(true);
      expect(waitsOnSupply(order([line('1', 'MUG', [{ stage: 'backordered', quantity: 2 }], ['dc-north'])]), NORTH_MUG)).to.equal(false);
    });
  });

  describe('supplySlipped', () => {
    it('given the ETA moved later, then the supply slipped', () => {
      expect(supplySlipped({ type: 'rescheduled', previousEta: ETA, eta: '2026-03-05T08:00:01.000Z' })).to.equal(true);
    });

    it('given the ETA moved earlier or stayed (however spelled), then it did not', () => {
      expect(supplySlipped({ type: 'rescheduled', previousEta: ETA, eta: '2026-03-04T08:00:00.000Z' })).to.equal(false);
      expect(supplySlipped({ type: 'rescheduled', previousEta: ETA, eta: '2026-03-05T09:00:00+01:00' })).to.equal(false);
    });

    it('given what was still expected is cancelled, then it slipped (only if something was still expected)', () => {
      expect(supplySlipped({ type: 'cancelled', quantity: 3 })).to.equal(true);
      expect(supplySlipped({ type: 'cancelled', quantity: 0 })).to.equal(false);
    });
  });

  describe('supplyOverdue', () => {
    const expected = { status: 'expected', eta: ETA };
    const after = '2026-03-06T08:00:00.000Z';

    it('given the supply is still expected at the checked ETA and that ETA passed, then it is overdue', () => {
      expect(supplyOverdue(expected, ETA, after)).to.equal(true);
      expect(supplyOverdue(expected, ETA, '2026-03-05T07:59:59.999Z')).to.equal(false);
    });

    it('given it arrived, was cancelled, is unknown or was rescheduled since, then the check is obsolete', () => {
      expect(supplyOverdue({ status: 'arrived', eta: ETA }, ETA, after)).to.equal(false);
      expect(supplyOverdue({ status: 'cancelled', eta: ETA }, ETA, after)).to.equal(false);
      expect(supplyOverdue(undefined, ETA, after)).to.equal(false);
      expect(supplyOverdue({ status: 'expected', eta: '2026-03-08T08:00:00.000Z' }, ETA, after)).to.equal(false);
    });
  });

  it('overdueCheckAt: one grace period after the ETA per attempt, a bounded number of times', () => {
    expect(overdueCheckAt(ETA, 1, 3_600_000)).to.equal('2026-03-05T09:00:00.000Z');
    expect(overdueCheckAt(ETA, 3, 86_400_000)).to.equal('2026-03-08T08:00:00.000Z');
    expect(MAX_OVERDUE_CHECKS).to.be.within(1, 30);
  });
});
