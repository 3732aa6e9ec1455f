import { expect } from 'chai';
import { expectedSupply, positionFromState } from '../../../../domain/inventory/index.js';
import { ConflictError, NotFoundError } from '../../../../domain/shared/errors.js';
import { arrived, cmd, expected, given, key, received } from './fixtures.js';

const ETA = '2025-03-05T08:00:00.000Z';

describe('inventory: ExpectSupply', () => {
  it('records a purchase order expected at an ETA', () => {
    given([]).when(cmd('ExpectSupply', { supplyId: 'PO-1', kind: 'purchase_order', quantity: 50, eta: ETA, reference: 'SUP-9' }))
      .then([{ type: 'SupplyExpected', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 50, eta: ETA, reference: 'SUP-9' } }]);
  });

  it('records an inbound transfer (in transit)', () => {
    given([]).when(cmd('ExpectSupply', { supplyId: 'TR-1', kind: 'transfer', quantity: 5, eta: ETA })).then([expected('TR-1', 'transfer', 5, ETA)]);
  });

  it('does not change on-hand or what can be reserved', () => {
    const state = given([received(2)]).when(cmd('ExpectSupply', { supplyId: 'PO-1', kind: 'purchase_order', quantity: 50, eta: ETA })).state();
    expect(state.onHand).to.equal(2);
    expect(expectedSupply(state, 'purchase_order')).to.equal(50);
  });

  it('is a no-op when the same supply is announced again', () => {
    given([expected('PO-1', 'purchase_order', 50, ETA)])
      .when(cmd('ExpectSupply', { supplyId: 'PO-1', kind: 'purchase_order', quantity: 50, eta: ETA })).thenNothing();
  });

  it('refuses to reuse a supply id for other details (SUPPLY_CONFLICT)', () => {
    given([expected('PO-1', 'purchase_order', 50, ETA)])
      .when(cmd('ExpectSupply', { supplyId: 'PO-1', kind: 'purchase_order', quantity: 60, eta: ETA })).thenFails('SUPPLY_CONFLICT', ConflictError);
  });

  it('rejects an unknown kind', () => {
    given([]).when(cmd('ExpectSupply', { supplyId: 'X', kind: 'gift' as never, quantity: 1, eta: ETA })).thenFails('INVALID_SUPPLY');
  });

  it('rejects an ETA that is not an ISO instant with offset', () => {
    const error = given([]).when(cmd('ExpectSupply', { supplyId: 'X', kind: 'transfer', quantity: 1, eta: '2025-03-05' })).thenFails('INVALID_SUPPLY');
    expect(error.details.field).to.equal('eta');
  });

  it('rejects an impossible calendar date', () => {
    given([]).when(cmd('ExpectSupply', { supplyId: 'X', kind: 'transfer', quantity: 1, eta: '2025-02-30T10:00:00Z' })).thenFails('INVALID_SUPPLY');
  });

  it('rejects a zero quantity', () => {
    given([]).when(cmd('ExpectSupply', { supplyId: 'X', kind: 'transfer', quantity: 0, eta: ETA })).thenFails('INVALID_QUANTITY');
  });
});

describe('inventory: ReceiveSupply', () => {
  const po = expected('PO-1', 'purchase_order', 50, ETA);

  it('moves arrived units to on-hand and closes a fully arrived supply', () => {
    given([received(2), po]).when(cmd('ReceiveSupply', { supplyId: 'PO-1', quantity: 50 })).then([arrived('PO-1', 'purchase_order', 50, 0, 52)]);
    const state = given([received(2), po]).when(cmd('ReceiveSupply', { supplyId: 'PO-1', quantity: 50 })).state();
    expect(state.supplies.get('PO-1')!.status).to.equal('arrived');
    expect(positionFromState(state)!.supplies).to.deep.equal([]);
  });

  it('allows partial arrival: the rest stays expected', () => {
    const then = given([po]).when(cmd('ReceiveSupply', { supplyId: 'PO-1', quantity: 20, reference: 'ASN-1' }));
    then.then([{ type: 'SupplyArrived', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 20, remaining: 30, reference: 'ASN-1', onHand: 20 } }]);
    expect(expectedSupply(then.state(), 'purchase_order')).to.equal(30);
  });

  it('accepts more than announced (the units are there) and closes the supply', () => {
    const then = given([po, arrived('PO-1', 'purchase_order', 40, 10, 40)]).when(cmd('ReceiveSupply', { supplyId: 'PO-1', quantity: 15 }));
    then.then([arrived('PO-1', 'purchase_order', 15, 0, 55)]);
    expect(then.state().supplies.get('PO-1')!.status).to.equal('arrived');
  });

  it('fails for an unknown supply (SUPPLY_NOT_FOUND)', () => {
    given([]).when(cmd('ReceiveSupply', { supplyId: 'PO-404', quantity: 1 })).thenFails('SUPPLY_NOT_FOUND', NotFoundError);
  });

  it('fails for a supply that has fully arrived (SUPPLY_CLOSED)', () => {
    given([po, arrived('PO-1', 'purchase_order', 50, 0, 50)]).when(cmd('ReceiveSupply', { supplyId: 'PO-1', quantity: 1 })).thenFails('SUPPLY_CLOSED');
  });

  it('fails for a cancelled supply (SUPPLY_CLOSED)', () => {
    const cancelled = { type: 'SupplyCancelled', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 50 } } as const;
    given([po, cancelled]).when(cmd('ReceiveSupply', { supplyId: 'PO-1', quantity: 1 })).thenFails('SUPPLY_CLOSED', ConflictError);
  });
});

describe('inventory: CancelSupply', () => {
  const po = expected('PO-1', 'purchase_order', 50, ETA);

  it('cancels what is still expected', () => {
    given([po, arrived('PO-1', 'purchase_order', 20, 30, 20)]).when(cmd('CancelSupply', { supplyId: 'PO-1', reason: 'supplier short' }))
      .then([{ type: 'SupplyCancelled', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 30, reason: 'supplier short' } }]);
  });

  it('leaves arrived units on hand', () => {
    const state = given([po, arrived('PO-1', 'purchase_order', 20, 30, 20)]).when(cmd('CancelSupply', { supplyId: 'PO-1' })).state();
    expect(state.onHand).to.equal(20);
    expect(expectedSupply(state, 'purchase_order')).to.equal(0);
  });

  it('is a no-op when already cancelled', () => {
    const cancelled = { type: 'SupplyCancelled', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 50 } } as const;
    given([po, cancelled]).when(cmd('CancelSupply', { supplyId: 'PO-1' })).thenNothing();
  });

  it('cannot cancel a supply that fully arrived (SUPPLY_CLOSED)', () => {
    given([po, arrived('PO-1', 'purchase_order', 50, 0, 50)]).when(cmd('CancelSupply', { supplyId: 'PO-1' })).thenFails('SUPPLY_CLOSED');
  });

  it('fails for an unknown supply (SUPPLY_NOT_FOUND)', () => {
    given([]).when(cmd('CancelSupply', { supplyId: 'nope' })).thenFails('SUPPLY_NOT_FOUND');
  });
});
