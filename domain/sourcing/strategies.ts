import { evaluate, fitsWhole, toItems, unitsOf, type Allocation, type Item, type Part, type Problem } from './problem.js';

/** What one candidate can take of `items` given stock `st` (mutated): groups whole, lines as much as it has. */
const takeAt = (cand: number, st: number[], items: readonly Item[], left: Map<number, number>, parts: Part[]): number => {
  let units = 0;
  for (const item of items) {
    if (!item.splittable) {
      const pending = item.lines.map((l) => ({ ...l, qty: left.get(l.lineIdx)! }));
      if (pending.every((l) => l.qty === 0) || pending.some((l) => l.qty !== item.lines.find((x) => x.lineIdx === l.lineIdx)!.qty)) continue;
      if (!fitsWhole(st, pending)) continue;
      for (const l of pending) {
        st[l.sku]! -= l.qty;
        left.set(l.lineIdx, 0);
        parts.push({ lineIdx: l.lineIdx, cand, qty: l.qty });
        units += l.qty;
      }
      continue;
    }
    const l = item.lines[0]!;
    const take = Math.min(st[l.sku]!, left.get(l.lineIdx)!);
    if (take <= 0) continue;
    st[l.sku]! -= take;
    left.set(l.lineIdx, left.get(l.lineIdx)! - take);
    parts.push({ lineIdx: l.lineIdx, cand, qty: take });
    units += take;
  }
  return units;
};

const leftOf = (p: Problem): Map<number, number> => new Map(p.lines.map((l) => [l.lineIdx, l.qty]));
const demandUnits = (p: Problem): number => p.lines.reduce((a, l) => a + l.qty, 0);

/** Candidate serving as much as possible alone: (units desc, then cost asc in cost mode, then rank). */
export const singleNode = (p: Problem, byCost: boolean): Allocation & { complete: boolean } => {
  const items = toItems(p.lines, true);
  const total = demandUnits(p);
  let best: { parts: Part[]; units: number; cost: number } | null = null;
  for (const c of p.pool) {
    const parts: Part[] = [];
    const units = takeAt(c, [...p.stock[c]!], items, leftOf(p), parts);
    if (units === 0) continue;
    // Without cost ordering the rank decides: the first candidate serving everything wins.
    if (!byCost && units === total) return { parts, search: 'single', complete: true };
    const cost = byCost ? evaluate(p, parts).cost : 0;
    if (!best || units > best.units || (units === best.units && cost < best.cost)) best = { parts, units, cost };
  }
  return { parts: best?.parts ?? [], search: 'single', complete: best !== null && best.units === total };
};

/** Walk the pool in rank order, each node taking what it can (Magento-style priority / distance walk). */
export const sequenceWalk = (p: Problem): Allocation & { complete: boolean } => {
  const items = toItems(p.lines, true);
  const left = leftOf(p);
  const parts: Part[] = [];
  for (const c of p.pool) {
    takeAt(c, [...p.stock[c]!], items, left, parts);
    if ([...left.values()].every((q) => q === 0)) break;
  }
  return { parts, search: 'sequence', complete: unitsOf(parts) === demandUnits(p) };
};

/** Fewest nodes by greedy set cover: repeatedly the node covering most of what is left (ties: rank). */
export const greedyCover = (p: Problem): Allocation & { complete: boolean } => {
  const items = toItems(p.lines, true);
  const left = leftOf(p);
  const stock = new Map(p.pool.map((c) => [c, [...p.stock[c]!]]));
  const parts: Part[] = [];
  for (;;) {
    let best: { c: number; units: number } | null = null;
    for (const c of p.pool) {
      const units = takeAt(c, [...stock.get(c)!], items, new Map(left), []);
      if (units > 0 && (!best || units > best.units)) best = { c, units };
    }
    if (!best) break;
    takeAt(best.c, stock.get(best.c)!, items, left, parts);
  }
  return { parts, search: 'greedy', complete: unitsOf(parts) === demandUnits(p) };
};
