import type { Item, Part, Problem } from './problem.js';

/**
 * Exact pre-pruning: a node whose cheapest conceivable plan — its own fixed cost, the weight
 * bound, and (unless it can ship everything alone) the cheapest other node plus a split penalty —
 * already costs as much as the incumbent can never be in a better plan. On a network without a
 * distance bound this removes most far nodes before the search starts.
 */
export const prunePool = (
  p: Problem,
  items: readonly Item[],
  stock: readonly (readonly number[])[],
  fixed: readonly number[],
  weightLb: number,
  penaltyFor: (n: number) => number,
  incumbent: { cost: number } | null,
): boolean[] => {
  const P = p.pool.length;
  const alive = new Array<boolean>(P).fill(true);
  if (!incumbent || p.minimizeShipments) return alive;
  const demand = new Map<number, number>();
  for (const item of items) for (const l of item.lines) demand.set(l.sku, (demand.get(l.sku) ?? 0) + l.qty);
  // Two cheapest openings, so "the cheapest other node" is right for the cheapest node too.
  let min1 = Infinity;
  let min2 = Infinity;
  for (let k = 0; k < P; k++) {
    if (p.preOpen[p.pool[k]!]) continue;
    if (fixed[k]! < min1) [min1, min2] = [fixed[k]!, min1];
    else if (fixed[k]! < min2) min2 = fixed[k]!;
  }
  const demandSkus = [...demand.keys()];
  const demandQty = [...demand.values()];
  for (let k = 0; k < P; k++) {
    if (p.preOpen[p.pool[k]!]) continue;
    let alone = true;
    const st = stock[k]!;
    for (let d = 0; d < demandSkus.length; d++) if (st[demandSkus[d]!]! < demandQty[d]!) { alone = false; break; }
    const other = p.preOpenCount >= 1 ? 0 : fixed[k] === min1 ? min2 : min1;
    const lb = alone ? fixed[k]! + penaltyFor(1) + weightLb : fixed[k]! + other + penaltyFor(p.preOpenCount >= 1 ? 1 : 2) + weightLb;
    if (lb >= incumbent.cost) alive[k] = false;
  }
  return alive;
};

/**
 * Keeps the search tractable when even the pruned pool is large (no distance bound on a big
 * network): only the `maxPool` nodes with the lowest cost per unit they could ship stay, plus
 * nodes already shipping and those of the incumbent. Returns true when nodes were dropped — the
 * result is then the best plan among those nodes, reported as 'bounded', not 'exact'.
 */
export const capPool = (
  p: Problem,
  items: readonly Item[],
  stock: readonly (readonly number[])[],
  fixed: readonly number[],
  perGram: readonly number[],
  alive: boolean[],
  incumbent: { parts: readonly Part[] } | null,
): boolean => {
  const living = alive.reduce((a, x) => a + (x ? 1 : 0), 0);
  if (living <= p.maxPool) return false;
  const keep = new Set<number>(incumbent?.parts.map((x) => x.cand) ?? []);
  const scored: { k: number; ratio: number }[] = [];
  alive.forEach((isAlive, k) => {
    if (!isAlive) return;
    if (p.preOpen[p.pool[k]!]) return;
    let units = 0;
    let grams = 0;
    for (const item of items) {
      for (const l of item.lines) {
        const u = Math.min(stock[k]![l.sku]!, l.qty);
        units += u;
        grams += u * l.gramsPerUnit;
      }
    }
    scored.push({ k, ratio: units > 0 ? (fixed[k]! + perGram[k]! * grams) / units : Infinity });
  });
  scored.sort((a, b) => a.ratio - b.ratio || a.k - b.k);
  const kept = new Set(scored.slice(0, p.maxPool).map((x) => x.k));
  for (const { k } of scored) if (!kept.has(k) && !keep.has(p.pool[k]!)) alive[k] = false;
  return true;
};
