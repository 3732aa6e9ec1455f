import { buildAvailabilityIndex } from '../../domain/promise/index.js';
import type { CartLineInput } from './cartLines.js';
import type { SourcingContext } from './sourcingContext.js';

/**
 * Marketplace placement: a line naming a node ships from that node only (the seller who sold
 * it). The promise and sourcing then see only that node's stock for the SKU — the optimiser
 * still runs, over a pool of one. A SKU also ordered on an unpinned line keeps every holder
 * (the unpinned line may come from anywhere). No pins = the context unchanged.
 */
export const pinnedContext = (ctx: SourcingContext, lines: readonly CartLineInput[]): SourcingContext => {
  const pins = new Map<string, Set<string> | null>();
  for (const l of lines) {
    const current = pins.get(l.sku);
    if (l.node === undefined || current === null) pins.set(l.sku, null);
    else pins.set(l.sku, (current ?? new Set<string>()).add(l.node));
  }
  if (![...pins.values()].some((v) => v !== null)) return ctx;
  const rows = ctx.rows.filter((r) => {
    const nodes = pins.get(r.sku);
    return !nodes || nodes.has(r.nodeId);
  });
  return { ...ctx, rows, availability: buildAvailabilityIndex(rows) };
};
