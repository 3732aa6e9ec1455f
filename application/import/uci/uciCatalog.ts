import { availableOf, inventoryDecider, inventoryStreamName, positionFromState } from '../../../domain/inventory/index.js';
import { MAX_LINE_QUANTITY } from '../../../domain/inventory/quantity.js';
import { putSku } from '../../catalog/putSku.js';
import { applyMovement } from '../../inventory/stockMovements.js';
import type { CommandDeps, RequestMeta } from '../../inventory/useCaseContext.js';
import type { ImportSummary } from './importSummary.js';
import { UCI_STOCKING_NODES } from './uciNetwork.js';

/** One order line of an invoice: the invoice's rows of a stock code merged. */
export type InvoiceLine = Readonly<{ sku: string; description: string; quantity: number; unitPrice: string }>;

/** The file has no weights; a typical gift-ware item (mug, candle holder, bag) weighs about this. */
export const UCI_ITEM_WEIGHT_GRAMS = 250;

/**
 * Replenishment lot: what a DC receives when it cannot cover a line — the shortfall plus a
 * case-rounded buffer (cases of 12, at least 48 units), the way a buyer tops a pick face up
 * instead of receiving exactly one order's quantity.
 */
export const replenishmentLot = (needed: number, available: number): number => {
  const shortfall = Math.max(0, needed - Math.max(0, available));
  if (shortfall === 0) return 0;
  // One receipt may move at most MAX_LINE_QUANTITY units: a huge line gets its shortfall, no buffer on top.
  return Math.max(shortfall, Math.min(MAX_LINE_QUANTITY, Math.ceil((shortfall + Math.max(48, needed)) / 12) * 12));
};

/**
 * Runs independent commands together and waits for all of them (none is left running into the
 * next step); `count` sees every one that succeeded, then the first failure in line order is
 * thrown — the invoice is recorded as failed, as when they ran one by one.
 */
const together = async <T>(work: readonly Promise<T>[], count: (value: T) => void): Promise<void> => {
  const outcomes = await Promise.allSettled(work);
  for (const o of outcomes) if (o.status === 'fulfilled') count(o.value);
  const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (failed) throw failed.reason;
};

/**
 * The catalog as of this invoice (the SKU defined on first sale; its GBP price and name set to
 * what the invoice says — a PUT that changes nothing writes nothing), then stock: every stocking
 * DC that could not cover a line receives a replenishment lot first. Returns whether a position
 * was created (the availability read model must then catch up before sourcing can see it).
 */
export const prepareCatalogAndStock = async (
  deps: CommandDeps,
  lines: readonly InvoiceLine[],
  meta: (purpose: string) => RequestMeta,
  summary: ImportSummary,
  reference: string,
): Promise<boolean> => {
  // The lines name distinct SKUs (`mergeLines`), so their SKUs and (DC, SKU) positions are
  // independent streams (a lot depends on its own position only): their commands run
  // together, so the store commits each group in one transaction and subscribers wake once for
  // it instead of once per command. Each keeps its own derived command id, as when run one by one.
  await together(
    lines.map((l) => putSku(deps, l.sku, { name: l.description, prices: { GBP: l.unitPrice }, weightGrams: UCI_ITEM_WEIGHT_GRAMS, taxClass: 'standard' }, meta(`sku/${l.sku}`))),
    (result) => {
      if (result.created) summary.catalog.skusDefined += 1;
      else if (result.outcome === 'applied') summary.catalog.skuUpdates += 1;
    },
  );
  let created = false;
  await together(
    lines.flatMap((l) => UCI_STOCKING_NODES.map(async (node) => {
      const { state } = await deps.commands.load(inventoryDecider, inventoryStreamName(node, l.sku));
      const lot = replenishmentLot(l.quantity, availableOf(state));
      if (lot > 0) await applyMovement(deps, 'receipt', { node, sku: l.sku, quantity: lot, reference }, meta(`receipt/${node}/${l.sku}`));
      return { lot, created: positionFromState(state) === undefined };
    })),
    (r) => {
      if (r.lot === 0) return;
      created ||= r.created;
      summary.catalog.receipts += 1;
      summary.catalog.unitsReceived += r.lot;
    },
  );
  return created;
};
