import { expect } from 'chai';
import { availableOf, inventoryDecider } from '../../../../domain/inventory/index.js';
import { fold } from '../../../../domain/shared/decider.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../../domain/shared/errors.js';
import { AGO_1_MIN, IN_15_MIN, IN_1_HOUR, NOW, cmd, confirmed, consumed, counted, given, received, released, reserved, safety } from './fixtures.js';

const reserve = (reservationId: string, quantity: number, expiresAt = IN_15_MIN, orderId = `o-${reservationId}`, lineId = 'l1', at = NOW) =>
  cmd('ReserveStock', { reservationId, orderId, lineId, quantity, expiresAt }, at);

describe('inventory: ReserveStock', () => {
  it('holds units for an order line until expiresAt', () => {
    given([received(10)]).when(reserve('r1', 3)).then([reserved('r1', 3)]);
  });

  it('may reserve exactly what is available (on-hand − reserved − safety stock)', () => {
    given([received(10), safety(2), reserved('r1', 3)]).when(reserve('r2', 5)).then([reserved('r2', 5)]);
  });

  it('fails with OUT_OF_STOCK (409) when fewer units are available than asked', () => {
    const error = given([received(10), safety(2), reserved('r1', 3)]).when(reserve('r2', 6)).thenFails('OUT_OF_STOCK', ConflictError);
    expect(error.status).to.equal(409);
    expect(error.details).to.include({ requested: 6, available: 5, onHand: 10, reserved: 3, safetyStock: 2 });
  });

  it('counts confirmed reservations against availability', () => {
    given([received(5), reserved('r1', 5), confirmed('r1', 5)]).when(reserve('r2', 1)).thenFails('OUT_OF_STOCK');
  });

  it('fails on a position that never received stock', () => {
    given([]).when(reserve('r1', 1)).thenFails('OUT_OF_STOCK');
  });

  it('is idempotent: the same reservation id, order, line and quantity decide nothing', () => {
    given([received(10), reserved('r1', 3)]).when(reserve('r1', 3, IN_1_HOUR)).thenNothing();
  });

  it('stays idempotent after part of the reservation shipped', () => {
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 1, 2, 9)]).when(reserve('r1', 3)).thenNothing();
  });

  it('refuses the same id with another quantity (RESERVATION_CONFLICT)', () => {
    given([received(10), reserved('r1', 3)]).when(reserve('r1', 4)).thenFails('RESERVATION_CONFLICT', ConflictError);
  });

  it('refuses the same id for another order line (RESERVATION_CONFLICT)', () => {
    given([received(10), reserved('r1', 3)]).when(reserve('r1', 3, IN_15_MIN, 'o-r1', 'l2')).thenFails('RESERVATION_CONFLICT');
  });

  it('never revives a released reservation under its old id (RESERVATION_CLOSED)', () => {
    given([received(10), reserved('r1', 3), released('r1', 3)]).when(reserve('r1', 3)).thenFails('RESERVATION_CLOSED');
  });

  it('requires expiresAt to be after the command time', () => {
    const error = given([received(10)]).when(reserve('r1', 1, NOW)).thenFails('INVALID_RESERVATION', ValidationError);
    expect(error.details.field).to.equal('expiresAt');
  });

  it('rejects an expiresAt that is not an ISO instant', () => {
    given([received(10)]).when(reserve('r1', 1, 'tomorrow')).thenFails('INVALID_RESERVATION');
  });

  it('requires an order id and a line id', () => {
    expect(given([received(10)]).when(reserve('r1', 1, IN_15_MIN, '')).thenFails('INVALID_RESERVATION').details.field).to.equal('orderId');
    expect(given([received(10)]).when(reserve('r1', 1, IN_15_MIN, 'o1', 'has space')).thenFails('INVALID_RESERVATION').details.field).to.equal('lineId');
  });

  for (const quantity of [0, -2, 1.25, 1_000_001]) {
    it(`rejects quantity ${quantity} with INVALID_QUANTITY`, () => {
      given([received(10)]).when(reserve('r1', quantity)).thenFails('INVALID_QUANTITY');
    });
  }

  it('two buyers of the last unit: both decide on the same state, exactly one wins', () => {
    const state = fold(inventoryDecider, [received(1)]);
    const first = inventoryDecider.decide(reserve('alice', 1), state);
    const second = inventoryDecider.decide(reserve('bob', 1), state);
    // Both decisions are valid against the revision they read; the store's expected revision lets
    // only the first append. The loser re-reads, re-decides and is refused.
    expect(first).to.deep.equal([reserved('alice', 1)]);
    expect(second).to.deep.equal([reserved('bob', 1)]);
    const afterFirst = first.reduce(inventoryDecider.evolve, state);
    let error: unknown;
    try {
      inventoryDecider.decide(reserve('bob', 1), afterFirst);
    } catch (e) {
      error = e;
    }
    expect(error).to.be.instanceOf(ConflictError);
    expect((error as ConflictError).code).to.equal('OUT_OF_STOCK');
    expect(afterFirst.reserved).to.equal(1);
    expect(availableOf(afterFirst)).to.equal(0);
  });
});

