import { expect } from 'chai';
import { availableOf } from '../../../../domain/inventory/index.js';
import { BadRequestError, ConflictError, ValidationError } from '../../../../domain/shared/errors.js';
import { commandOf, expectJsonSafe } from '../support/givenWhenThen.js';
import { IN_15_MIN, NOW, cmd, confirmed, counted, given, key, received, released, reserved, safety } from './fixtures.js';

describe('inventory: ReceiveStock', () => {
  it('records the received units with their reference and the resulting on-hand', () => {
    given([]).when(cmd('ReceiveStock', { quantity: 10, reference: 'GRN-1' })).then([received(10, 10, 'GRN-1')]);
  });

  it('adds to what is already on hand', () => {
    given([received(10)]).when(cmd('ReceiveStock', { quantity: 5, reference: 'GRN-2' })).then([received(5, 15, 'GRN-2')]);
  });

  for (const quantity of [0, -1, 1.5, 1_000_001, Number.NaN]) {
    it(`rejects quantity ${quantity} with INVALID_QUANTITY`, () => {
      given([]).when(cmd('ReceiveStock', { quantity, reference: 'GRN-1' })).thenFails('INVALID_QUANTITY', ValidationError);
    });
  }

  it('accepts the maximum line quantity of 1,000,000', () => {
    given([]).when(cmd('ReceiveStock', { quantity: 1_000_000, reference: 'GRN-1' })).then([received(1_000_000, 1_000_000, 'GRN-1')]);
  });

  it('requires a reference', () => {
    const error = given([]).when(cmd('ReceiveStock', { quantity: 1, reference: '' })).thenFails('INVALID_INVENTORY_COMMAND');
    expect(error.details.field).to.equal('reference');
  });

  it('refuses a command addressed to another position than the stream', () => {
    const other = commandOf('ReceiveStock', { nodeId: 'dc-lyon', sku: key.sku, quantity: 1, reference: 'x' }, { now: NOW });
    given([received(1)]).when(other as never).thenFails('INVENTORY_KEY_MISMATCH', BadRequestError);
  });

  it('rejects a malformed node id', () => {
    const bad = commandOf('ReceiveStock', { nodeId: 'dc~paris', sku: key.sku, quantity: 1, reference: 'x' }, { now: NOW });
    expect(given([]).when(bad as never).thenFails('INVALID_INVENTORY_COMMAND').details.field).to.equal('nodeId');
  });

  it('rejects a command whose metadata.now is not an ISO instant', () => {
    given([]).when(cmd('ReceiveStock', { quantity: 1, reference: 'x' }, '2025-03-01 10:00')).thenFails('INVALID_METADATA', BadRequestError);
  });
});

