import { expect } from 'chai';
import { Decimal } from 'decimal.js';
import fc from 'fast-check';
import { checkTenderInvariants } from '../../../../domain/finance/checkTenderInvariants.js';
import { ledgerEntriesFromReturnEvent } from '../../../../domain/finance/ledgerEntriesFromReturnEvent.js';
import type { LedgerEntry } from '../../../../domain/finance/ledgerEntry.js';
import type { ReturnCommand } from '../../../../domain/return/commands.js';
import type { ExchangeRequested, ReturnEvent } from '../../../../domain/return/events.js';
import { signedDifference } from '../../../../domain/return/exchangeDifference.js';
import { returnDecider, type ReturnState } from '../../../../domain/return/index.js';
import type { ReturnableOrderSnapshot } from '../../../../domain/return/snapshot.js';
import { fold } from '../../../../domain/shared/decider.js';
import { DomainError } from '../../../../domain/shared/errors.js';
import { line, policy, routedTo } from '../../../unit/domain/return/fixtures.js';

/**
 * Random orders and random sequences of return operations over several returns of the same order
 * (interleaved). A small order model plays the order's part: it counts units in returns and
 * refunds per tender, feeds fresh snapshots to new requests and current balances to refunds.
 */
const NOW = '2025-03-01T10:00:00.000Z';
const cents = (c: number): string => `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;

const orderArb = fc.record({
  taxInclusive: fc.boolean(),
  lines: fc.array(fc.record({ delivered: fc.integer({ min: 1, max: 4 }), price: fc.integer({ min: 0, max: 50_000 }), extraMills: fc.integer({ min: 0, max: 9 }), category: fc.constantFrom('apparel', 'electronics') }), { minLength: 1, maxLength: 3 }),
  shipping: fc.integer({ min: 0, max: 999 }),
  tenderMethods: fc.array(fc.constantFrom('card', 'gift_card', 'store_credit', 'paypal'), { minLength: 1, maxLength: 3 }),
  /** Fraction of the order total that was captured, in percent (under-capture exercises the cap). */
  capturedPct: fc.constantFrom(100, 100, 60),
  timing: fc.constantFrom('on_request' as const, 'on_receipt' as const),
});
type ValueOf<A> = A extends fc.Arbitrary<infer T> ? T : never;
type Order = ValueOf<typeof orderArb>;

const opArb = fc.oneof(
  { weight: 3, arbitrary: fc.record({ t: fc.constant('request' as const), exchange: fc.boolean(), lines: fc.array(fc.record({ l: fc.nat(2), q: fc.integer({ min: 1, max: 3 }), reason: fc.constantFrom('changed_mind', 'defective', 'not_as_described'), condition: fc.constantFrom('new', 'opened') }), { minLength: 1, maxLength: 2 }), replacement: fc.integer({ min: 0, max: 60_000 }) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('approve' as const), r: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('transit' as const), r: fc.nat(5) }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('receive' as const), r: fc.nat(5), l: fc.nat(2), q: fc.integer({ min: 1, max: 3 }), condition: fc.constantFrom('new', 'opened', 'damaged', 'defective') }) },
  { weight: 3, arbitrary: fc.record({ t: fc.constant('refund' as const), r: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('settle' as const), r: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('cancel' as const), r: fc.nat(5) }) },
  { weight: 1, arbitrary: fc.record({ t: fc.constant('close' as const), r: fc.nat(5) }) },
);
type Op = ValueOf<typeof opArb>;

type World = {
  order: Order;
  snapshot: ReturnableOrderSnapshot;
  inReturns: number[];
  tenderRefunded: Decimal[];
  streams: { id: string; events: ReturnEvent[]; state: ReturnState }[];
  ledger: LedgerEntry[];
  seq: number;
};

/** What the order charged for a line: unit price (plus tax when exclusive) × delivered, rounded once. */
const lineTotal = (l: { unitPricePaid: string; taxPerUnit: string; quantityDelivered: number }, taxInclusive: boolean): Decimal =>
  new Decimal(l.unitPricePaid).plus(taxInclusive ? 0 : l.taxPerUnit).times(l.quantityDelivered).toDecimalPlaces(2, Decimal.ROUND_HALF_EVEN);

const build = (order: Order): World => {
  const lines = order.lines.map((l, i) => line({
    lineId: `L${i}`, sku: `S${i}`, category: l.category, quantityDelivered: l.delivered, deliveredAt: '2025-02-25T00:00:00.000Z',
    // Some unit prices carry a third decimal (after discount allocation).
    unitPricePaid: `${cents(l.price)}${l.extraMills}`, taxPerUnit: cents(Math.floor(l.price / 6)),
  }));
  const total = lines.reduce((a, l) => a.plus(lineTotal(l, order.taxInclusive)), new Decimal(order.shipping).dividedBy(100));
  const captured = total.times(order.capturedPct).dividedBy(100).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const k = order.tenderMethods.length;
  const share = captured.dividedBy(k).toDecimalPlaces(2, Decimal.ROUND_DOWN);
  const tenders = order.tenderMethods.map((method, i) => ({
    tenderId: `T${i}`, method, captured: (i === k - 1 ? captured.minus(share.times(k - 1)) : share).toFixed(2), refunded: '0.00',
  }));
  const snapshot: ReturnableOrderSnapshot = {
    orderId: 'O1', channel: 'web', currency: 'EUR', taxInclusive: order.taxInclusive, purchasedAt: '2025-02-01T00:00:00.000Z',
    lines, tenders, shipping: { charged: cents(order.shipping), refunded: '0.00' },
  };
  const ledger: LedgerEntry[] = tenders.map((t, i) => ({
    entryId: `cap-${i}`, orderId: 'O1', tenderId: t.tenderId, method: t.method, channel: 'web', kind: 'captured', amount: t.captured, currency: 'EUR',
    causedBy: { eventType: 'PaymentCaptured', eventId: `cap-${i}` }, at: NOW,
  }));
  return { order, snapshot, inReturns: lines.map(() => 0), tenderRefunded: tenders.map(() => new Decimal(0)), streams: [], ledger, seq: 0 };
};

const freshSnapshot = (w: World): ReturnableOrderSnapshot => ({
  ...w.snapshot,
  lines: w.snapshot.lines.map((l, i) => ({ ...l, quantityReturned: w.inReturns[i]! })),
  tenders: w.snapshot.tenders.map((t, i) => ({ ...t, refunded: w.tenderRefunded[i]!.toFixed(2) })),
});

const meta = (w: World) => ({ now: NOW, commandId: `c${++w.seq}` });

const commandFor = (w: World, op: Op): ReturnCommand | undefined => {
  if (op.t === 'request') {
    const id = `R${w.streams.length}`;
    const n = w.snapshot.lines.length;
    // Two entries for the same line would be refused as DUPLICATE_LINE: keep the first.
    const picked = op.lines.filter((l, i) => op.lines.findIndex((m) => m.l % n === l.l % n) === i);
    const lines = picked.map((l) => ({ lineId: `L${l.l % n}`, quantity: l.q, reason: l.reason, condition: l.condition }));
    const base = {
      returnId: id, orderId: 'O1', channel: 'web' as const, method: 'carrier_label' as const, lines, snapshot: freshSnapshot(w),
      policy: policy({ refundTiming: { default: w.order.timing }, review: { reasons: ['not_as_described'] } }), routing: routedTo('dc-paris'),
    };
    return op.exchange
      ? { type: 'RequestExchange', metadata: meta(w), data: { ...base, exchangeOrderId: `N-${id}`, replacementLines: [{ lineId: 'N1', sku: 'NEW', quantity: 1, unitPrice: cents(op.replacement), taxPerUnit: '0.00' }] } }
      : { type: 'RequestReturn', metadata: meta(w), data: base };
  }
  if (w.streams.length === 0) return undefined;
  const target = w.streams[op.r % w.streams.length]!;
  const returnId = target.id;
  switch (op.t) {
    case 'approve': return { type: 'ApproveReturn', metadata: meta(w), data: { returnId } };
    case 'transit': return { type: 'RecordInTransit', metadata: meta(w), data: { returnId, trackingNumber: `TN${w.seq}` } };
    case 'receive': {
      const l = target.state.lines[op.l % Math.max(1, target.state.lines.length)];
      return { type: 'ReceiveReturn', metadata: meta(w), data: { returnId, receiptId: `RC${w.seq}`, nodeId: 'dc-paris', lines: [{ lineId: l?.lineId ?? 'L0', quantity: op.q, condition: op.condition }] } };
    }
    case 'refund': return { type: 'IssueRefund', metadata: meta(w), data: { returnId, refundId: `RF${w.seq}`, tenders: freshSnapshot(w).tenders } };
    case 'settle': {
      const ex = w.streams.find((s) => s.id === returnId)!.state.exchange;
      const due = ex === null ? '0.00' : new Decimal(ex.difference.amount).minus(ex.settled).toFixed(2);
      return { type: 'SettleExchangeDifference', metadata: meta(w), data: { returnId, tenderId: 'T-extra', method: 'card', amount: due } };
    }
    case 'cancel': return { type: 'CancelReturn', metadata: meta(w), data: { returnId, reason: 'changed plans' } };
    case 'close': return { type: 'CloseReturn', metadata: meta(w), data: { returnId } };
  }
};

/** The order's side of each event: units held by returns and refunds per tender. */
const applyToOrder = (w: World, e: ReturnEvent, streamId: string, revision: number): void => {
  const idx = (lineId: string) => Number(lineId.slice(1));
  switch (e.type) {
    case 'ReturnRequested': case 'ExchangeRequested': case 'ClaimOpened':
      for (const l of e.data.lines) w.inReturns[idx(l.lineId)]! += l.quantity; break;
    case 'ReturnCancelled': case 'ReturnRejected':
      for (const l of e.data.lines) w.inReturns[idx(l.lineId)]! -= l.quantity; break;
    case 'ReturnClosed':
      for (const l of e.data.unreceived) w.inReturns[idx(l.lineId)]! -= l.quantity; break;
    case 'RefundIssued':
      for (const t of e.data.tenders) w.tenderRefunded[idx(t.tenderId)] = w.tenderRefunded[idx(t.tenderId)]!.plus(t.amount.amount); break;
    default: break;
  }
  w.ledger.push(...ledgerEntriesFromReturnEvent(e, { stream: `return-${streamId}`, revision: BigInt(revision) }));
};

/** Event types decided across all runs: the generator must reach every path, or the property proves little. */
const seen = new Map<string, number>();
const refusals = new Map<string, number>();

const step = (w: World, op: Op): void => {
  const command = commandFor(w, op);
  if (command === undefined) return;
  // A stream is only kept once its request was accepted.
  const stream = w.streams.find((s) => s.id === command.data.returnId) ?? { id: command.data.returnId, events: [], state: returnDecider.initialState() };
  let events: ReturnEvent[];
  try {
    events = returnDecider.decide(command, stream.state);
  } catch (error) {
    if (error instanceof DomainError) { // a refusal writes nothing
      refusals.set(error.code, (refusals.get(error.code) ?? 0) + 1);
      return;
    }
    throw error;
  }
  if (events.length > 0 && !w.streams.includes(stream)) w.streams.push(stream);
  for (const e of events) {
    seen.set(e.type, (seen.get(e.type) ?? 0) + 1);
    stream.state = returnDecider.evolve(stream.state, e);
    stream.events.push(e);
    applyToOrder(w, e, stream.id, stream.events.length - 1);
  }
};

const checkInvariants = (w: World): void => {
  w.snapshot.tenders.forEach((t, i) => expect(w.tenderRefunded[i]!.lessThanOrEqualTo(t.captured), `tender ${t.tenderId}: refunded ${w.tenderRefunded[i]} > captured ${t.captured}`).to.equal(true));
  w.snapshot.lines.forEach((l, i) => expect(w.inReturns[i], `line ${l.lineId} units in returns`).to.be.within(0, l.quantityDelivered));
  expect(checkTenderInvariants(w.ledger)).to.deep.equal([]);
  for (const s of w.streams) {
    for (const l of s.state.lines) {
      const received = Object.values(l.received).reduce((a, b) => a + (b ?? 0), 0);
      const refunded = Object.values(l.refunded).reduce((a, b) => a + (b ?? 0), 0);
      expect(received).to.be.at.most(l.quantity);
      expect(refunded).to.be.at.most(l.quantity);
    }
  }
};

const checkExchanges = (w: World): void => {
  for (const s of w.streams) {
    const requested = s.events.find((e): e is ExchangeRequested => e.type === 'ExchangeRequested');
    if (requested === undefined) continue;
    const d = requested.data;
    const diff = signedDifference(d.moneyDifference);
    expect(new Decimal(d.returnedValue.amount).minus(d.replacementValue.amount).equals(diff), 'returned − replacement = difference').to.equal(true);
    const refunded = s.events.reduce((a, e) => (e.type === 'RefundIssued' ? a.plus(e.data.total.amount) : a), new Decimal(0));
    const charged = s.events.reduce((a, e) => (e.type === 'ExchangeDifferenceCharged' ? a.plus(e.data.amount.amount) : a), new Decimal(0));
    const settled = refunded.minus(charged);
    expect(settled.abs().lessThanOrEqualTo(diff.abs()), 'never settles more than the difference').to.equal(true);
    if (!settled.isZero()) expect(settled.isNegative() === diff.isNegative(), 'settles in the direction of the difference').to.equal(true);
    if (s.state.status === 'closed') expect(settled.equals(diff), `closed exchange settled ${settled} for a difference of ${diff}`).to.equal(true);
  }
};

describe('property: returns keep money and quantities consistent', () => {
  it('for any order and any sequence of operations: Σ refunded ≤ captured per tender, returned ≤ delivered, exchanges conserve money, replay = state', () => {
    fc.assert(fc.property(orderArb, fc.array(opArb, { minLength: 1, maxLength: 40 }), (order, ops) => {
      const w = build(order);
      for (const op of ops) {
        step(w, op);
        checkInvariants(w);
      }
      checkExchanges(w);
      for (const s of w.streams) {
        expect(fold(returnDecider, s.events), `replay of ${s.id}`).to.deep.equal(s.state);
        expect(fold(returnDecider, JSON.parse(JSON.stringify(s.events)) as ReturnEvent[]), `replay of ${s.id} from JSON`).to.deep.equal(s.state);
      }
    }), { numRuns: 300, seed: 20250301 });
    for (const type of ['ReturnRequested', 'ExchangeRequested', 'ReturnApproved', 'ReturnInTransit', 'ReturnReceived', 'RefundIssued', 'ExchangeDifferenceCharged', 'ReturnCancelled', 'ReturnClosed']) {
      expect(seen.get(type) ?? 0, `${type} decided in some run`).to.be.greaterThan(0);
    }
    for (const code of ['REFUND_EXCEEDS_CAPTURED', 'QUANTITY_EXCEEDS_DELIVERED', 'QUANTITY_EXCEEDS_REQUESTED']) {
      expect(refusals.get(code) ?? 0, `${code} refused in some run`).to.be.greaterThan(0);
    }
  });

  it('a whole order returned new and refunded gives back exactly what was captured', () => {
    fc.assert(fc.property(orderArb, (order) => {
      const w = build({ ...order, capturedPct: 100 });
      const lineNo = (lineId: string) => Number(lineId.slice(1));
      step(w, { t: 'request', exchange: false, replacement: 0, lines: w.snapshot.lines.map((l) => ({ l: lineNo(l.lineId), q: l.quantityDelivered, reason: 'changed_mind' as const, condition: 'new' as const })) });
      for (const l of w.snapshot.lines) step(w, { t: 'receive', r: 0, l: lineNo(l.lineId), q: l.quantityDelivered, condition: 'new' });
      step(w, { t: 'refund', r: 0 });
      const refunded = w.tenderRefunded.reduce((a, b) => a.plus(b), new Decimal(0));
      const paid = w.snapshot.tenders.reduce((a, t) => a.plus(t.captured), new Decimal(0));
      expect(w.streams[0]!.events.map((e) => e.type)).to.include('RefundIssued');
      expect(refunded.toFixed(2)).to.equal(paid.toFixed(2));
      w.snapshot.tenders.forEach((t, i) => expect(w.tenderRefunded[i]!.toFixed(2)).to.equal(new Decimal(t.captured).toFixed(2)));
    }), { numRuns: 200, seed: 7 });
  });
});
