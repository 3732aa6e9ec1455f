import { expect } from 'chai';
import {
  expiredReservations, inventoryDecider, inventoryStreamName, nextExpiry, positionFromState, shortfallOfState,
} from '../../../../domain/inventory/index.js';
import { fold } from '../../../../domain/shared/decider.js';
import { IN_15_MIN, IN_1_HOUR, arrived, confirmed, consumed, counted, expected, key, received, released, reserved, safety } from './fixtures.js';

describe('inventory: expiredReservations (reaper)', () => {
  const state = fold(inventoryDecider, [
    received(10),
    reserved('b', 1, IN_1_HOUR),
    reserved('a', 1, IN_15_MIN),
    reserved('c', 1, IN_15_MIN),
    reserved('paid', 1, IN_15_MIN),
    confirmed('paid', 1),
  ]);

  it('returns held reservations with expiresAt ≤ now, oldest expiry first then oldest reservation', () => {
    expect(expiredReservations(state, IN_15_MIN).map((r) => r.reservationId)).to.deep.equal(['a', 'c']);
    expect(expiredReservations(state, '2025-03-01T12:00:00Z').map((r) => r.reservationId)).to.deep.equal(['a', 'c', 'b']);
  });

  it('returns nothing before the first expiry, and accepts epoch milliseconds', () => {
    expect(expiredReservations(state, '2025-03-01T10:14:59.999Z')).to.deep.equal([]);
    expect(expiredReservations(state, Date.parse(IN_15_MIN))).to.have.length(2);
  });

  it('compares instants, not strings (offsets are honoured)', () => {
    // 11:14+01:00 is 10:14Z: before the 10:15Z expiry.
    expect(expiredReservations(state, '2025-03-01T11:14:00+01:00')).to.deep.equal([]);
    expect(expiredReservations(state, '2025-03-01T11:15:00+01:00')).to.have.length(2);
  });

  it('throws on a malformed now', () => {
    expect(() => expiredReservations(state, 'now')).to.throw(RangeError);
  });

  it('nextExpiry names the earliest hold to wake the reaper for', () => {
    expect(nextExpiry(state)).to.equal(IN_15_MIN);
    expect(nextExpiry(fold(inventoryDecider, [received(1)]))).to.equal(undefined);
  });
});

describe('inventory: folded state', () => {
  const history = [
    received(10),
    { type: 'StockAdjusted', data: { ...key, delta: -2, reason: 'damage', onHand: 8 } } as const,
    reserved('r1', 3),
    reserved('r2', 2),
    consumed('r1', 's1', 1, 2, 7),
    released('r2', 2, 'expired'),
    expected('PO-1', 'purchase_order', 20, IN_1_HOUR),
    arrived('PO-1', 'purchase_order', 5, 15, 12),
    expected('TR-1', 'transfer', 4, IN_1_HOUR),
    safety(1),
  ];
  const state = fold(inventoryDecider, history);

  it('keeps a ledger whose totals explain on-hand and reserved', () => {
    const c = state.counters;
    expect(state.onHand).to.equal(12);
    expect(c.received + c.adjusted + c.counted - c.consumed).to.equal(state.onHand);
    expect(c.reservedTotal - c.releasedTotal - c.consumed).to.equal(state.reserved);
    expect(state.reserved).to.equal(2);
    expect(state.version).to.equal(history.length);
  });

  it('snapshots a JSON position with open supply only', () => {
    const position = positionFromState(state)!;
    expect(position).to.deep.equal({
      ...key, onHand: 12, reserved: 2, safetyStock: 1, version: history.length,
      supplies: [
        { supplyId: 'PO-1', kind: 'purchase_order', quantity: 15, eta: IN_1_HOUR },
        { supplyId: 'TR-1', kind: 'transfer', quantity: 4, eta: IN_1_HOUR },
      ],
    });
    expect(JSON.parse(JSON.stringify(position))).to.deep.equal(position);
    expect(positionFromState(inventoryDecider.initialState())).to.equal(undefined);
  });

  it('measures a count shortfall as reserved − on-hand', () => {
    expect(shortfallOfState(fold(inventoryDecider, [received(10), reserved('r1', 6), counted(4, 10, 6, ['r1'])]))).to.equal(2);
    expect(shortfallOfState(state)).to.equal(0);
  });

  it('names its stream inventory-<nodeId>~<sku>, encoding only unsafe ids', () => {
    expect(inventoryStreamName('dc-paris', 'SKU-1')).to.equal('inventory-dc-paris~SKU-1');
    expect(inventoryStreamName('dc paris', 'a/b')).to.equal('inventory-dc%20paris~a%2Fb');
  });
});
