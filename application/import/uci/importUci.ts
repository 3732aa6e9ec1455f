import { Decimal } from 'decimal.js';
import { unitsIn } from '../../../domain/order/units.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { deriveCommandId } from '../../eventIds.js';
import { loadPlacedOrder } from '../../orders/orderCommands.js';
import { createSalesIndex } from './cancellationMatcher.js';
import { createSchedule, deliveryTime, dispatchTime, type ScheduledAction } from './fulfilmentSchedule.js';
import { addCharge, bump, emptySummary, type ImportSummary } from './importSummary.js';
import { applyCancellation, runReturn, type ReplayContext } from './uciCancellations.js';
import { prepareCatalogAndStock, type InvoiceLine } from './uciCatalog.js';
import type { UciInvoice } from './uciInvoices.js';
import { failedByInfrastructure, uciLedgerDecider, uciLedgerStreamName, type UciInvoiceImported } from './uciLedger.js';
import { interruptsImport } from './importInterrupted.js';
import { registerNode } from '../../network/nodeUseCases.js';
import { destinationFor, transitDays, UCI_NODES } from './uciNetwork.js';
import { deliverShipment, nodesWith, placeInvoiceOrder, shipInvoiceOrder, shipmentIdFor, UCI_ACTOR, type UciImportDeps } from './uciOrderSteps.js';

export type ImportOptions = Readonly<{
  file: string;
  /** Import only the first N invoices (in date order). */
  limit?: number;
  onInvoice?: (summary: ImportSummary) => void;
}>;

type LedgerData = UciInvoiceImported['data'];

/** The network is registered as of the day before the file's first invoice. */
const NETWORK_SINCE = '2010-11-30T09:00:00Z';

const errorInfo = (error: unknown) =>
  error instanceof DomainError ? { code: error.code, message: error.message } : { code: error instanceof Error ? error.name : 'Error', message: String(error instanceof Error ? error.message : error) };

/** An invoice's rows of one stock code become one order line (quantities summed; the first row's price and description). */
export const mergeLines = (inv: UciInvoice): InvoiceLine[] => {
  const lines = new Map<string, InvoiceLine>();
  for (const p of inv.products) {
    const prev = lines.get(p.stockCode);
    lines.set(p.stockCode, prev ? { ...prev, quantity: prev.quantity + p.quantity } : { sku: p.stockCode, description: p.description, quantity: p.quantity, unitPrice: p.unitPrice });
  }
  return [...lines.values()];
};

const customerKey = (inv: UciInvoice) => (inv.customerId ? `uci-customer-${inv.customerId}` : `guest-uci-${inv.invoiceNo.replace('/', '-')}`);

/** Ship, deliver or return: the work due before the next invoice's time. */
const runAction = async (ctx: ReplayContext, action: ScheduledAction): Promise<void> => {
  const { deps, summary, schedule } = ctx;
  deps.setNow(action.at);
  try {
    if (action.kind === 'ship') {
      for (const shipmentId of await shipInvoiceOrder(deps, action.orderId, action.invoiceNo, action.at)) {
        summary.orders.shipments += 1;
        schedule.add({ kind: 'deliver', at: deliveryTime(action.at, transitDays(action.countryCode)), orderId: action.orderId, invoiceNo: action.invoiceNo, shipmentId });
      }
    } else if (action.kind === 'deliver') {
      await deliverShipment(deps, action.orderId, action.invoiceNo, action.shipmentId, action.at);
      summary.orders.deliveries += 1;
    } else {
      await runReturn(ctx, action.orderId, action.invoiceNo, action.lines, action.at);
    }
  } catch (error) {
    bump(summary.orders.failures, `${action.kind}: ${errorInfo(error).code}`);
  }
};

const runDue = async (ctx: ReplayContext, until: string) => {
  for (let a = ctx.schedule.takeDue(until); a; a = ctx.schedule.takeDue(until)) await runAction(ctx, a);
};