describe('inventory: AdjustStock', () => {
  it('records found stock as a positive adjustment', () => {
    given([received(10)]).when(cmd('AdjustStock', { delta: 2, reason: 'found' }))
      .then([{ type: 'StockAdjusted', data: { ...key, delta: 2, reason: 'found', onHand: 12 } }]);
  });

  it('records damage as a negative adjustment, with reference and note', () => {
    given([received(10)]).when(cmd('AdjustStock', { delta: -3, reason: 'damage', reference: 'DMG-7', note: 'forklift' }))
      .then([{ type: 'StockAdjusted', data: { ...key, delta: -3, reason: 'damage', reference: 'DMG-7', note: 'forklift', onHand: 7 } }]);
  });

  it('cannot take on-hand below what held and confirmed reservations hold (INSUFFICIENT_STOCK)', () => {
    const error = given([received(10), reserved('r1', 4), reserved('r2', 3), confirmed('r2', 3)])
      .when(cmd('AdjustStock', { delta: -4, reason: 'shrink' }))
      .thenFails('INSUFFICIENT_STOCK', ConflictError);
    expect(error.details).to.include({ onHand: 10, reserved: 7, maxDecrease: 3 });
  });

  it('may take on-hand down to exactly what is reserved', () => {
    given([received(10), reserved('r1', 4)]).when(cmd('AdjustStock', { delta: -6, reason: 'shrink' }))
      .then([{ type: 'StockAdjusted', data: { ...key, delta: -6, reason: 'shrink', onHand: 4 } }]);
  });

  it('may eat into safety stock (a selling buffer, not physical stock)', () => {
    given([received(10), safety(8)]).when(cmd('AdjustStock', { delta: -9, reason: 'correction' }))
      .then([{ type: 'StockAdjusted', data: { ...key, delta: -9, reason: 'correction', onHand: 1 } }]);
  });

  it('cannot take on-hand below zero on an empty position', () => {
    given([]).when(cmd('AdjustStock', { delta: -1, reason: 'correction' })).thenFails('INSUFFICIENT_STOCK');
  });

  for (const reason of ['damage', 'shrink', 'transfer_out'] as const) {
    it(`refuses a positive ${reason} adjustment (INVALID_ADJUSTMENT)`, () => {
      given([received(10)]).when(cmd('AdjustStock', { delta: 1, reason })).thenFails('INVALID_ADJUSTMENT', ValidationError);
    });
  }

  for (const reason of ['found', 'returned', 'transfer_in'] as const) {
    it(`refuses a negative ${reason} adjustment (INVALID_ADJUSTMENT)`, () => {
      given([received(10)]).when(cmd('AdjustStock', { delta: -1, reason })).thenFails('INVALID_ADJUSTMENT');
    });
  }

  it('lets a correction go either way', () => {
    expect(given([received(10)]).when(cmd('AdjustStock', { delta: -1, reason: 'correction' })).events()).to.have.length(1);
    expect(given([received(10)]).when(cmd('AdjustStock', { delta: 1, reason: 'correction' })).events()).to.have.length(1);
  });

  it('rejects an unknown reason', () => {
    given([received(10)]).when(cmd('AdjustStock', { delta: 1, reason: 'gift' as never })).thenFails('INVALID_ADJUSTMENT');
  });

  for (const delta of [0, 0.5, 1_000_001, -1_000_001]) {
    it(`rejects delta ${delta} with INVALID_QUANTITY`, () => {
      given([received(10)]).when(cmd('AdjustStock', { delta, reason: 'correction' })).thenFails('INVALID_QUANTITY');
    });
  }

  it('rejects a note that is not trimmed text', () => {
    given([received(10)]).when(cmd('AdjustStock', { delta: 1, reason: 'found', note: ' padded ' })).thenFails('INVALID_INVENTORY_COMMAND');
  });
});

describe('inventory: CountStock', () => {
  it('replaces on-hand with the counted quantity, recording the previous on-hand, the delta and the reason (cycle_count by default)', () => {
    given([received(10)]).when(cmd('CountStock', { counted: 8, reference: 'CC-1' })).then([{
      type: 'StockCounted',
      data: { ...key, counted: 8, previousOnHand: 10, delta: -2, reserved: 0, shortfall: 0, atRisk: [], reason: 'cycle_count', reference: 'CC-1', onHand: 8 },
    }]);
  });

  it('records the reason the counter gives', () => {
    given([received(10)]).when(cmd('CountStock', { counted: 12, reason: 'full_inventory' })).then([{
      type: 'StockCounted',
      data: { ...key, counted: 12, previousOnHand: 10, delta: 2, reserved: 0, shortfall: 0, atRisk: [], reason: 'full_inventory', onHand: 12 },
    }]);
  });

  it('rejects an unknown count reason', () => {
    given([received(10)]).when(cmd('CountStock', { counted: 8, reason: 'guess' as never })).thenFails('INVALID_INVENTORY_COMMAND');
  });

  it('records a count that confirms the stock (delta 0) as an audit fact', () => {
    given([received(10)]).when(cmd('CountStock', { counted: 10 })).then([counted(10, 10)]);
  });

  it('records a count above on-hand as a positive delta', () => {
    given([received(10), reserved('r1', 4)]).when(cmd('CountStock', { counted: 13 })).then([counted(13, 10, 4)]);
  });

  it('records a count below what is reserved (reality wins) and flags the shortfall', () => {
    given([received(10), reserved('r1', 4), reserved('r2', 3)]).when(cmd('CountStock', { counted: 5 }))
      .then([counted(5, 10, 7, ['r2'])]);
  });

  it('lists held reservations newest first, then confirmed ones, until they cover the shortfall', () => {
    const history = [received(10), reserved('old', 3), reserved('paid', 3), confirmed('paid', 3), reserved('new', 2)];
    const countOf = (value: number) => {
      const [event] = given(history).when(cmd('CountStock', { counted: value })).events();
      if (event?.type !== 'StockCounted') throw new Error('expected StockCounted');
      return event.data;
    };
    expect(countOf(1)).to.deep.include({ shortfall: 7, atRisk: ['new', 'old', 'paid'] });
    expect(countOf(6)).to.deep.include({ shortfall: 2, atRisk: ['new'] });
  });

  it('keeps every reservation after a shortfall count (re-sourcing is a process decision)', () => {
    const state = given([received(10), reserved('r1', 4), reserved('r2', 3)]).when(cmd('CountStock', { counted: 5 })).state();
    expect([...state.reservations.keys()]).to.deep.equal(['r1', 'r2']);
    expect(state).to.include({ onHand: 5, reserved: 7 });
    expect(availableOf(state)).to.equal(0);
  });

  it('still refuses reservations when receipts only just cover the shortfall (available stays 0)', () => {
    const error = given([received(10), reserved('r1', 4), counted(3, 10, 4, ['r1']), received(1, 4)])
      .when(cmd('ReserveStock', { reservationId: 'r9', orderId: 'o9', lineId: 'l1', quantity: 1, expiresAt: IN_15_MIN }))
      .thenFails('OUT_OF_STOCK');
    expect(error.details).to.include({ shortfall: 0, available: 0 });
  });

  it('reports the shortfall on refused reservations until it heals', () => {
    const error = given([received(10), reserved('r1', 4), counted(2, 10, 4, ['r1'])])
      .when(cmd('ReserveStock', { reservationId: 'r9', orderId: 'o9', lineId: 'l1', quantity: 1, expiresAt: IN_15_MIN }))
      .thenFails('OUT_OF_STOCK');
    expect(error.details).to.include({ shortfall: 2 });
  });

  it('heals when the at-risk reservation is released: reservations are accepted again', () => {
    given([received(10), reserved('r1', 4), reserved('r2', 4), counted(5, 10, 8, ['r2', 'r1']), released('r2', 4)])
      .when(cmd('ReserveStock', { reservationId: 'r3', orderId: 'o3', lineId: 'l1', quantity: 1, expiresAt: IN_15_MIN }))
      .then([reserved('r3', 1, IN_15_MIN, 'o3')]);
  });

  it('refuses stock-removing adjustments during a shortfall', () => {
    given([received(10), reserved('r1', 4), counted(2, 10, 4, ['r1'])]).when(cmd('AdjustStock', { delta: -1, reason: 'damage' }))
      .thenFails('INSUFFICIENT_STOCK');
  });

  it('accepts a count of zero', () => {
    given([received(3)]).when(cmd('CountStock', { counted: 0 })).then([counted(0, 3)]);
  });

  for (const value of [-1, 2.5, 1_000_000_001]) {
    it(`rejects counted ${value} with INVALID_QUANTITY`, () => {
      given([received(3)]).when(cmd('CountStock', { counted: value })).thenFails('INVALID_QUANTITY');
    });
  }
});

