import { expect } from 'chai';
import fc from 'fast-check';
import { fold } from '../../../../domain/shared/decider.js';
import { DomainError } from '../../../../domain/shared/errors.js';
import { fromJson } from '../../../../domain/shared/money.js';
import {
  balanceDue, findTransition, orderDecider, orderTotals, ORDER_COMMAND_TYPES, type Order, type OrderCommandType, type OrderEvent, type OrderState,
} from '../../../../domain/order/index.js';
import { commandsFor } from '../../../unit/domain/order/support/commandFactory.js';
import { later, placeOrder, type LineSpec } from '../../../unit/domain/order/support/fixtures.js';
import { checkInvariants } from '../../../unit/domain/order/support/invariants.js';

/**
 * Random orders walked through random sequences of commands the table allows (variants built
 * from the order's facts). Guards may refuse a step (a DomainError: the step is skipped); any
 * other error — a transition missing from the table, a broken move — fails the property.
 */
const lineArb = (i: number) =>
  fc.record({
    quantity: fc.integer({ min: 1, max: 4 }),
    cents: fc.integer({ min: 1, max: 25_000 }),
    taxClass: fc.constantFrom('standard', 'reduced', 'zero'),
    weight: fc.integer({ min: 50, max: 1500 }),
  }).map((l): LineSpec => ({
    lineId: `L${i + 1}`,
    sku: `SKU-${i + 1}`,
    quantity: l.quantity,
    unitPrice: (l.cents / 100).toFixed(2),
    taxClass: l.taxClass,
    weightGrams: l.weight,
    node: 'dc-paris',
    reservationId: `res-${i + 1}`,
  }));

const orderArb = fc.record({
  lines: fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => lineArb(i)))),
  method: fc.constantFrom('standard', 'express', 'pickup', 'ship_to_store' as const),
});

/** Progress is likelier than disruption, so walks reach shipping, pickup and completion, not only early cancels. */
const P = 25; // progress
const WEIGHT: Record<OrderCommandType, number> = {
  PlaceOrder: 1, PlaceOnFraudHold: 1, ApproveReview: P, RejectReview: 1,
  RecordPaymentAuthorized: P, RecordPaymentPending: 1, RecordPaymentDeclined: 1,
  RecordSourcing: P, Resourced: P, ReleaseToNode: P, NodeAccepted: 3, NodeRejected: 3,
  RecordPicked: 5, RecordPacked: 5, RecordShipped: P, RecordDelivered: P,
  MarkReadyForPickup: P, RecordPickedUp: P, ExpirePickup: 2,
  CancelOrder: 1, CancelLines: 2, ChangeShippingAddress: 1, ChangeDeliveryMethod: 1, ReduceLineQuantity: 1, SwitchToPickup: 1,
  RecordPromiseRevised: 1, Complete: P, IssueTrackingToken: 1, RevokeTrackingToken: 1,
};

/** Extra authorizations only matter while something is owed; cancelling after a hand-over is the interesting case. */
const weight = (t: OrderCommandType, o: Order): number => {
  if (t === 'RecordPaymentAuthorized' && balanceDue(o.tenders, fromJson(orderTotals(o).total)).amount.isZero()) return 1;
  if (t === 'CancelLines' && o.lines.some((l) => l.fulfilledUnits > 0 || l.units.some((u) => u.stage === 'shipped'))) return 8;
  return WEIGHT[t];
};

const stepsArb = fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 12, maxLength: 40 });

describe('order lifecycle (property)', () => {
  it('keeps money, quantities, status and replay consistent along any allowed path', () => {
    fc.assert(
      fc.property(orderArb, stepsArb, ({ lines, method }, steps) => {
        let state: OrderState = orderDecider.initialState();
        const history: OrderEvent[] = [];
        const placed = orderDecider.decide(placeOrder({ lines, deliveryMethod: method }), state);
        history.push(...placed);
        state = fold(orderDecider, placed, state);
        checkInvariants(state as Order, history);
        steps.forEach(([pick, variant], i) => {
          const order = state as Order;
          const allowed = ORDER_COMMAND_TYPES.filter((t) => findTransition(order.status, t) !== undefined).flatMap((t) => Array<OrderCommandType>(weight(t, order)).fill(t));
          if (allowed.length === 0) return;
          const variants = commandsFor(order, allowed[pick % allowed.length]!, later(6 * (i + 1)));
          if (variants.length === 0) return;
          const command = variants[variant % variants.length]!;
          let events: OrderEvent[];
          try {
            events = orderDecider.decide(command, order);
          } catch (error) {
            if (error instanceof DomainError) return;
            throw error;
          }
          history.push(...events);
          state = fold(orderDecider, events, state);
          checkInvariants(state as Order, history);
        });
        expect(history[0]!.type).to.equal('OrderPlaced');
      }),
      { numRuns: 150, seed: 20250303 },
    );
  });
});
