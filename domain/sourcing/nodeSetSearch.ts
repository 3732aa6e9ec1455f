import { branchAndBound, type BnbResult } from './branchAndBound.js';
import { fitsWhole, toItems, type Item, type Part, type Problem } from './problem.js';

/**
 * The optimiser: branch and bound over *sets of shipping nodes*. A plan's cost is Σ fixed cost of
 * its nodes + split penalties + weight cost, and for a fixed set of nodes the weight part is a
 * small assignment problem — so the search decides which nodes ship (depth = shipments, ~1–4)
 * instead of where each line goes (depth = lines).
 *
 * - Branching: take the uncovered item (line or keep-together kit) with the fewest candidate
 *   nodes and branch on the node that covers it; siblings already explored are forbidden below,
 *   so every node set is visited at most once. Candidates are tried by ascending fixed cost, so
 *   the first one whose bound fails ends the loop.
 * - Bound: fixed cost so far + a set-cover bound for the uncovered items (⌈U / m⌉ openings, and a
 *   fractional bound: each item pays its cheapest node's fixed cost shared by the items that node
 *   touches) + split penalties + Σ cheapest per-gram weight cost of all items.
 * - A node dominated by an already-explored sibling (no less stock of any SKU, no higher fixed or
 *   per-gram cost) is skipped: swapping it for the sibling gives a plan that subtree already saw.
 * - A covering set is scored by its optimal assignment (per item cheapest per-gram node, filling
 *   split lines in ascending per-gram order; when lines compete for one SKU, the item-level
 *   branch and bound solves it exactly); adding one more node is still explored when its bound
 *   allows (a cheaper per-gram node can pay for itself on heavy orders).
 */
