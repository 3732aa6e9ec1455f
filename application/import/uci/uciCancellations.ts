import { unitsIn } from '../../../domain/order/units.js';
import type { LineQuantity } from '../../../domain/order/index.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { loadPlacedOrder } from '../../orders/orderCommands.js';
import type { SalesIndex } from './cancellationMatcher.js';
import type { Schedule } from './fulfilmentSchedule.js';
import { bump, type ImportSummary } from './importSummary.js';
import type { LedgerMatch, LedgerUnmatched } from './uciLedger.js';
import type { UciInvoice } from './uciInvoices.js';
import { cancelInvoiceLines, cancellableUnits, type UciImportDeps, type UciReturnInput } from './uciOrderSteps.js';

export type ReplayContext = Readonly<{ deps: UciImportDeps; index: SalesIndex; schedule: Schedule; summary: ImportSummary }>;

type ReturnLine = UciReturnInput['lines'][number];

const errorCode = (error: unknown): string =>
  error instanceof DomainError ? error.code : error instanceof Error ? `${error.name}: ${error.message.slice(0, 80)}` : String(error);

/** One entry per order line: two rows of a cancellation invoice can name the same line, a return may not. */
const addLine = (lines: ReturnLine[], line: ReturnLine): void => {
  const i = lines.findIndex((l) => l.lineId === line.lineId);
  if (i < 0) lines.push(line);
  else lines[i] = { ...lines[i]!, quantity: lines[i]!.quantity + line.quantity };
};

/** A return with refund for delivered units, through the returns use cases when the OMS has them. */
export const runReturn = async (ctx: ReplayContext, orderId: string, invoiceNo: string, lines: readonly ReturnLine[], at: string): Promise<void> => {
  const units = lines.reduce((n, l) => n + l.quantity, 0);
  const c = ctx.summary.cancellations;
  if (!ctx.deps.returns) {
    c.unitsNotReturned += units;
    bump(c.returnFailures, 'returns application layer not available');
    return;
  }
  try {
    ctx.deps.setNow(at);
    const r = await ctx.deps.returns({ orderId, invoiceNo, lines, now: at });
    c.returns += 1;
    c.unitsReturned += r.units;
    await ctx.deps.settle();
  } catch (error) {
    c.unitsNotReturned += units;
    bump(c.returnFailures, errorCode(error));
  }
};

/**
 * A cancellation invoice: each product line is matched to the customer's earlier sales (rule in
 * `cancellationMatcher.ts`); matched units not yet handed to the carrier are cancelled on their
 * order, delivered units are returned with a refund, units in transit are returned once the
 * parcel arrives. Unmatched lines are counted with their reason and kept in the ledger.
 */
export const applyCancellation = async (ctx: ReplayContext, inv: UciInvoice): Promise<{ matches: LedgerMatch[]; unmatched: LedgerUnmatched[] }> => {
  const c = ctx.summary.cancellations;
  const matches: LedgerMatch[] = [];
  const unmatched: LedgerUnmatched[] = [];
  const byOrder = new Map<string, { stockCode: string; invoiceNo: string; lineId: string; quantity: number }[]>();
  for (const row of inv.products) {
    c.lines += 1;
    const wanted = -row.quantity;
    const m = ctx.index.match(inv.customerId, row.stockCode, wanted, inv.at, inv.invoiceNo);
    if (m.unmatched) {
      unmatched.push({ stockCode: row.stockCode, quantity: m.unmatched.quantity, reason: m.unmatched.reason });
      const u = (c.unmatched[m.unmatched.reason] ??= { lines: 0, units: 0 });
      u.lines += 1;
      u.units += m.unmatched.quantity;
    }
    if (m.allocations.length > 0) c.matchedLines += 1;
    else c.unmatchedLines += 1;
    // Taken off the index at once, so a second line of this invoice cannot match the same units.
    if (inv.customerId !== undefined) ctx.index.commit(inv.customerId, row.stockCode, m.allocations);
    for (const a of m.allocations) {
      const list = byOrder.get(a.orderId) ?? [];
      list.push({ stockCode: row.stockCode, invoiceNo: a.invoiceNo, lineId: a.lineId, quantity: a.quantity });
      byOrder.set(a.orderId, list);
    }
  }
  for (const [orderId, allocations] of byOrder) {
    const order = await loadPlacedOrder(ctx.deps, orderId);
    const cancel = new Map<string, number>();
    const returnNow: ReturnLine[] = [];
    const returnLater: ReturnLine[] = [];
    for (const a of allocations) {
      const line = order.lines.find((l) => l.lineId === a.lineId)!;
      const toCancel = Math.min(a.quantity, cancellableUnits(order, a.lineId) - (cancel.get(a.lineId) ?? 0));
      if (toCancel > 0) {
        cancel.set(a.lineId, (cancel.get(a.lineId) ?? 0) + toCancel);
        matches.push({ ...a, orderId, quantity: toCancel, action: 'cancel' });
      }
      let rest = a.quantity - Math.max(0, toCancel);
      const delivered = unitsIn(line, 'delivered') - line.returned - returnNow.filter((r) => r.lineId === a.lineId).reduce((n, r) => n + r.quantity, 0);
      const nowQty = Math.min(rest, Math.max(0, delivered));
      if (nowQty > 0) addLine(returnNow, { lineId: a.lineId, sku: line.sku, quantity: nowQty });
      rest -= nowQty;
      const inTransit = unitsIn(line, 'shipped') - returnLater.filter((r) => r.lineId === a.lineId).reduce((n, r) => n + r.quantity, 0);
      const laterQty = Math.min(rest, Math.max(0, inTransit));
      if (laterQty > 0) addLine(returnLater, { lineId: a.lineId, sku: line.sku, quantity: laterQty });
      rest -= laterQty;
      if (nowQty + laterQty > 0) matches.push({ ...a, orderId, quantity: nowQty + laterQty, action: 'return' });
      if (rest > 0) {
        c.unitsNotReturned += rest;
        bump(c.returnFailures, 'nothing left on the order line to cancel or return');
      }
    }
    if (cancel.size > 0) {
      const lines: LineQuantity[] = [...cancel].map(([lineId, quantity]) => ({ lineId, quantity }));
      try {
        ctx.deps.setNow(inv.at);
        await cancelInvoiceLines(ctx.deps, orderId, inv.invoiceNo, lines, inv.at);
        c.unitsCancelled += lines.reduce((n, l) => n + l.quantity, 0);
      } catch (error) {
        bump(c.returnFailures, `cancellation refused: ${errorCode(error)}`);
        c.unitsNotReturned += lines.reduce((n, l) => n + l.quantity, 0);
      }
    }
    if (returnNow.length > 0) await runReturn(ctx, orderId, inv.invoiceNo, returnNow, inv.at);
    if (returnLater.length > 0) {
      const arrives = ctx.schedule.pendingDelivery(orderId) ?? inv.at;
      const at = new Date(Date.parse(arrives > inv.at ? arrives : inv.at) + 3_600_000).toISOString();
      ctx.schedule.add({ kind: 'return', at, orderId, invoiceNo: inv.invoiceNo, lines: returnLater });
    }
  }
  return { matches, unmatched };
};
