import { expect } from 'chai';
import fc from 'fast-check';
import {
  ADJUSTMENT_REASONS, RELEASE_REASONS, availableOf, inventoryDecider,
  type InventoryCommand, type InventoryEvent, type InventoryState,
} from '../../../../domain/inventory/index.js';
import { fold } from '../../../../domain/shared/decider.js';
import { DomainError } from '../../../../domain/shared/errors.js';

/**
 * Random command sequences against one position, applied the way the application does
 * (decide → evolve; a refused command changes nothing). Small id pools make retries, id reuse,
 * double releases and partial shipments common.
 */
const key = { nodeId: 'dc-1', sku: 'SKU-1' } as const;
const START = Date.parse('2025-03-01T10:00:00.000Z');
const MINUTE = 60_000;
const iso = (ms: number) => new Date(ms).toISOString();

const reservationId = fc.constantFrom('r0', 'r1', 'r2', 'r3', 'r4', 'r5');
const supplyId = fc.constantFrom('s0', 's1', 's2');

type Step = Readonly<{ advanceMinutes: number; make: (nowMs: number) => Omit<InventoryCommand, 'metadata'> }>;
const step = <A>(arb: fc.Arbitrary<A>, make: (a: A, nowMs: number) => Omit<InventoryCommand, 'metadata'>): fc.Arbitrary<Step> =>
  fc.tuple(fc.integer({ min: 0, max: 10 }), arb).map(([advanceMinutes, a]) => ({ advanceMinutes, make: (nowMs: number) => make(a, nowMs) }));

const c = <T extends InventoryCommand['type']>(type: T, data: object) => ({ type, data: { ...key, ...data } }) as Omit<InventoryCommand, 'metadata'>;

const commandArb: fc.Arbitrary<Step> = fc.oneof(
  step(fc.integer({ min: 1, max: 20 }), (quantity) => c('ReceiveStock', { quantity, reference: 'grn' })),
  step(fc.tuple(fc.integer({ min: -10, max: 10 }).filter((d) => d !== 0), fc.constantFrom(...ADJUSTMENT_REASONS)),
    ([delta, reason]) => c('AdjustStock', { delta, reason })),
  step(fc.integer({ min: 0, max: 30 }), (counted) => c('CountStock', { counted })),
  step(fc.integer({ min: 0, max: 5 }), (quantity) => c('SetSafetyStock', { quantity })),
  step(fc.tuple(reservationId, fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 30 }), fc.constantFrom('l1', 'l2')),
    ([id, quantity, ttl, lineId], now) => c('ReserveStock', { reservationId: id, orderId: `o-${id}`, lineId, quantity, expiresAt: iso(now + ttl * MINUTE) })),
  step(reservationId, (id) => c('ConfirmReservation', { reservationId: id })),
  step(fc.tuple(reservationId, fc.constantFrom(...RELEASE_REASONS)), ([id, reason]) => c('ReleaseReservation', { reservationId: id, reason })),
  step(fc.tuple(reservationId, fc.constantFrom('sh0', 'sh1', 'sh2', 'sh3'), fc.integer({ min: 1, max: 5 })),
    ([id, shipmentId, quantity]) => c('ConsumeReservation', { reservationId: id, shipmentId, quantity })),
  step(fc.constant(null), () => c('ExpireReservations', {})),
  step(fc.tuple(supplyId, fc.constantFrom('purchase_order', 'transfer'), fc.integer({ min: 1, max: 20 }), fc.integer({ min: 0, max: 5 })),
    ([id, kind, quantity, days], now) => c('ExpectSupply', { supplyId: id, kind, quantity, eta: iso(now + days * 1440 * MINUTE) })),
  step(fc.tuple(supplyId, fc.integer({ min: 1, max: 15 })), ([id, quantity]) => c('ReceiveSupply', { supplyId: id, quantity })),
  step(supplyId, (id) => c('CancelSupply', { supplyId: id })),
  step(fc.tuple(supplyId, fc.integer({ min: 0, max: 8 })), ([id, days], now) => c('RescheduleSupply', { supplyId: id, eta: iso(now + days * 1440 * MINUTE) })),
);

type Run = Readonly<{ state: InventoryState; events: InventoryEvent[]; refused: number }>;

