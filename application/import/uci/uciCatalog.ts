import { availableOf, inventoryDecider, inventoryStreamName, positionFromState } from '../../../domain/inventory/index.js';
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
  return Math.ceil((shortfall + Math.max(48, needed)) / 12) * 12;
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
  for (const l of lines) {
    const result = await putSku(deps, l.sku, { name: l.description, prices: { GBP: l.unitPrice }, weightGrams: UCI_ITEM_WEIGHT_GRAMS, taxClass: 'standard' }, meta(`sku/${l.sku}`));
    if (result.created) summary.catalog.skusDefined += 1;
    else if (result.outcome === 'applied') summary.catalog.skuUpdates += 1;
  }
  let created = false;
  for (const l of lines) {
    for (const node of UCI_STOCKING_NODES) {
      const { state } = await deps.commands.load(inventoryDecider, inventoryStreamName(node, l.sku));
      const lot = replenishmentLot(l.quantity, availableOf(state));
      if (lot === 0) continue;
      if (positionFromState(state) === undefined) created = true;
      await applyMovement(deps, 'receipt', { node, sku: l.sku, quantity: lot, reference }, meta(`receipt/${node}/${l.sku}`));
      summary.catalog.receipts += 1;
      summary.catalog.unitsReceived += lot;
    }
  }
  return created;
};
