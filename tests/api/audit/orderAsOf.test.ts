import { expect } from 'chai';
import fc from 'fast-check';
import { businessTime, orderAsOf } from '../../../application/audit/asOf.js';
import { boundedEventStore } from '../../../application/audit/boundedEventStore.js';
import { orderHistory } from '../../../application/audit/orderHistory.js';
import { orderDecider, orderStreamName } from '../../../domain/order/index.js';
import { later, placeOrder, T0 } from '../../unit/domain/order/support/fixtures.js';
import { inventoryCommand, minus, openAuditEnv, record, standardTimeline, type AuditEnv, type Recorded } from './support/timeline.js';

describe('audit: order as of an instant (recorded timeline)', () => {
  let env: AuditEnv;
  let timeline: Recorded[];
  const orderId = 'ord-asof-1';

  before(async () => {
    env = openAuditEnv();
    // Stock the checkout saw: 10 shirts at dc-paris, 2 of them reserved for this order before it was placed.
    await inventoryCommand(env, 'dc-paris', 'SKU-SHIRT', { type: 'ReceiveStock', data: { nodeId: 'dc-paris', sku: 'SKU-SHIRT', quantity: 10, reference: 'PO-1' } }, minus(T0, 60_000));
    await inventoryCommand(env, 'dc-paris', 'SKU-SHIRT', {
      type: 'ReserveStock', data: { nodeId: 'dc-paris', sku: 'SKU-SHIRT', reservationId: 'res-1', orderId, lineId: 'L1', quantity: 2, expiresAt: later(1) },
    }, minus(T0, 30_000));
    const steps = standardTimeline(orderId);
    timeline = await record(env, orderId, steps.slice(0, 2));
    // Between checkout and sourcing: 5 more shirts arrive, and the books get a first stock record at dc-lyon.
    await inventoryCommand(env, 'dc-paris', 'SKU-SHIRT', { type: 'ReceiveStock', data: { nodeId: 'dc-paris', sku: 'SKU-SHIRT', quantity: 5, reference: 'PO-2' } }, later(1.5));
    await inventoryCommand(env, 'dc-lyon', 'SKU-BOOK', { type: 'ReceiveStock', data: { nodeId: 'dc-lyon', sku: 'SKU-BOOK', quantity: 3, reference: 'PO-3' } }, later(1.5));
    timeline.push(...(await record(env, orderId, steps.slice(2, 3), timeline.at(-1))));
    // After sourcing: must not show up in what the sourcing decision saw.
    await inventoryCommand(env, 'dc-paris', 'SKU-SHIRT', { type: 'ReceiveStock', data: { nodeId: 'dc-paris', sku: 'SKU-SHIRT', quantity: 100, reference: 'PO-4' } }, later(2.5));
    timeline.push(...(await record(env, orderId, steps.slice(3), timeline.at(-1))));
  });
  after(() => env.close());

  it('at each event time: the state after it; 1 ms before: the state before it', async () => {
    expect(timeline).to.have.length(6);
    for (let i = 0; i < timeline.length; i++) {
      const step = timeline[i]!;
      const at = await orderAsOf(env, orderId, step.at, { availability: false });
      expect(at.order, `as of ${step.at}`).to.deep.equal(step.state);
      expect(at.revision).to.equal(step.revision.toString());
      expect(at.eventsApplied).to.equal(step.eventsSoFar);
      const before = await orderAsOf(env, orderId, minus(step.at, 1), { availability: false });
      if (i === 0) {
        expect(before.order).to.equal(null);
        expect(before.revision).to.equal(null);
        expect(before.eventsApplied).to.equal(0);
      } else {
        expect(before.order, `just before ${step.at}`).to.deep.equal(timeline[i - 1]!.state);
        expect(before.revision).to.equal(timeline[i - 1]!.revision.toString());
      }
    }
  });

  it('never shows half a command: events that share a business time are included together', async () => {
    const placed = await orderAsOf(env, orderId, T0, { availability: false });
    expect(placed.eventsApplied).to.equal(2);
    expect(placed.lastEventType).to.equal('OrderStatusChanged');
    expect(placed.order!.status).to.equal('placed');
  });

  it('after the last event: the current state, with every event applied', async () => {
    const now = await orderAsOf(env, orderId, '2030-01-01T00:00:00Z', { availability: false });
    expect(now.order).to.deep.equal(timeline.at(-1)!.state);
    expect(now.eventsApplied).to.equal(now.eventsTotal);
    expect(now.order!.status).to.equal('partially_shipped');
  });

  it('shows the availability each sourcing decision saw, not what came after', async () => {
    const at = await orderAsOf(env, orderId, later(2));
    expect(at.sourcing.map((d) => d.kind)).to.deep.equal(['checkout', 'sourcing']);
    const [checkout, sourcing] = at.sourcing;
    expect(checkout!.allocations).to.deep.equal([
      { lineId: 'L1', sku: 'SKU-SHIRT', node: 'dc-paris', quantity: 2 },
      { lineId: 'L2', sku: 'SKU-BOOK', node: 'dc-paris', quantity: 1 },
    ]);
    const shirtAtCheckout = checkout!.availability.find((a) => a.sku === 'SKU-SHIRT')!;
    expect(shirtAtCheckout).to.include({ node: 'dc-paris', onHand: 10, reserved: 2, available: 8, reservedForOrder: 2, inventoryRevision: '1' });
    const bookAtCheckout = checkout!.availability.find((a) => a.sku === 'SKU-BOOK')!;
    expect(bookAtCheckout).to.include({ onHand: 0, available: 0, inventoryRevision: null });
    expect(sourcing!.allocations.map((a) => `${a.lineId}@${a.node}`)).to.deep.equal(['L1@dc-paris', 'L2@dc-lyon']);
    expect(sourcing!.availability.find((a) => a.sku === 'SKU-SHIRT')).to.include({ onHand: 15, reserved: 2, available: 13 });
    expect(sourcing!.availability.find((a) => a.sku === 'SKU-BOOK')).to.include({ node: 'dc-lyon', onHand: 3, available: 3 });
    // Before sourcing happened, only the checkout decision existed.
    expect((await orderAsOf(env, orderId, minus(later(2), 1))).sourcing.map((d) => d.kind)).to.deep.equal(['checkout']);
  });

  it("surfaces the sourcing engine's own record (OrderPlaced.checkout.sourcing) verbatim", async () => {
    const rounds = [{ decision: { ruleSetId: 'default', ruleSetVersion: 3, outcome: 'sourced', candidates: [{ node: 'dc-paris', unitsAvailable: 3, servesAll: true }] }, failed: [] }];
    const place = placeOrder({ orderId: 'ord-asof-rec' });
    const withRecord = { ...place, data: { ...place.data, checkout: { requestHash: 'sha256:x', sourcing: rounds } }, metadata: { ...place.metadata, commandId: 'rec-1' } };
    await env.commands.handle(orderDecider, orderStreamName('ord-asof-rec'), withRecord as never);
    const at = await orderAsOf(env, 'ord-asof-rec', T0);
    expect(at.sourcing[0]!.recorded).to.deep.equal(rounds);
    expect(at.sourcing[0]!.kind).to.equal('checkout');
  });

  it('snapshot reuse never changes what a decision saw (any query order, against an uncached read)', async () => {
    const instants = [later(5), T0, later(2), minus(later(2), 1), later(1.5), later(3), T0, later(2)];
    for (const instant of instants) {
      const cached = await orderAsOf(env, orderId, instant);
      // A fresh view of the same store has no snapshots: it folds every inventory stream from the start.
      const uncached = await orderAsOf({ eventStore: boundedEventStore(env.eventStore, 1n << 62n) }, orderId, instant);
      expect(cached.sourcing, instant).to.deep.equal(uncached.sourcing);
    }
  });

  it('any instant: the fold of the events whose business time is ≤ it (property)', async () => {
    const history = await orderHistory(env, orderId, { limit: 1000 });
    const times = history.events.map((e) => Date.parse(e.at!));
    const first = times[0]!;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: -3_600_000, max: 7 * 3_600_000 }), async (offset) => {
        const instant = first + offset;
        const at = await orderAsOf(env, orderId, new Date(instant).toISOString(), { availability: false });
        expect(at.eventsApplied).to.equal(times.filter((t) => t <= instant).length);
        if (at.position !== null) expect(at.position).to.equal(history.events[at.eventsApplied - 1]!.position);
      }),
      { numRuns: 60 },
    );
  });

  it('404 for an order that never existed; 400 for a malformed instant', async () => {
    await orderAsOf(env, 'ord-none', T0).then(
      () => expect.fail('expected ORDER_NOT_FOUND'),
      (error: { code?: string; status?: number }) => expect(error).to.include({ code: 'ORDER_NOT_FOUND', status: 404 }),
    );
    for (const bad of ['yesterday', '2025-03-03', '2025-03-03T09:00:00']) {
      await orderAsOf(env, orderId, bad).then(
        () => expect.fail(`expected INVALID_AS_OF for ${bad}`),
        (error: { code?: string; status?: number }) => expect(error).to.include({ code: 'INVALID_AS_OF', status: 400 }),
      );
    }
    // Epoch milliseconds are accepted too.
    expect((await orderAsOf(env, orderId, String(Date.parse(T0)), { availability: false })).eventsApplied).to.equal(2);
  });

  it('business time falls back to the store clock only for events written without metadata.now', async () => {
    const [first] = (await orderHistory(env, orderId, { limit: 1 })).events;
    expect(first!.at).to.equal(T0);
    let count = 0;
    for await (const e of env.eventStore.readStream(orderStreamName(orderId))) {
      expect(businessTime(e)).to.equal(Date.parse(e.metadata.now as string));
      count++;
    }
    expect(count).to.be.greaterThan(5);
  });
});