describe('inventory: ConfirmReservation', () => {
  it('turns a hold into an allocation that no longer expires', () => {
    const then = given([received(10), reserved('r1', 3)]).when(cmd('ConfirmReservation', { reservationId: 'r1' }));
    then.then([confirmed('r1', 3)]);
    expect(then.state().reservations.get('r1')).to.include({ status: 'confirmed', expiresAt: null });
  });

  it('is a no-op for an already confirmed reservation', () => {
    given([received(10), reserved('r1', 3), confirmed('r1', 3)]).when(cmd('ConfirmReservation', { reservationId: 'r1' })).thenNothing();
  });

  it('refuses a hold that has run out, even before the reaper released it (RESERVATION_EXPIRED)', () => {
    given([received(10), reserved('r1', 3, IN_15_MIN)]).when(cmd('ConfirmReservation', { reservationId: 'r1' }, IN_15_MIN))
      .thenFails('RESERVATION_EXPIRED', ConflictError);
  });

  it('refuses a released reservation (RESERVATION_CLOSED)', () => {
    given([received(10), reserved('r1', 3), released('r1', 3, 'expired')]).when(cmd('ConfirmReservation', { reservationId: 'r1' }))
      .thenFails('RESERVATION_CLOSED');
  });

  it('fails for an unknown reservation (RESERVATION_NOT_FOUND)', () => {
    given([received(10)]).when(cmd('ConfirmReservation', { reservationId: 'nope' })).thenFails('RESERVATION_NOT_FOUND', NotFoundError);
  });
});

describe('inventory: ReleaseReservation', () => {
  it('gives held units back', () => {
    const then = given([received(10), reserved('r1', 3)]).when(cmd('ReleaseReservation', { reservationId: 'r1', reason: 'cancelled' }));
    then.then([released('r1', 3, 'cancelled')]);
    expect(availableOf(then.state())).to.equal(10);
  });

  it('gives confirmed units back', () => {
    given([received(10), reserved('r1', 3), confirmed('r1', 3)]).when(cmd('ReleaseReservation', { reservationId: 'r1', reason: 'rejected' }))
      .then([released('r1', 3, 'rejected')]);
  });

  it('releases only what is left after a partial shipment', () => {
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 1, 2, 9)])
      .when(cmd('ReleaseReservation', { reservationId: 'r1', reason: 'compensation' })).then([released('r1', 2, 'compensation')]);
  });

  for (const reason of ['cancelled', 'expired', 'rejected', 'compensation'] as const) {
    it(`accepts reason ${reason}`, () => {
      given([received(1), reserved('r1', 1)]).when(cmd('ReleaseReservation', { reservationId: 'r1', reason })).then([released('r1', 1, reason)]);
    });
  }

  it('is a no-op for an unknown reservation (so process managers can retry)', () => {
    given([received(10)]).when(cmd('ReleaseReservation', { reservationId: 'nope', reason: 'compensation' })).thenNothing();
  });

  it('is a no-op for an already released reservation', () => {
    given([received(10), reserved('r1', 3), released('r1', 3)]).when(cmd('ReleaseReservation', { reservationId: 'r1', reason: 'cancelled' })).thenNothing();
  });

  it('is a no-op for a fully consumed reservation', () => {
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 3, 0, 7)])
      .when(cmd('ReleaseReservation', { reservationId: 'r1', reason: 'cancelled' })).thenNothing();
  });

  it('rejects an unknown reason', () => {
    given([received(1), reserved('r1', 1)]).when(cmd('ReleaseReservation', { reservationId: 'r1', reason: 'bored' as never })).thenFails('INVALID_RESERVATION');
  });
});

