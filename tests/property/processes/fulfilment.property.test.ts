import { expect } from 'chai';
import fc from 'fast-check';
import { Decimal } from 'decimal.js';
import { type Order, type OrderCommand } from '../../../domain/order/index.js';
import { unitsIn } from '../../../domain/order/units.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { simulatedTotals } from '../../../infrastructure/payments/simulatedGateway.js';
import { startHarness, type Harness } from '../../unit/application/processes/support/fulfilmentHarness.js';

/**
 * For random sequences of order commands (shipments, rejections, acceptances, cancellations,
 * pickups, reviews, deliveries, stock arriving), sometimes racing the process, processed through
 * the real process manager: once it settles,
 *  - every held or confirmed reservation of the order belongs to an open, unshipped quantity of
 *    a line at that node (and every such quantity is backed: held = waiting), and
 *  - per tender, authorized ≥ captured + voided and captured ≥ refunded at the gateway, and the
 *    gateway's books equal the order's (every money movement the order decided was carried out).
 */
const NODES = ['dc-a', 'dc-b', 'store-1'];
const SKUS = ['SKU-A', 'SKU-B'];
const KINDS = ['ship', 'reject', 'accept', 'cancelLines', 'cancelOrder', 'ready', 'pickup', 'deliver', 'approve', 'supply'] as const;

type Step = Readonly<{ kind: (typeof KINDS)[number]; pick: number; qty: number; settle: boolean }>;
type Scenario = Readonly<{
  customer: 'cust' | 'decline-' | 'slow-';
  pickup: boolean;
  lines: readonly Readonly<{ sku: string; quantity: number; node: string; expensive: boolean }>[];
  steps: readonly Step[];
}>;

const scenario: fc.Arbitrary<Scenario> = fc.record({
  customer: fc.constantFrom('cust' as const, 'cust' as const, 'decline-' as const, 'slow-' as const),
  pickup: fc.boolean(),
  lines: fc.array(fc.record({ sku: fc.constantFrom(...SKUS), quantity: fc.integer({ min: 1, max: 3 }), node: fc.constantFrom('dc-a', 'dc-b'), expensive: fc.boolean() }), { minLength: 1, maxLength: 2 }),
  steps: fc.array(fc.record({ kind: fc.constantFrom(...KINDS), pick: fc.nat(), qty: fc.integer({ min: 1, max: 3 }), settle: fc.boolean() }), { maxLength: 7 }),
});

const at = <T>(xs: readonly T[], i: number): T | undefined => (xs.length === 0 ? undefined : xs[i % xs.length]);
const nodesWith = (o: Order, stages: Parameters<typeof unitsIn>[1]) => [...new Set(o.lines.flatMap((l) => l.units.filter((u) => u.node && (typeof stages === 'string' ? [stages] : stages).includes(u.stage)).map((u) => u.node!)))];

/** The command a step stands for in the order's current state (undefined: nothing sensible to do). */
const commandFor = (o: Order, step: Step, n: number): [OrderCommand['type'], unknown] | undefined => {
  const now = new Date().toISOString();
  switch (step.kind) {
    case 'ship': {
      const node = at(nodesWith(o, ['released', 'picked', 'packed']), step.pick);
      const line = node && at(o.lines.filter((l) => unitsIn(l, ['released', 'picked', 'packed'], node) > 0), step.pick);
      if (!node || !line || o.deliveryMethod === 'pickup') return undefined;
      const quantity = Math.min(step.qty, unitsIn(line, ['released', 'picked', 'packed'], node));
      return ['RecordShipped', { shipmentId: `S${n}`, node, lines: [{ lineId: line.lineId, quantity }], carrier: 'ups', trackingNumber: `T${n}`, shippedAt: now }];
    }
    case 'reject': { const node = at(nodesWith(o, 'released'), step.pick); return node ? ['NodeRejected', { node, reason: 'random rejection' }] : undefined; }
    case 'accept': { const node = at(nodesWith(o, 'released'), step.pick); return node ? ['NodeAccepted', { node }] : undefined; }
    case 'cancelLines': { const line = at(o.lines, step.pick); return line ? ['CancelLines', { lines: [{ lineId: line.lineId, quantity: step.qty }], reason: 'random' }] : undefined; }
    case 'cancelOrder': return ['CancelOrder', { reason: 'random' }];
    case 'ready': return o.pickupNode ? ['MarkReadyForPickup', { node: o.pickupNode, deadline: new Date(Date.now() + 60_000).toISOString() }] : undefined;
    case 'pickup': return o.pickupNode ? ['RecordPickedUp', { node: o.pickupNode, pickedUpAt: now }] : undefined;
    case 'deliver': { const s = at(o.shipments.filter((x) => !x.deliveredAt), step.pick); return s ? ['RecordDelivered', { shipmentId: s.shipmentId, deliveredAt: now }] : undefined; }
    case 'approve': return ['ApproveReview', { note: 'ok' }];
    case 'supply': return undefined;
  }
};