export const nodeSetSearch = (
  p: Problem,
  incumbent: { parts: readonly Part[]; cost: number; opened: number } | null,
): BnbResult | null => {
  const items = toItems(p.lines, true);
  const P = p.pool.length;
  const stock = p.pool.map((c) => p.stock[c]!);
  const fixed = p.pool.map((c) => p.fixed[c]!);
  const perGram = p.pool.map((c) => p.perGram[c]!);
  const touches = (k: number, i: number): boolean => {
    const item = items[i]!;
    return item.splittable ? stock[k]![item.lines[0]!.sku]! > 0 : fitsWhole(stock[k]!, item.lines);
  };
  const allCands = items.map((_, i) => Array.from({ length: P }, (__, k) => k).filter((k) => touches(k, i)));
  if (allCands.some((c) => c.length === 0)) return null;
  const weightLb = items.reduce((a, item, i) => a + Math.min(...allCands[i]!.map((k) => perGram[k]!)) * item.grams, 0);
  const penaltyFor = (n: number): number => p.penalty * (p.preOpenCount >= 1 ? n : Math.max(0, n - 1));
  const alive = prunePool(p, items, stock, fixed, weightLb, penaltyFor, incumbent);
  const truncated = capPool(p, items, stock, fixed, perGram, alive, incumbent);
  const cands = allCands.map((list) => list.filter((k) => alive[k]).sort((a, b) => fixed[a]! - fixed[b]! || a - b));
  if (cands.some((c) => c.length === 0)) return incumbent ? { parts: [...incumbent.parts], cost: incumbent.cost, opened: incumbent.opened, exact: !truncated, expansions: 0 } : null;
  const skuUse = new Map<number, number>();
  for (const item of items) for (const l of item.lines) skuUse.set(l.sku, (skuUse.get(l.sku) ?? 0) + 1);
  const sharedSkus = new Set([...skuUse].filter(([, n]) => n > 1).map(([s]) => s));

  const inSet = new Uint8Array(P);
  const forbidden = new Uint8Array(P);
  const set: number[] = [];
  for (let k = 0; k < P; k++) if (p.preOpen[p.pool[k]!]) { inSet[k] = 1; set.push(k); }
  let best: BnbResult | null = incumbent ? { parts: [...incumbent.parts], cost: incumbent.cost, opened: incumbent.opened, exact: true, expansions: 0 } : null;
  const better = (opened: number, cost: number): boolean =>
    !best || (p.minimizeShipments ? opened < best.opened || (opened === best.opened && cost < best.cost) : cost < best.cost);
  let expansions = 0;
  let exhausted = false;

  const covered = (i: number): boolean => {
    const item = items[i]!;
    if (item.splittable) {
      const sku = item.lines[0]!.sku;
      let have = 0;
      for (const k of set) if ((have += stock[k]![sku]!) >= item.units) return true;
      return false;
    }
    for (const k of set) if (fitsWhole(stock[k]!, item.lines)) return true;
    return false;
  };

  /** Cheapest assignment of every item to the current set (weight cost only), or null. */
  const assign = (): { parts: Part[]; weight: number } | null => {
    if (sharedSkus.size > 0) {
      const preOpen = [...p.preOpen];
      for (const k of set) preOpen[p.pool[k]!] = true;
      const budget = p.maxExpansions - expansions;
      if (budget <= 0) {
        exhausted = true;
        return null;
      }
      // The item-level search shares the expansion budget, so the whole run stays bounded.
      const sub = branchAndBound({ ...p, pool: set.map((k) => p.pool[k]!), preOpen, preOpenCount: 1, penalty: 0, minimizeShipments: false, maxExpansions: budget }, null);
      if (!sub) return null;
      expansions += sub.expansions;
      if (!sub.exact) exhausted = true;
      return { parts: sub.parts, weight: sub.cost };
    }
    const parts: Part[] = [];
    let weight = 0;
    const byPerGram = [...set].sort((a, b) => perGram[a]! - perGram[b]! || a - b);
    for (const item of items) {
      if (!item.splittable) {
        const k = byPerGram.find((x) => fitsWhole(stock[x]!, item.lines));
        if (k === undefined) return null;
        for (const l of item.lines) parts.push({ lineIdx: l.lineIdx, cand: p.pool[k]!, qty: l.qty });
        weight += perGram[k]! * item.grams;
        continue;
      }
      const l = item.lines[0]!;
      let left = l.qty;
      for (const k of byPerGram) {
        const take = Math.min(left, stock[k]![l.sku]!);
        if (take <= 0) continue;
        parts.push({ lineIdx: l.lineIdx, cand: p.pool[k]!, qty: take });
        weight += perGram[k]! * take * l.gramsPerUnit;
        left -= take;
        if (left === 0) break;
      }
      if (left > 0) return null;
    }
    return { parts, weight };
  };

  const touch = new Int32Array(P);
  /** Openings (count) and fixed cost (lower bounds) still needed for the uncovered items. */
  const coverBound = (uncovered: readonly number[], opened: number, fixedSum: number): { count: number; cost: number } => {
    const touched: number[] = [];
    let dearest = 0;
    let cheapest = Infinity;
    for (const i of uncovered) {
      let first = -1;
      for (const k of cands[i]!) {
        if (inSet[k] || forbidden[k]) continue;
        if (first < 0) first = k;
        if (touch[k] === 0) touched.push(k);
        touch[k]!++;
      }
      if (first < 0) {
        for (const k of touched) touch[k] = 0;
        return { count: Infinity, cost: Infinity };
      }
      dearest = Math.max(dearest, fixed[first]!);
      cheapest = Math.min(cheapest, fixed[first]!);
    }
    let m = 1;
    for (const k of touched) m = Math.max(m, touch[k]!);
    const count = Math.ceil(uncovered.length / m);
    const byCount = dearest + (count - 1) * cheapest;
    // The cheap bound often prunes already; the fractional one costs another pass.
    if (!better(opened + count, fixedSum + byCount + penaltyFor(opened + count) + weightLb)) {
      for (const k of touched) touch[k] = 0;
      return { count, cost: byCount };
    }
    let fractional = 0;
    for (const i of uncovered) {
      let share = Infinity;
      for (const k of cands[i]!) if (!inSet[k] && !forbidden[k]) share = Math.min(share, fixed[k]! / touch[k]!);
      fractional += share;
    }
    for (const k of touched) touch[k] = 0;
    return { count, cost: Math.max(byCount, Math.floor(fractional)) };
  };

  const skuCount = stock[0]?.length ?? 0;
  /** k serves everything k2 could (≥ stock of every SKU) at no higher fixed or per-gram cost. */
  const dominates = (k: number, k2: number): boolean => {
    if (fixed[k]! > fixed[k2]! || perGram[k]! > perGram[k2]!) return false;
    const a = stock[k]!;
    const b = stock[k2]!;
    for (let s = 0; s < skuCount; s++) if (a[s]! < b[s]!) return false;
    return true;
  };

  const branch = (options: readonly number[], opened: number, fixedSum: number): void => {
    const tried: number[] = [];
    for (const k of options) {
      if (inSet[k] || forbidden[k]) continue;
      // Any plan using k instead of an already-explored node that dominates it was seen there.
      if (tried.some((t) => dominates(t, k))) continue;
      if (!better(opened + 1, fixedSum + fixed[k]! + penaltyFor(opened + 1) + weightLb)) break;
      inSet[k] = 1;
      set.push(k);
      search(opened + 1, fixedSum + fixed[k]!);
      set.pop();
      inSet[k] = 0;
      forbidden[k] = 1;
      tried.push(k);
      if (exhausted) break;
    }
    for (const k of tried) forbidden[k] = 0;
  };

  const byFixed = Array.from({ length: P }, (_, k) => k).filter((k) => alive[k]).sort((a, b) => fixed[a]! - fixed[b]! || a - b);

  const search = (opened: number, fixedSum: number): void => {
    if (++expansions > p.maxExpansions) {
      exhausted = true;
      return;
    }
    const uncovered: number[] = [];
    for (let i = 0; i < items.length; i++) if (!covered(i)) uncovered.push(i);
    if (uncovered.length === 0) {
      const a = assign();
      if (a) {
        const cost = fixedSum + penaltyFor(opened) + a.weight;
        if (better(opened, cost)) best = { parts: a.parts, cost, opened, exact: true, expansions: 0 };
        // One more node can only pay off through cheaper weight; its bound usually ends this at once.
        branch(byFixed, opened, fixedSum);
      } else {
        // Lines compete for a SKU: some node with more of a contested SKU is needed.
        branch(byFixed.filter((k) => [...sharedSkus].some((s) => stock[k]![s]! > 0)), opened, fixedSum);
      }
      return;
    }
    const lb = coverBound(uncovered, opened, fixedSum);
    if (!better(opened + lb.count, fixedSum + lb.cost + penaltyFor(opened + lb.count) + weightLb)) return;
    let pick = uncovered[0]!;
    let fewest = Infinity;
    for (const i of uncovered) {
      let n = 0;
      for (const k of cands[i]!) if (!inSet[k] && !forbidden[k]) n++;
      if (n < fewest) { fewest = n; pick = i; }
    }
    branch(cands[pick]!, opened, fixedSum);
  };

  search(0, 0);
  if (!best) return null;
  return { ...(best as BnbResult), exact: !exhausted && !truncated, expansions };
};

/**
 * Exact pre-pruning: a node whose cheapest conceivable plan — its own fixed cost, the weight
 * bound, and (unless it can ship everything alone) the cheapest other node plus a split penalty —
 * already costs as much as the incumbent can never be in a better plan. On a network without a
 * distance bound this removes most far nodes before the search starts.
 */
const prunePool = (
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
  for (let k = 0; k < P; k++) {
    if (p.preOpen[p.pool[k]!]) continue;
    let alone = true;
    for (const [sku, q] of demand) if (stock[k]![sku]! < q) alone = false;
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
const capPool = (
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
