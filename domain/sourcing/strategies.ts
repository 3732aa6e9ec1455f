import { toItems, unitsOf, type Allocation, type Item, type Part, type Problem } from './problem.js';

/**
 * Greedy allocation strategies over a rule's ranked pool: the single best node, a walk in rank
 * order (Magento priority/distance style), greedy set cover, and a weighted greedy used to seed
 * the optimiser. All share one allocation-free "what could this node take" primitive, because
 * they call it pool × items times.
 */
type Walker = {
  items: Item[];
  /** Units still open per lineIdx. */
  left: number[];
  /** Scratch: units of each SKU taken at the node being looked at. */
  used: number[];
  grams: number;
};

const walker = (p: Problem): Walker => {
  const left: number[] = [];
  let skus = 0;
  for (const l of p.lines) {
    left[l.lineIdx] = l.qty;
    skus = Math.max(skus, l.sku + 1);
  }
  return { items: toItems(p.lines, true), left, used: new Array<number>(skus).fill(0), grams: 0 };
};

/**
 * Units candidate `c` could take from stock `st`: kits whole (and only if untouched), lines as much
 * as it has. With `out`, takes them (mutating `st` and `w.left`); without, only looks. Sets `w.grams`.
 */
const takeAt = (w: Walker, c: number, st: number[], out: Part[] | null): number => {
  const { used, left } = w;
  used.fill(0);
  let units = 0;
  let grams = 0;
  for (const item of w.items) {
    if (!item.splittable) {
      let ok = true;
      for (const l of item.lines) if (left[l.lineIdx] !== l.qty) ok = false;
      if (!ok) continue;
      for (const l of item.lines) used[l.sku]! += l.qty;
      for (const l of item.lines) if (st[l.sku]! < used[l.sku]!) ok = false;
      if (!ok) {
        for (const l of item.lines) used[l.sku]! -= l.qty;
        continue;
      }
      for (const l of item.lines) {
        units += l.qty;
        grams += l.qty * l.gramsPerUnit;
        if (out) {
          left[l.lineIdx] = 0;
          out.push({ lineIdx: l.lineIdx, cand: c, qty: l.qty });
        }
      }
      continue;
    }
    const l = item.lines[0]!;
    const take = Math.min(st[l.sku]! - used[l.sku]!, left[l.lineIdx]!);
    if (take <= 0) continue;
    used[l.sku]! += take;
    units += take;
    grams += take * l.gramsPerUnit;
    if (out) {
      left[l.lineIdx]! -= take;
      out.push({ lineIdx: l.lineIdx, cand: c, qty: take });
    }
  }
  if (out) for (let s = 0; s < used.length; s++) st[s]! -= used[s]!;
  w.grams = grams;
  return units;
};

const demandUnits = (p: Problem): number => p.lines.reduce((a, l) => a + l.qty, 0);
const done = (p: Problem, parts: readonly Part[]): boolean => unitsOf(parts) === demandUnits(p);
/**
 * Stock left per pool node, copied on first write: the greedy scans look at every node each
 * round but take from only a few, so most nodes are read straight from the problem.
 */
type StockLeft = { read: (c: number) => number[]; write: (c: number) => number[] };
const stockCopy = (p: Problem): StockLeft => {
  const copies = new Map<number, number[]>();
  return {
    read: (c) => copies.get(c) ?? (p.stock[c] as number[]),
    write: (c) => {
      let st = copies.get(c);
      if (!st) copies.set(c, (st = [...p.stock[c]!]));
      return st;
    },
  };
};

/** Candidate serving as much as possible alone: (units desc, then cost asc in cost mode, then rank). */
export const singleNode = (p: Problem, byCost: boolean): Allocation & { complete: boolean } => {
  const total = demandUnits(p);
  const w = walker(p);
  let best: { c: number; units: number; cost: number } | null = null;
  for (const c of p.pool) {
    const units = takeAt(w, c, p.stock[c] as number[], null);
    if (units === 0) continue;
    // Without cost ordering the rank decides: the first candidate serving everything wins.
    if (!byCost && units === total) {
      best = { c, units, cost: 0 };
      break;
    }
    const cost = byCost ? (p.preOpen[c] ? 0 : p.fixed[c]!) + p.perGram[c]! * w.grams : 0;
    if (!best || units > best.units || (units === best.units && cost < best.cost)) best = { c, units, cost };
  }
  const parts: Part[] = [];
  if (best) takeAt(w, best.c, [...p.stock[best.c]!], parts);
  return { parts, search: 'single', complete: best !== null && best.units === total };
};

/** Walk the pool in rank order, each node taking what it can (Magento-style priority / distance walk). */
export const sequenceWalk = (p: Problem): Allocation & { complete: boolean } => {
  const w = walker(p);
  const parts: Part[] = [];
  const total = demandUnits(p);
  let units = 0;
  const scratch: number[] = [];
  for (const c of p.pool) {
    // takeAt subtracts what it took; the walk never comes back to a node, so a scratch copy does.
    const st = p.stock[c]!;
    scratch.length = st.length;
    for (let s = 0; s < st.length; s++) scratch[s] = st[s]!;
    units += takeAt(w, c, scratch, parts);
    if (units === total) break;
  }
  return { parts, search: 'sequence', complete: done(p, parts) };
};

/** Fewest nodes by greedy set cover: repeatedly the node covering most of what is left (ties: rank). */
export const greedyCover = (p: Problem): Allocation & { complete: boolean } => {
  const w = walker(p);
  const stock = stockCopy(p);
  const parts: Part[] = [];
  // Once every unit is taken no node can take more, so the last empty scan is skipped.
  let open = demandUnits(p);
  while (open > 0) {
    let best: { c: number; units: number } | null = null;
    for (const c of p.pool) {
      const units = takeAt(w, c, stock.read(c), null);
      if (units > 0 && (!best || units > best.units)) best = { c, units };
    }
    if (!best) break;
    open -= takeAt(w, best.c, stock.write(best.c), parts);
  }
  return { parts, search: 'greedy', complete: done(p, parts) };
};

/**
 * Weighted greedy set cover, used only to seed the optimiser's bound: repeatedly open the node
 * with the lowest cost per unit it would ship (opening cost + split penalty + weight), then fill.
 */
export const ratioGreedy = (p: Problem): Allocation & { complete: boolean } => {
  const w = walker(p);
  const stock = stockCopy(p);
  const used = new Set<number>(p.pool.filter((c) => p.preOpen[c]));
  const parts: Part[] = [];
  let open = demandUnits(p);
  while (open > 0) {
    let best: { c: number; ratio: number } | null = null;
    for (const c of p.pool) {
      const units = takeAt(w, c, stock.read(c), null);
      if (units === 0) continue;
      const opening = used.has(c) ? 0 : p.fixed[c]! + (p.preOpenCount + used.size >= 1 ? p.penalty : 0);
      const ratio = (opening + p.perGram[c]! * w.grams) / units;
      if (!best || ratio < best.ratio) best = { c, ratio };
    }
    if (!best) break;
    open -= takeAt(w, best.c, stock.write(best.c), parts);
    used.add(best.c);
  }
  return { parts, search: 'greedy', complete: done(p, parts) };
};

