import type { NodeCalendarPrep } from './nodeCalendar.js';
import { processAtNode, type Processing } from './nodeSchedule.js';
import type { QuoteContext } from './quoteContext.js';

/**
 * Processing at a node does not depend on the carrier service, so one quote computes it once per
 * node × release instant and reuses it for standard, express and ship-to-store.
 */
export type ProcessingCache = Map<string, Processing | null>;

export const processingAtNodeCached = (
  ctx: QuoteContext,
  cache: ProcessingCache | undefined,
  prep: NodeCalendarPrep,
  releaseMs: number,
  steps?: string[],
): Processing | null => {
  // Explaining re-runs the steps on purpose; the result is identical.
  if (steps || !cache) return processAtNode(prep, releaseMs, ctx.lastDay, ctx.input.capacityUsed, steps);
  const key = `${prep.node.id}|${releaseMs}`;
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = processAtNode(prep, releaseMs, ctx.lastDay, ctx.input.capacityUsed);
    cache.set(key, hit);
  }
  return hit;
};