describe('inventory: ConsumeReservation', () => {
  const consume = (reservationId: string, shipmentId: string, quantity: number) => cmd('ConsumeReservation', { reservationId, shipmentId, quantity });

  it('ships the whole reservation: on-hand and reserved both shrink, the reservation closes', () => {
    const then = given([received(10), reserved('r1', 3), confirmed('r1', 3)]).when(consume('r1', 's1', 3));
    then.then([consumed('r1', 's1', 3, 0, 7)]);
    const state = then.state();
    expect(state).to.include({ onHand: 7, reserved: 0 });
    expect(state.reservations.has('r1')).to.equal(false);
    expect(state.closedReservations.get('r1')).to.include({ outcome: 'consumed' });
  });

  it('allows partial consumption, keeping the rest reserved', () => {
    const then = given([received(10), reserved('r1', 3)]).when(consume('r1', 's1', 2));
    then.then([consumed('r1', 's1', 2, 1, 8)]);
    expect(then.state().reservations.get('r1')).to.include({ quantity: 1, reservedQuantity: 3 });
  });

  it('is idempotent per shipment', () => {
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 2, 1, 8)]).when(consume('r1', 's1', 2)).thenNothing();
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 3, 0, 7)]).when(consume('r1', 's1', 3)).thenNothing();
  });

  it('refuses the same shipment with another quantity (SHIPMENT_CONFLICT)', () => {
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 2, 1, 8)]).when(consume('r1', 's1', 1)).thenFails('SHIPMENT_CONFLICT');
  });

  it('cannot ship more than the reservation still holds (RESERVATION_QUANTITY_EXCEEDED)', () => {
    given([received(10), reserved('r1', 3), consumed('r1', 's1', 2, 1, 8)]).when(consume('r1', 's2', 2)).thenFails('RESERVATION_QUANTITY_EXCEEDED', ConflictError);
  });

  it('may consume an overdue hold: the goods physically left', () => {
    given([received(10), reserved('r1', 3, IN_15_MIN)]).when(cmd('ConsumeReservation', { reservationId: 'r1', shipmentId: 's1', quantity: 3 }, IN_1_HOUR))
      .then([consumed('r1', 's1', 3, 0, 7)]);
  });

  it('cannot ship units a count did not find (INSUFFICIENT_STOCK during a shortfall)', () => {
    given([received(10), reserved('r1', 5), counted(2, 10, 5, ['r1'])]).when(consume('r1', 's1', 3)).thenFails('INSUFFICIENT_STOCK');
  });

  it('fails for an unknown reservation (RESERVATION_NOT_FOUND)', () => {
    given([received(10)]).when(consume('nope', 's1', 1)).thenFails('RESERVATION_NOT_FOUND');
  });

  it('fails for a released reservation (RESERVATION_CLOSED)', () => {
    given([received(10), reserved('r1', 3), released('r1', 3)]).when(consume('r1', 's1', 1)).thenFails('RESERVATION_CLOSED');
  });

  it('requires a shipment id', () => {
    expect(given([received(10), reserved('r1', 3)]).when(consume('r1', '', 1)).thenFails('INVALID_RESERVATION').details.field).to.equal('shipmentId');
  });
});

describe('inventory: ExpireReservations', () => {
  const expire = (at: string) => cmd('ExpireReservations', {}, at);
  const history = [
    received(10),
    reserved('late', 1, '2025-03-01T10:10:00.000Z'),
    reserved('early', 2, '2025-03-01T10:05:00.000Z'),
    reserved('future', 3, IN_1_HOUR),
    reserved('paid', 1, '2025-03-01T10:01:00.000Z'),
    confirmed('paid', 1),
  ];

  it('releases every held reservation whose expiresAt ≤ now, oldest expiry first, as expired', () => {
    given(history).when(expire('2025-03-01T10:10:00.000Z')).then([released('early', 2, 'expired'), released('late', 1, 'expired')]);
  });

  it('leaves later holds and confirmed reservations alone', () => {
    const state = given(history).when(expire('2025-03-01T10:30:00.000Z')).state();
    expect([...state.reservations.keys()].sort()).to.deep.equal(['future', 'paid']);
    expect(state.reserved).to.equal(4);
    expect(state.counters.expiredTotal).to.equal(3);
  });

  it('is idempotent: running it again finds nothing', () => {
    given([...history, released('early', 2, 'expired'), released('late', 1, 'expired')]).when(expire('2025-03-01T10:30:00.000Z')).thenNothing();
  });

  it('decides nothing when no hold has run out', () => {
    given(history).when(expire(AGO_1_MIN)).thenNothing();
  });
});
