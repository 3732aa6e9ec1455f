import { nodeSetSearch } from './nodeSetSearch.js';
import { evaluate, fitsWhole, unitsOf, type Allocation, type Problem, type ProblemLine } from './problem.js';
import { greedyCover, ratioGreedy, sequenceWalk, singleNode } from './strategies.js';
import type { SourcingRule } from './types.js';

/**
 * The part of the demand the pool can possibly serve: keep-together groups some node covers whole,
 * and per line as many units as the pool holds of its SKU. The optimiser then searches a problem
 * that has a complete answer (unless lines compete for the same SKU in ways this ignores — then
 * the caller falls back to a greedy walk).
 */
const allocatable = (p: Problem): Problem => {
  // Units the pool holds per SKU index (every candidate's stock row covers all order SKUs).
  const poolLeft: number[] = [];
  for (const c of p.pool) {
    const st = p.stock[c]!;
    for (let sku = 0; sku < st.length; sku++) poolLeft[sku] = (poolLeft[sku] ?? 0) + st[sku]!;
  }
  const groups = new Map<string, ProblemLine[]>();
  for (const l of p.lines) if (l.group !== undefined) groups.set(l.group, [...(groups.get(l.group) ?? []), l]);
  const coverable = new Set<string>();
  for (const [g, lines] of groups) {
    if (p.pool.some((c) => fitsWhole(p.stock[c]!, lines))) {
      coverable.add(g);
      for (const l of lines) poolLeft[l.sku] = poolLeft[l.sku]! - l.qty;
    }
  }
  const lines = p.lines.map((l) => {
    if (l.group !== undefined) return coverable.has(l.group) ? l : { ...l, qty: 0 };
    const qty = Math.max(0, Math.min(l.qty, poolLeft[l.sku] ?? 0));
    poolLeft[l.sku] = (poolLeft[l.sku] ?? 0) - qty;
    return { ...l, qty };
  });
  return { ...p, lines };
};

export type RuleAllocation = Allocation & { complete: boolean };

/**
 * One rule's allocation. First sort key 'cost' → optimiser: the best single node (no split) and two
 * greedy plans seed the bound of the node-set branch and bound (`nodeSetSearch`), so a split only
 * wins when it is cheaper *including* the split penalty. Any other first key → the rank order
 * decides (walk, or greedy set cover for 'minimize'), like Magento's priority/distance algorithms
 * and Saleor's strategies.
 */
export const allocate = (p: Problem, rule: SourcingRule): RuleAllocation => {
  const demand = unitsOf(p.lines.map((l) => ({ lineIdx: l.lineIdx, cand: -1, qty: l.qty })));
  const byCost = rule.sort[0] === 'cost';
  if (p.pool.length === 0 || demand === 0) return { parts: [], search: 'none', complete: demand === 0 };
  if (rule.splitPolicy === 'none') return singleNode(p, byCost);
  if (!byCost) {
    if (rule.splitPolicy === 'allowed') return sequenceWalk(p);
    const single = singleNode(p, false);
    return single.complete ? single : greedyCover(p);
  }
  const single = singleNode(p, true);
  const target = single.complete ? p : allocatable(p);
  let incumbent = single.complete ? { parts: single.parts, ...evaluate(p, single.parts) } : null;
  // Cheap heuristics seed the optimiser's bound; the optimiser only has to prove or beat them.
  for (const seed of [sequenceWalk(target), ratioGreedy(target)]) {
    if (!seed.complete) continue;
    const w = evaluate(target, seed.parts);
    const better = !incumbent || (p.minimizeShipments ? w.opened < incumbent.opened || (w.opened === incumbent.opened && w.cost < incumbent.cost) : w.cost < incumbent.cost);
    if (better) incumbent = { parts: seed.parts, ...w };
  }
  const found = nodeSetSearch(target, incumbent);
  if (!found) {
    const fallback = sequenceWalk(p);
    return { ...fallback, search: 'greedy' };
  }
  const search = !found.exact ? 'bounded' : single.complete && found.parts.every((x) => x.cand === found.parts[0]?.cand) ? 'single' : 'exact';
  return { parts: found.parts, search, complete: unitsOf(found.parts) === demand, expansions: found.expansions };
};