const checkHolds = async (h: Harness, o: Order) => {
  for (const line of o.lines) {
    for (const node of NODES) {
      const waiting = unitsIn(line, ['allocated', 'released', 'picked', 'packed'], node)
        + (o.deliveryMethod === 'pickup' ? unitsIn(line, 'ready_for_pickup', node) : 0)
        + (node === line.proposedNode ? unitsIn(line, 'open') : 0);
      const held = [...(await h.position(node, line.sku)).reservations.values()]
        .filter((r) => r.orderId === o.orderId && r.lineId === line.lineId)
        .reduce((sum, r) => sum + r.quantity, 0);
      expect(held, `${o.orderId}/${line.lineId} at ${node} (${o.status}, units ${JSON.stringify(line.units)})`).to.equal(waiting);
    }
  }
};

const checkMoney = async (h: Harness, o: Order) => {
  for (const t of o.tenders.filter((x) => x.status === 'pending')) {
    const books = (await simulatedTotals(h.gatewayStore, t.tenderId))!;
    expect(books.captured).to.equal('0.00');
    if (books.status === 'authorized') expect(books.voided).to.equal(books.authorized);
  }
  for (const t of o.tenders.filter((x) => x.status === 'authorized')) {
    const books = (await simulatedTotals(h.gatewayStore, t.tenderId))!;
    const [authorized, captured, voided, refunded] = [books.authorized, books.captured, books.voided, books.refunded].map((x) => new Decimal(x));
    expect(authorized.greaterThanOrEqualTo(captured!.plus(voided!)), `${o.orderId}: ${JSON.stringify(books)}`).to.equal(true);
    expect(captured!.greaterThanOrEqualTo(refunded!)).to.equal(true);
    expect({ captured: books.captured, voided: books.voided, refunded: books.refunded }).to.deep.equal({ captured: t.captured.amount, voided: t.voided.amount, refunded: t.refunded.amount });
  }
};

describe('property: order processes keep stock holds and money consistent', function () {
  this.timeout(60_000);
  let h: Harness;
  before(async () => {
    h = await startHarness([{ id: 'dc-a' }, { id: 'dc-b' }, { id: 'store-1', type: 'store', capabilities: ['pickup'] }], { pendingMs: 100 });
    for (const node of NODES) for (const sku of SKUS) await h.receive(node, sku, 1_000);
  });
  after(() => h.close());

  it('no reservation outlives its order line; per tender authorized ≥ captured ≥ refunded', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(scenario, async (s) => {
        const orderId = `prop-${++run}`;
        await h.place({
          orderId,
          customerId: `${s.customer}${run}`,
          ...(s.pickup ? { deliveryMethod: 'pickup' as const, pickupNode: 'store-1' } : {}),
          lines: s.lines.map((l, i) => ({ lineId: `L${i + 1}`, sku: l.sku, quantity: l.quantity, unitPrice: l.expensive ? '1200.00' : '15.00', node: l.node })),
        });
        let n = 0;
        for (const step of s.steps) {
          if (step.settle) await h.settle();
          if (step.kind === 'supply') {
            await h.receive(at(NODES, step.pick)!, at(SKUS, step.qty)!, step.qty);
            continue;
          }
          const command = commandFor(await h.order(orderId), step, ++n);
          if (!command) continue;
          await h.send(orderId, command[0], command[1]).catch((error) => {
            if (!(error instanceof DomainError)) throw error; // a refused command is not a failure: the order said no
          });
        }
        await h.settle();
        await h.waitFor('pending payments to settle', async () => {
          const o = await h.order(orderId);
          for (const t of o.tenders.filter((x) => x.status === 'pending')) {
            // A cancelled order cannot record the late answer: the process voids it at the gateway instead.
            const books = await simulatedTotals(h.gatewayStore, t.tenderId);
            if (o.status !== 'cancelled' || books?.status === 'pending' || (books?.status === 'authorized' && books.voided !== books.authorized)) return false;
          }
          return true;
        });
        await h.settle();
        const order = await h.order(orderId);
        await checkHolds(h, order);
        await checkMoney(h, order);
        expect(await h.stores.readStore.collection('process_failures').countDocuments({})).to.equal(0);
      }),
      { numRuns: Number(process.env.PROP_RUNS ?? 40), seed: Number(process.env.PROP_SEED ?? 20261127), endOnFailure: true },
    );
  });
});
