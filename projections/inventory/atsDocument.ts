import { computeAts, type AtsResult, type AtsView, type ChannelProtection } from '../../domain/availability/index.js';
import { parseInstant, type InventoryPosition } from '../../domain/inventory/index.js';
import type { FulfilmentNode } from '../../domain/network/index.js';

const DAY_MS = 86_400_000;

/** One ATS read-model document: `computeAts` for (view, SKU) plus when the figure goes stale by itself. */
export type AtsDocument = AtsResult & {
  _id: string;
  /**
   * The first instant at which time alone changes the figure: a supply the view counts only
   * within N days of now enters that horizon. Null when only new events can change it. Readers
   * past this instant recompute from the positions (see `availabilityReads.ts`).
   */
  validUntil: string | null;
};

export const atsDocId = (view: string, sku: string): string => `${view}~${sku}`;

/** Earliest `eta − horizon` after `asOf` over the supplies the view would count once due. */
export const validUntilOf = (view: AtsView, positions: readonly InventoryPosition[], asOf: string): string | null => {
  const asOfMs = parseInstant(asOf);
  if (asOfMs === undefined) return null;
  let earliest = Infinity;
  for (const p of positions) {
    for (const s of p.supplies) {
      const days = s.kind === 'transfer' ? view.supply.inTransitWithinDays : view.supply.onOrderWithinDays;
      const eta = parseInstant(s.eta);
      if (days === null || eta === undefined) continue;
      const entersAt = eta - days * DAY_MS;
      if (entersAt > asOfMs && entersAt < earliest) earliest = entersAt;
    }
  }
  return earliest === Infinity ? null : new Date(earliest).toISOString();
};

export const atsDocument = (
  view: AtsView,
  nodes: readonly FulfilmentNode[],
  positions: readonly InventoryPosition[],
  sku: string,
  asOf: string,
  protections: readonly ChannelProtection[],
): AtsDocument => ({
  _id: atsDocId(view.name, sku),
  ...computeAts(view, nodes, positions, asOf, { sku, protections }),
  validUntil: validUntilOf(view, positions, asOf),
});