describe('inventory: SetSafetyStock', () => {
  it('records the new safety stock with the previous value', () => {
    given([received(10), safety(2)]).when(cmd('SetSafetyStock', { quantity: 3 })).then([safety(3, 2)]);
  });

  it('is a no-op when the value does not change', () => {
    given([received(10), safety(2)]).when(cmd('SetSafetyStock', { quantity: 2 })).thenNothing();
  });

  it('may exceed on-hand (available is then 0)', () => {
    const state = given([received(10)]).when(cmd('SetSafetyStock', { quantity: 50 })).state();
    expect(availableOf(state)).to.equal(0);
  });

  it('protects its units from reservations', () => {
    given([received(10), safety(3)])
      .when(cmd('ReserveStock', { reservationId: 'r1', orderId: 'o1', lineId: 'l1', quantity: 8, expiresAt: IN_15_MIN }))
      .thenFails('OUT_OF_STOCK');
  });

  it('rejects a negative safety stock', () => {
    given([]).when(cmd('SetSafetyStock', { quantity: -1 })).thenFails('INVALID_QUANTITY');
  });
});

describe('inventory: event data', () => {
  it('is plain JSON for every event type (no Dates, bigints, Decimals or undefined values)', () => {
    const history = [received(10), reserved('r1', 2), confirmed('r1', 2), released('r1', 2), safety(1), counted(9, 10)];
    expectJsonSafe(history);
    const decided = [
      ...given([]).when(cmd('ReceiveStock', { quantity: 3, reference: 'x' })).events(),
      ...given([received(3)]).when(cmd('AdjustStock', { delta: -1, reason: 'damage' })).events(),
      ...given([received(3)]).when(cmd('CountStock', { counted: 2 })).events(),
      ...given([received(3)]).when(cmd('ReserveStock', { reservationId: 'r', orderId: 'o', lineId: 'l', quantity: 1, expiresAt: IN_15_MIN })).events(),
    ];
    expect(decided).to.have.length(4);
    expectJsonSafe(decided);
  });
});