const recordCharges = (summary: ImportSummary, inv: UciInvoice): LedgerData['charges'] =>
  inv.nonProducts.map((n) => {
    addCharge(summary, `${n.nonProduct.kind}: ${n.nonProduct.category}`, n.amount);
    return { stockCode: n.stockCode, kind: n.nonProduct.kind, category: n.nonProduct.category, quantity: n.quantity, amount: { amount: new Decimal(n.amount).toFixed(2), currency: 'GBP' } };
  });

const importSale = async (ctx: ReplayContext, inv: UciInvoice, base: LedgerData): Promise<LedgerData> => {
  const { deps, summary } = ctx;
  const lines = mergeLines(inv);
  if (lines.length === 0) return { ...base, outcome: inv.nonProducts.length > 0 ? 'charges only' : 'nothing to import' };
  const meta = (purpose: string) => ({ now: inv.at, commandId: deriveCommandId(`uci-import/invoice/${inv.invoiceNo}`, purpose), actor: UCI_ACTOR });
  const created = await prepareCatalogAndStock(deps, lines, meta, summary, `UCI-REPL-${inv.invoiceNo}`);
  if (created) await deps.settleProjections();
  const { destination, known } = destinationFor(inv.country, customerKey(inv));
  if (!known) bump(summary.unknownCountries, inv.country || '(empty)');
  const { order, fraudApproved } = await placeInvoiceOrder(deps, { invoiceNo: inv.invoiceNo, at: inv.at, customerId: customerKey(inv), destination, lines });
  summary.orders.placed += 1;
  if (fraudApproved) summary.orders.fraudReviewsApproved += 1;
  // Placed but not handed to a DC (sourcing or payment did not go through): nothing will ship; say so.
  if (nodesWith(order, ['released']).length === 0) bump(summary.orders.failures, `placed but not released (${order.status})`);
  const sold = order.lines.map((l) => ({ stockCode: l.sku, lineId: l.lineId, quantity: l.quantity }));
  if (inv.customerId) for (const l of sold) ctx.index.record(inv.customerId, l.stockCode, { invoiceNo: inv.invoiceNo, orderId: order.orderId, lineId: l.lineId, at: inv.at, quantity: l.quantity });
  ctx.schedule.add({ kind: 'ship', at: dispatchTime(inv.at), orderId: order.orderId, invoiceNo: inv.invoiceNo, countryCode: destination.country });
  return { ...base, outcome: 'order', orderId: order.orderId, lines: sold };
};

/** A re-run: the invoice is already in the ledger. Its index entries and unfinished fulfilment are restored, nothing is re-decided. */
const restore = async (ctx: ReplayContext, done: LedgerData): Promise<void> => {
  if (done.kind === 'cancellation' && done.customerId) {
    for (const m of done.matches) ctx.index.commit(done.customerId, m.stockCode, [m]);
    return;
  }
  if (done.outcome !== 'order' || !done.orderId) return;
  if (done.customerId) for (const l of done.lines) ctx.index.record(done.customerId, l.stockCode, { invoiceNo: done.invoiceNo, orderId: done.orderId, lineId: l.lineId, at: done.at, quantity: l.quantity });
  const order = await loadPlacedOrder(ctx.deps, done.orderId);
  const country = order.destination?.country ?? 'GB';
  if (nodesWith(order, ['released', 'picked', 'packed']).length > 0) ctx.schedule.add({ kind: 'ship', at: dispatchTime(done.at), orderId: done.orderId, invoiceNo: done.invoiceNo, countryCode: country });
  for (const node of nodesWith(order, ['shipped'])) {
    const shipped = order.lines.some((l) => unitsIn(l, 'shipped', node) > 0);
    if (shipped) ctx.schedule.add({ kind: 'deliver', at: deliveryTime(dispatchTime(done.at), transitDays(country)), orderId: done.orderId, invoiceNo: done.invoiceNo, shipmentId: shipmentIdFor(done.invoiceNo, node) });
  }
};

