import { Decimal } from 'decimal.js';
import { checkTenderInvariants } from '../../domain/finance/checkTenderInvariants.js';
import { financeBalance, type TenderBalance } from '../../domain/finance/financeBalance.js';
import type { LedgerEntry } from '../../domain/finance/ledgerEntry.js';
import { reconcile } from '../../domain/finance/reconcile.js';
import { settlementReport, settlementReports } from '../../domain/finance/settlementReport.js';
import { isPlaced, orderDecider, orderStreamName, orderTotals } from '../../domain/order/index.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { dayOf, LEDGER_FILTER, ledgerOfEvent } from '../../projections/finance/ledgerOfEvent.js';
import { loadAggregate } from '../commandHandler.js';
import { financeCollection, settlementsCollection } from './financeReadModels.js';

export type FinanceMismatch = Readonly<{
  /** projection: read model ≠ log · order: ledger ≠ the order aggregate's books · invariant: a money rule broken · settlement: daily report ≠ log. */
  kind: 'projection' | 'order' | 'invariant' | 'settlement';
  orderId?: string;
  tenderId?: string;
  field: string;
  expected: string;
  actual: string;
  message: string;
}>;

export type ReconcileReport = Readonly<{ date: string | null; orders: number; entries: number; mismatches: readonly FinanceMismatch[] }>;

const eq = (a: string, b: string) => new Decimal(a).equals(b);

/** Recomputes the ledger from the event log (the same mapping the projections use). */
export const ledgerFromLog = async (eventStore: EventStore): Promise<LedgerEntry[]> => {
  const entries: LedgerEntry[] = [];
  for await (const e of eventStore.readAll({ filter: LEDGER_FILTER })) entries.push(...ledgerOfEvent(e));
  return entries;
};

/** Ledger against the order aggregate: what the order decided to capture and refund was moved, and never more than its total. */
const orderChecks = async (eventStore: EventStore, orderId: string, tenders: readonly TenderBalance[], returnRefunds: ReadonlyMap<string, Decimal>): Promise<FinanceMismatch[]> => {
  const { state } = await loadAggregate(eventStore, orderDecider, orderStreamName(orderId));
  if (!isPlaced(state)) return [];
  const out: FinanceMismatch[] = [];
  for (const t of state.tenders.filter((x) => x.status === 'authorized')) {
    const ledger = tenders.find((b) => b.tenderId === t.tenderId);
    const captured = ledger?.captured ?? '0';
    if (!eq(captured, t.captured.amount)) {
      out.push({ kind: 'order', orderId, tenderId: t.tenderId, field: 'captured', expected: t.captured.amount, actual: captured, message: `order ${orderId} captured ${t.captured.amount} on ${t.tenderId}, the ledger ${captured}` });
    }
    const refunded = new Decimal(t.refunded.amount).plus(returnRefunds.get(`${orderId}\n${t.tenderId}`) ?? 0);
    const ledgerRefunded = ledger?.refunded ?? '0';
    if (!refunded.equals(ledgerRefunded)) {
      out.push({ kind: 'order', orderId, tenderId: t.tenderId, field: 'refunded', expected: refunded.toFixed(), actual: ledgerRefunded, message: `order ${orderId} and its returns refunded ${refunded.toFixed()} on ${t.tenderId}, the ledger ${ledgerRefunded}` });
    }
  }
  const total = orderTotals(state).total.amount;
  const capturedAll = tenders.reduce((a, t) => a.plus(t.captured), new Decimal(0));
  if (capturedAll.greaterThan(total)) {
    out.push({ kind: 'order', orderId, field: 'total', expected: total, actual: capturedAll.toFixed(), message: `order ${orderId} captured ${capturedAll.toFixed()} but totals ${total}` });
  }
  return out;
};

/**
 * `oms reconcile [--date D]`: recomputes every balance from the event log and compares it with
 * the `finance` read model (field by field, exact decimals), with the Order aggregates' own books
 * (captured and refunded per tender, never more captured than the order total), with the money
 * rules per tender, and with the `settlements` read model. `date` limits the check to the orders
 * with money movements that UTC day and to that day's settlement.
 */
export const reconcileFinance = async (eventStore: EventStore, readStore: ReadStore, options: Readonly<{ date?: string }> = {}): Promise<ReconcileReport> => {
  if (options.date !== undefined) settlementReport([], options.date); // INVALID_DATE before any work
  const all = await ledgerFromLog(eventStore);
  const orderIds = [...new Set(all.filter((e) => options.date === undefined || dayOf(e) === options.date).map((e) => e.orderId))].sort();
  const wanted = new Set(orderIds);
  const entries = all.filter((e) => wanted.has(e.orderId));
  const expected = financeBalance(entries);
  const mismatches: FinanceMismatch[] = [];

  const finance = await financeCollection(readStore);
  const docs = options.date === undefined ? await finance.find({}) : await finance.find({ _id: { $in: orderIds } });
  const projected = docs.flatMap((d) => d.tenders);
  for (const m of reconcile(expected, projected)) {
    mismatches.push({ kind: 'projection', orderId: m.orderId, tenderId: m.tenderId, field: m.field, expected: m.expected, actual: m.actual, message: `finance read model: ${m.field} of ${m.tenderId} on ${m.orderId} is ${m.actual}, the log says ${m.expected} ${m.currency}` });
  }
  for (const v of checkTenderInvariants(entries)) {
    mismatches.push({ kind: 'invariant', orderId: v.orderId, tenderId: v.tenderId, field: v.code, expected: '', actual: '', message: v.message });
  }
  const returnRefunds = new Map<string, Decimal>();
  for (const e of entries) {
    if (e.kind === 'refunded' && e.causedBy.eventType === 'RefundIssued') {
      const key = `${e.orderId}\n${e.tenderId}`;
      returnRefunds.set(key, (returnRefunds.get(key) ?? new Decimal(0)).plus(e.amount));
    }
  }
  const tendersByOrder = new Map<string, TenderBalance[]>();
  for (const t of expected.tenders) {
    const mine = tendersByOrder.get(t.orderId);
    if (mine) mine.push(t);
    else tendersByOrder.set(t.orderId, [t]);
  }
  for (const orderId of orderIds) {
    mismatches.push(...await orderChecks(eventStore, orderId, tendersByOrder.get(orderId) ?? [], returnRefunds));
  }

  const settlementDocs = await settlementsCollection(readStore);
  const days = options.date !== undefined
    ? [options.date]
    : [...new Set([...all.map(dayOf), ...(await settlementDocs.find({})).map((d) => d.date)])].sort();
  const logReports = settlementReports(all, days);
  for (const day of days) {
    const fromLog = logReports.get(day)!;
    const fromModel = settlementReport((await settlementDocs.findOne({ _id: day }))?.entries ?? [], day);
    const a = JSON.stringify(fromLog.rows);
    const b = JSON.stringify(fromModel.rows);
    if (a !== b) mismatches.push({ kind: 'settlement', field: `settlement ${day}`, expected: a, actual: b, message: `settlements read model for ${day} differs from the log` });
  }
  return { date: options.date ?? null, orders: orderIds.length, entries: entries.length, mismatches };
};

export const formatReconcileReport = (r: ReconcileReport): string => {
  const head = `reconcile${r.date ? ` ${r.date}` : ''}: ${r.orders} order(s), ${r.entries} ledger entries, ${r.mismatches.length} mismatch(es)`;
  return [head, ...r.mismatches.map((m) => `  [${m.kind}] ${m.message}`)].join('\n');
};
