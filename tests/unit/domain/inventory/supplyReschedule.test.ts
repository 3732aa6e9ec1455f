import { expect } from 'chai';
import { positionFromState } from '../../../../domain/inventory/index.js';
import { NotFoundError } from '../../../../domain/shared/errors.js';
import { arrived, cmd, expected, given, key } from './fixtures.js';

const ETA = '2025-03-05T08:00:00.000Z';
const LATER = '2025-03-09T08:00:00.000Z';

describe('inventory: RescheduleSupply', () => {
  const po = expected('PO-1', 'purchase_order', 50, ETA);

  it('moves the ETA of what is still expected, naming the ETA it replaces', () => {
    given([po, arrived('PO-1', 'purchase_order', 20, 30, 20)]).when(cmd('RescheduleSupply', { supplyId: 'PO-1', eta: LATER, reason: 'supplier delay' }))
      .then([{ type: 'SupplyRescheduled', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 30, previousEta: ETA, eta: LATER, reason: 'supplier delay' } }]);
  });

  it('the position reports the new ETA (availability dates from it)', () => {
    const state = given([po]).when(cmd('RescheduleSupply', { supplyId: 'PO-1', eta: LATER })).state();
    expect(positionFromState(state)!.supplies).to.deep.equal([{ supplyId: 'PO-1', kind: 'purchase_order', quantity: 50, eta: LATER }]);
  });

  it('is a no-op for the same instant, however it is spelled (a retried feed)', () => {
    given([po]).when(cmd('RescheduleSupply', { supplyId: 'PO-1', eta: '2025-03-05T09:00:00+01:00' })).thenNothing();
  });

  it('cannot move a supply that fully arrived or was cancelled (SUPPLY_CLOSED)', () => {
    given([po, arrived('PO-1', 'purchase_order', 50, 0, 50)]).when(cmd('RescheduleSupply', { supplyId: 'PO-1', eta: LATER })).thenFails('SUPPLY_CLOSED');
    const cancelled = { type: 'SupplyCancelled', data: { ...key, supplyId: 'PO-1', kind: 'purchase_order', quantity: 50 } } as const;
    given([po, cancelled]).when(cmd('RescheduleSupply', { supplyId: 'PO-1', eta: LATER })).thenFails('SUPPLY_CLOSED');
  });

  it('fails for an unknown supply (SUPPLY_NOT_FOUND) and for an ETA that is not an instant', () => {
    given([]).when(cmd('RescheduleSupply', { supplyId: 'nope', eta: LATER })).thenFails('SUPPLY_NOT_FOUND', NotFoundError);
    const error = given([po]).when(cmd('RescheduleSupply', { supplyId: 'PO-1', eta: '2025-03-09' })).thenFails('INVALID_SUPPLY');
    expect(error.details.field).to.equal('eta');
  });
});