const importInvoice = async (ctx: ReplayContext, inv: UciInvoice, at: string): Promise<void> => {
  const { deps, summary } = ctx;
  const stream = uciLedgerStreamName(inv.invoiceNo);
  const done = (await deps.commands.load(uciLedgerDecider, stream)).state.imported;
  deps.commands.cache.delete(stream); // read once; keeping 25,000 ledger states cached buys nothing
  if (done && !failedByInfrastructure(done)) {
    summary.invoices.alreadyImported += 1;
    await restore(ctx, done);
    return;
  }
  const base: LedgerData = {
    invoiceNo: inv.invoiceNo, kind: inv.kind, at, ...(inv.customerId ? { customerId: inv.customerId } : {}), outcome: 'nothing to import',
    lines: [], charges: recordCharges(summary, inv), matches: [], unmatched: [], badRows: inv.badRows.map((b) => ({ stockCode: b.stockCode, reason: b.reason })),
  };
  let data: LedgerData = base;
  try {
    if (inv.kind === 'sale') data = await importSale(ctx, inv, base);
    else if (inv.kind === 'cancellation' && inv.products.length > 0) data = { ...base, outcome: 'cancellation', ...(await applyCancellation(ctx, inv)) };
    else data = { ...base, outcome: inv.nonProducts.length > 0 ? 'charges only' : 'nothing to import' };
  } catch (error) {
    if (interruptsImport(error)) throw error;
    summary.orders.failed += 1;
    bump(summary.orders.failures, errorInfo(error).code);
    data = { ...base, outcome: 'failed', failure: errorInfo(error) };
  }
  if (data.outcome === 'nothing to import') summary.invoices.nothingToImport += 1;
  await deps.commands.handle(uciLedgerDecider, stream, {
    // A retry of a record the OMS's own delay failed needs its own command id: the first one is applied.
    type: 'RecordInvoiceImport', data, metadata: { now: at, commandId: deriveCommandId(`uci-import/invoice/${inv.invoiceNo}`, done ? 'ledger-retry' : 'ledger'), actor: UCI_ACTOR },
  });
  if (done) summary.invoices.retried += 1;
  deps.commands.cache.delete(stream);
};

/**
 * Replays UCI invoices through the OMS in date order: sales become orders (placed, paid, released,
 * shipped and delivered at realistic times), cancellation invoices become cancellations or returns
 * of the sales they match, non-product lines become charges and adjustments in the import ledger,
 * bad rows are counted by reason. Business time drives every command; the wall clock only the summary.
 */
export const importUci = async (deps: UciImportDeps, invoices: AsyncIterable<UciInvoice>, options: ImportOptions): Promise<ImportSummary> => {
  const summary = emptySummary(options.file);
  const ctx: ReplayContext = { deps, index: createSalesIndex(), schedule: createSchedule(), summary };
  for (const node of UCI_NODES) {
    await registerNode(deps, node, { now: NETWORK_SINCE, commandId: deriveCommandId('uci-import/network', node.id), actor: UCI_ACTOR });
  }
  await deps.settleProjections();
  let lastAt = '';
  for await (const inv of invoices) {
    if (options.limit !== undefined && summary.invoices.total >= options.limit) break;
    summary.rows += inv.rows;
    summary.invoices.total += 1;
    if (inv.kind === 'sale') summary.invoices.sales += 1;
    else if (inv.kind === 'cancellation') summary.invoices.cancellations += 1;
    else summary.invoices.adjustments += 1;
    for (const b of inv.badRows) bump(summary.badRows, b.reason);
    const at = inv.at || lastAt || '1970-01-01T00:00:00Z';
    if (inv.at && inv.at > lastAt) lastAt = inv.at;
    await runDue(ctx, at);
    deps.setNow(at);
    await importInvoice(ctx, inv, at);
    options.onInvoice?.(summary);
  }
  // The file ends; parcels already on their way are still shipped, delivered and returned.
  await runDue(ctx, '9999-12-31T23:59:59Z');
  return summary;
};
