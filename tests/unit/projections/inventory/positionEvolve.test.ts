import { expect } from 'chai';
import fc from 'fast-check';
import { inventoryDecider, positionFromState, type InventoryCommand, type InventoryEvent } from '../../../../domain/inventory/index.js';
import { DomainError } from '../../../../domain/shared/errors.js';
import { emptyPosition, evolvePosition } from '../../../../projections/inventory/positionEvolve.js';

const key = { nodeId: 'dc-1', sku: 'S-1' };
const T0 = Date.parse('2025-03-01T10:00:00.000Z');
const iso = (ms: number) => new Date(ms).toISOString();
const id = fc.constantFrom('a', 'b', 'c', 'd');

const commandArb: fc.Arbitrary<Omit<InventoryCommand, 'metadata'>> = fc.oneof(
  fc.integer({ min: 1, max: 20 }).map((quantity) => ({ type: 'ReceiveStock', data: { ...key, quantity, reference: 'g' } }) as const),
  fc.integer({ min: -8, max: 8 }).filter((d) => d !== 0).map((delta) => ({ type: 'AdjustStock', data: { ...key, delta, reason: 'correction' } }) as const),
  fc.integer({ min: 0, max: 30 }).map((counted) => ({ type: 'CountStock', data: { ...key, counted } }) as const),
  fc.integer({ min: 0, max: 4 }).map((quantity) => ({ type: 'SetSafetyStock', data: { ...key, quantity } }) as const),
  fc.tuple(id, fc.integer({ min: 1, max: 6 })).map(([r, quantity]) => ({ type: 'ReserveStock', data: { ...key, reservationId: r, orderId: 'o', lineId: r, quantity, expiresAt: iso(T0 + 3_600_000) } }) as const),
  id.map((r) => ({ type: 'ConfirmReservation', data: { ...key, reservationId: r } }) as const),
  id.map((r) => ({ type: 'ReleaseReservation', data: { ...key, reservationId: r, reason: 'cancelled' } }) as const),
  fc.tuple(id, fc.constantFrom('s1', 's2', 's3'), fc.integer({ min: 1, max: 3 })).map(([r, shipmentId, quantity]) => ({ type: 'ConsumeReservation', data: { ...key, reservationId: r, shipmentId, quantity } }) as const),
  fc.tuple(id, fc.constantFrom('purchase_order', 'transfer'), fc.integer({ min: 1, max: 20 })).map(([s, kind, quantity]) => ({ type: 'ExpectSupply', data: { ...key, supplyId: s, kind, quantity, eta: iso(T0 + 86_400_000) } }) as const),
  fc.tuple(id, fc.integer({ min: 1, max: 25 })).map(([s, quantity]) => ({ type: 'ReceiveSupply', data: { ...key, supplyId: s, quantity } }) as const),
  id.map((s) => ({ type: 'CancelSupply', data: { ...key, supplyId: s } }) as const),
  fc.tuple(id, fc.integer({ min: -2, max: 5 })).map(([s, days]) => ({ type: 'RescheduleSupply', data: { ...key, supplyId: s, eta: iso(T0 + days * 86_400_000) } }) as const),
);

describe('projections/inventory/positionEvolve', () => {
  it('folds any history to exactly what positionFromState(fold(inventoryDecider)) gives', () => {
    fc.assert(fc.property(fc.array(commandArb, { maxLength: 60 }), (commands) => {
      let state = inventoryDecider.initialState();
      let position = emptyPosition(key.nodeId, key.sku);
      let revision = 0;
      for (const [i, c] of commands.entries()) {
        let events: InventoryEvent[];
        try {
          events = inventoryDecider.decide({ ...c, metadata: { now: iso(T0 + i * 1000), commandId: `c${i}` } } as InventoryCommand, state);
        } catch (error) {
          if (error instanceof DomainError) continue;
          throw error;
        }
        for (const e of events) {
          state = inventoryDecider.evolve(state, e);
          position = evolvePosition(position, e, revision++);
        }
        if (revision > 0) expect(position).to.deep.equal(positionFromState(state));
      }
    }), { numRuns: 300 });
  });
});
