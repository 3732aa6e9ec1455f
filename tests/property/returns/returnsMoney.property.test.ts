import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { reconcileFinance } from '../../../application/finance/reconcileFinance.js';
import { loadOrderWithReturns } from '../../../application/returns/orderReturns.js';
import { lineQuantities } from '../../../domain/order/index.js';
import { signedDifference } from '../../../domain/return/index.js';
import { receive } from '../../e2e/processes/support/processOms.js';
import { nextKey, startReturnsWorld, type ReturnsWorld } from '../../api/returns/support/returnsWorld.js';

type Op =
  | { kind: 'return'; quantity: number; condition: 'new' | 'opened' | 'damaged'; receive: boolean }
  | { kind: 'claim'; quantity: number }
  | { kind: 'exchange'; sku: 'MUG' | 'BOOK' };

const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('return' as const), quantity: fc.integer({ min: 1, max: 3 }), condition: fc.constantFrom('new' as const, 'opened' as const, 'damaged' as const), receive: fc.boolean() }),
  fc.record({ kind: fc.constant('claim' as const), quantity: fc.integer({ min: 1, max: 2 }) }),
  fc.record({ kind: fc.constant('exchange' as const), sku: fc.constantFrom('MUG' as const, 'BOOK' as const) }),
);

/**
 * Random sequences of allowed (and over-asking) return operations on a delivered order, through
 * the use cases and processes of a whole OMS. After each sequence: per tender refunded ≤ captured,
 * units in returns ≤ delivered, each exchange's money difference is what was settled, and the
 * reconciliation of the whole log finds nothing. A deliberately slow test (a real OMS per suite).
 */
describe('property: returns keep the money and the units right', function () {
  this.timeout(180_000);
  let w: ReturnsWorld;
  before(async () => {
    w = await startReturnsWorld();
    await receive(w, 'dc-north', 'MUG', 200);
    await receive(w, 'dc-north', 'BOOK', 50);
  });
  after(() => w.close());

  it('Σ refunded ≤ Σ captured per tender; returned ≤ delivered; exchanges conserve money; reconcile is clean', async () => {
    await fc.assert(fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 4 }), async (ops) => {
      // A new customer per run: repeated orders of one customer trip the fraud velocity rule.
      const orderId = await w.delivered([{ sku: 'MUG', quantity: 3 }], { customerId: nextKey('cust') });
      for (const op of ops) {
        const post = (path: string, body: object) => w.http.post(path).set('Idempotency-Key', nextKey('prop')).send(body);
        let res;
        if (op.kind === 'return') {
          res = await post('/returns', { orderId, lines: [{ sku: 'MUG', quantity: op.quantity, reason: 'changed_mind' }], method: 'carrier_label', channel: 'web' });
          if (res.status === 201 && op.receive) {
            const rec = await post(`/returns/${res.body.returnId}/receipts`, { nodeId: res.body.receivingNodeId, lines: [{ sku: 'MUG', quantity: op.quantity, condition: op.condition }] });
            expect(rec.status, JSON.stringify(rec.body)).to.equal(200);
          }
        } else if (op.kind === 'claim') {
          res = await post(`/orders/${orderId}/claims`, { lines: [{ sku: 'MUG', quantity: op.quantity, reason: 'missing' }], resolution: 'refund' });
        } else {
          res = await post(`/orders/${orderId}/exchanges`, { lines: [{ sku: 'MUG', quantity: 1, reason: 'wrong_size' }], replacement: [{ sku: op.sku, quantity: 1 }], method: 'carrier_label', channel: 'web' });
        }
        // Allowed operations succeed; the others are refused with a stable 4xx code.
        expect([200, 201, 409, 422], JSON.stringify(res.body)).to.include(res.status);
        if (res.status >= 400) expect(res.body.code).to.be.a('string');
      }
      await w.idle();
      const { order, returns } = await loadOrderWithReturns(w.t.oms.eventStore, orderId);
      for (const t of order.tenders) {
        const refunded = returns.reduce((a, r) => a.plus(r.tenders.find((x) => x.tenderId === t.tenderId)?.refundedHere ?? 0), new Decimal(t.refunded.amount));
        expect(refunded.lessThanOrEqualTo(t.captured.amount), `tender ${t.tenderId}`).to.equal(true);
      }
      for (const line of order.lines) {
        const inReturns = returns.filter((r) => !['rejected', 'cancelled'].includes(r.status)).flatMap((r) => r.lines).filter((l) => l.lineId === line.lineId).reduce((n, l) => n + l.quantity, 0);
        expect(inReturns).to.be.at.most(lineQuantities(line).delivered);
      }
      for (const r of returns.filter((x) => x.kind === 'exchange')) {
        const ex = r.exchange!;
        const returned = r.lines.reduce((a, l) => a.plus(new Decimal(l.unitPricePaid.amount).times(l.quantity)), new Decimal(0));
        const replacement = ex.lines.reduce((a, l) => a.plus(new Decimal(l.unitPrice.amount).times(l.quantity)), new Decimal(0));
        expect(returned.minus(replacement).toFixed(2)).to.equal(signedDifference(ex.difference).toFixed(2));
        if (ex.difference.direction === 'charge') expect(new Decimal(ex.settled).equals(ex.difference.amount), 'charged at once').to.equal(true);
        if (ex.difference.direction === 'refund') expect(new Decimal(ex.settled).lessThanOrEqualTo(ex.difference.amount)).to.equal(true);
      }
      const report = await reconcileFinance(w.t.oms.eventStore, w.t.oms.readStore);
      expect(report.mismatches).to.deep.equal([]);
    }), { numRuns: 6, seed: 6 });
  });
});