/** Checks every invariant after each accepted command; returns the final state and all events. */
const runAndCheck = (steps: readonly Step[]): Run => {
  let state = inventoryDecider.initialState();
  let nowMs = START;
  let inShortfall = false;
  let refused = 0;
  const all: InventoryEvent[] = [];
  // Independent accounting from the events alone (not from the state's own counters).
  const unitsReservedById = new Map<string, number>();
  let unitsReleased = 0;
  let unitsConsumed = 0;

  steps.forEach((s, i) => {
    nowMs += s.advanceMinutes * MINUTE;
    const command = { ...s.make(nowMs), metadata: { now: iso(nowMs), commandId: `c${i}` } } as InventoryCommand;
    let events: InventoryEvent[];
    try {
      events = inventoryDecider.decide(command, state);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      refused++;
      return;
    }
    // Deciding is pure: the same command on the same state decides the same events.
    expect(inventoryDecider.decide(command, state)).to.deep.equal(events);
    if (inShortfall) expect(events.some((e) => e.type === 'StockReserved'), 'no new reservation during a shortfall').to.equal(false);
    for (const event of events) {
      expect(JSON.parse(JSON.stringify(event)), 'event data is plain JSON').to.deep.equal(event);
      if (event.type === 'StockReserved') unitsReservedById.set(event.data.reservationId, event.data.quantity);
      if (event.type === 'ReservationReleased') unitsReleased += event.data.quantity;
      if (event.type === 'ReservationConsumed') unitsConsumed += event.data.quantity;
      if (event.type === 'StockCounted' && event.data.shortfall > 0) inShortfall = true;
      state = inventoryDecider.evolve(state, event);
      all.push(event);
    }
    if (state.reserved <= state.onHand) inShortfall = false;

    const active = [...state.reservations.values()];
    const sumActive = active.reduce((t, r) => t + r.quantity, 0);
    expect(state.reserved, 'reserved = Σ active reservations').to.equal(sumActive);
    expect(active.every((r) => r.quantity > 0 && r.quantity <= r.reservedQuantity), 'active reservations hold units').to.equal(true);
    expect(state.onHand, 'on-hand never negative').to.be.at.least(0);
    expect(availableOf(state), 'available never negative').to.be.at.least(0);
    expect(availableOf(state)).to.equal(Math.max(0, state.onHand - state.reserved - state.safetyStock));
    if (state.reserved > state.onHand) expect(inShortfall, 'reserved > on-hand only after a count shortfall').to.equal(true);
    // Every reserved unit is still reserved, was released, or shipped — nothing leaks.
    const everReserved = [...unitsReservedById.values()].reduce((t, q) => t + q, 0);
    expect(everReserved, 'reserved units accounted for').to.equal(sumActive + unitsReleased + unitsConsumed);
    expect(unitsReservedById.size, 'every reservation is active or closed').to.equal(state.reservations.size + state.closedReservations.size);
    const k = state.counters;
    expect(k.received + k.adjusted + k.counted - k.consumed, 'on-hand ledger').to.equal(state.onHand);
    expect(k.reservedTotal - k.releasedTotal - k.consumed, 'reservation ledger').to.equal(state.reserved);
  });
  return { state, events: all, refused };
};

describe('inventory properties (fast-check)', () => {
  it('random command sequences keep every inventory invariant', () => {
    fc.assert(fc.property(fc.array(commandArb, { minLength: 1, maxLength: 80 }), (steps) => { runAndCheck(steps); }), { numRuns: 400, seed: 20250301 });
  });

  it('folding the produced events again from scratch (also after a JSON round trip) gives the same state', () => {
    fc.assert(fc.property(fc.array(commandArb, { minLength: 1, maxLength: 80 }), (steps) => {
      const { state, events } = runAndCheck(steps);
      expect(fold(inventoryDecider, events)).to.deep.equal(state);
      expect(fold(inventoryDecider, JSON.parse(JSON.stringify(events)) as InventoryEvent[])).to.deep.equal(state);
    }), { numRuns: 200, seed: 7 });
  });

  it('the generator exercises both accepted and refused commands, and shortfalls', () => {
    // Guards against a vacuous property: the random runs must actually reserve, refuse and short-count.
    const samples = fc.sample(fc.array(commandArb, { minLength: 40, maxLength: 80 }), { numRuns: 60, seed: 42 });
    const runs = samples.map(runAndCheck);
    const types = new Set(runs.flatMap((r) => r.events.map((e) => e.type)));
    expect([...types].sort()).to.deep.equal([
      'ReservationConfirmed', 'ReservationConsumed', 'ReservationReleased', 'SafetyStockSet', 'StockAdjusted', 'StockCounted',
      'StockReceived', 'StockReserved', 'SupplyArrived', 'SupplyCancelled', 'SupplyExpected', 'SupplyRescheduled',
    ]);
    expect(runs.some((r) => r.refused > 0)).to.equal(true);
    expect(runs.some((r) => r.events.some((e) => e.type === 'StockCounted' && e.data.shortfall > 0))).to.equal(true);
  });

  it('n buyers racing for the last k units: exactly k win', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10 }), fc.integer({ min: 1, max: 20 }), (stock, buyers) => {
      let state = inventoryDecider.initialState();
      if (stock > 0) state = fold(inventoryDecider, [{ type: 'StockReceived', data: { ...key, quantity: stock, reference: 'g', onHand: stock } }]);
      let winners = 0;
      for (let b = 0; b < buyers; b++) {
        const command = {
          type: 'ReserveStock',
          data: { ...key, reservationId: `b${b}`, orderId: `o${b}`, lineId: 'l', quantity: 1, expiresAt: iso(START + MINUTE) },
          metadata: { now: iso(START), commandId: `c${b}` },
        } as InventoryCommand;
        try {
          state = inventoryDecider.decide(command, state).reduce(inventoryDecider.evolve, state);
          winners++;
        } catch (error) {
          expect((error as DomainError).code).to.equal('OUT_OF_STOCK');
        }
      }
      expect(winners).to.equal(Math.min(stock, buyers));
    }), { numRuns: 100, seed: 3 });
  });
});
