import { branchAndBound, type BnbResult } from './branchAndBound.js';
import { capPool, prunePool } from './poolPruning.js';
import { fitsWhole, toItems, type Part, type Problem } from './problem.js';

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
  // Per item, the pool nodes holding some of it (a kit: all of it), in pool order; and the
  // cheapest per-gram rate among them for the weight bound. Plain loops: P × items checks.
  const allCands: number[][] = [];
  let weightLb = 0;
  for (const item of items) {
    const list: number[] = [];
    let minPerGram = Infinity;
    const sku = item.lines[0]!.sku;
    for (let k = 0; k < P; k++) {
      if (item.splittable ? stock[k]![sku]! > 0 : fitsWhole(stock[k]!, item.lines)) {
        list.push(k);
        if (perGram[k]! < minPerGram) minPerGram = perGram[k]!;
      }
    }
    if (list.length === 0) return null;
    allCands.push(list);
    weightLb += minPerGram * item.grams;
  }
  const penaltyFor = (n: number): number => p.penalty * (p.preOpenCount >= 1 ? n : Math.max(0, n - 1));
  const alive = prunePool(p, items, stock, fixed, weightLb, penaltyFor, incumbent);
  const truncated = capPool(p, items, stock, fixed, perGram, alive, incumbent);
  const byFixed: number[] = [];
  for (let k = 0; k < P; k++) if (alive[k]) byFixed.push(k);
  byFixed.sort((a, b) => fixed[a]! - fixed[b]! || a - b);
  // Each item's living nodes by ascending fixed cost: byFixed filtered, since (fixed, k) is a total order.
  const member = new Uint8Array(P);
  const cands = allCands.map((list) => {
    for (const k of list) member[k] = 1;
    const sorted = byFixed.filter((k) => member[k] === 1);
    for (const k of list) member[k] = 0;
    return sorted;
  });
  if (cands.some((c) => c.length === 0)) return incumbent ? { parts: [...incumbent.parts], cost: incumbent.cost, opened: incumbent.opened, exact: !truncated, expansions: 0 } : null;
  const skuUse = new Map<number, number>();
  for (const item of items) for (const l of item.lines) skuUse.set(l.sku, (skuUse.get(l.sku) ?? 0) + 1);
  const sharedSkus = new Set([...skuUse].filter(([, n]) => n > 1).map(([s]) => s));

  // 1 = in the current set, or forbidden below (an explored sibling): never branched on, one read.
  const off = new Uint8Array(P);
  const set: number[] = [];
  for (let k = 0; k < P; k++) if (p.preOpen[p.pool[k]!]) { off[k] = 1; set.push(k); }
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

  let allOpen: boolean[] | undefined;
  /** Cheapest assignment of every item to the current set (weight cost only), or null. */
  const assign = (): { parts: Part[]; weight: number } | null => {
    if (sharedSkus.size > 0) {
      // The item-level search only reads preOpen of its own pool, the current set: all shipping.
      allOpen ??= new Array<boolean>(p.preOpen.length).fill(true);
      const preOpen = allOpen;
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
  // The nodes touch[] counts, so resetting costs only what was touched (a fixed buffer, no pushes).
  const touched = new Int32Array(P);
  let nTouched = 0;
  const untouch = (): void => {
    for (let t = 0; t < nTouched; t++) touch[touched[t]!] = 0;
    nTouched = 0;
  };
  /** Per uncovered item, its nodes still open to branching; valid when `openCountsOk`. */
  const openCount = new Int32Array(items.length);
  let openCountsOk = false;
  /** Openings (count) and fixed cost (lower bounds) still needed for the uncovered items. */
  const coverBound = (uncovered: readonly number[], opened: number, fixedSum: number): { count: number; cost: number } => {
    openCountsOk = false;
    let dearest = 0;
    let cheapest = Infinity;
    // m: most uncovered items one node touches (at least 1).
    let m = 1;
    for (const i of uncovered) {
      let first = -1;
      let n = 0;
      for (const k of cands[i]!) {
        if (off[k]) continue;
        if (first < 0) first = k;
        n++;
        if (touch[k] === 0) touched[nTouched++] = k;
        if (++touch[k]! > m) m = touch[k]!;
      }
      openCount[i] = n;
      if (first < 0) {
        untouch();
        return { count: Infinity, cost: Infinity };
      }
      dearest = Math.max(dearest, fixed[first]!);
      cheapest = Math.min(cheapest, fixed[first]!);
    }
    // Every uncovered item counted: the branching step reuses the counts (the state is unchanged).
    openCountsOk = true;
    const count = Math.ceil(uncovered.length / m);
    const byCount = dearest + (count - 1) * cheapest;
    // The cheap bound often prunes already; the fractional one costs another pass.
    if (!better(opened + count, fixedSum + byCount + penaltyFor(opened + count) + weightLb)) {
      untouch();
      return { count, cost: byCount };
    }
    let fractional = 0;
    for (const i of uncovered) {
      let share = Infinity;
      for (const k of cands[i]!) if (!off[k]) share = Math.min(share, fixed[k]! / touch[k]!);
      fractional += share;
    }
    untouch();
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
      if (off[k]) continue;
      // Any plan using k instead of an already-explored node that dominates it was seen there.
      let dominated = false;
      for (const t of tried) if (dominates(t, k)) { dominated = true; break; }
      if (dominated) continue;
      if (!better(opened + 1, fixedSum + fixed[k]! + penaltyFor(opened + 1) + weightLb)) break;
      off[k] = 1;
      set.push(k);
      search(opened + 1, fixedSum + fixed[k]!);
      set.pop();
      // k stays off: forbidden for its later siblings' subtrees.
      tried.push(k);
      if (exhausted) break;
    }
    for (const k of tried) off[k] = 0;
  };

  /** Living nodes holding some contested SKU, by fixed cost (computed on first need). */
  let contested: number[] | undefined;

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
        contested ??= byFixed.filter((k) => [...sharedSkus].some((s) => stock[k]![s]! > 0));
        branch(contested, opened, fixedSum);
      }
      return;
    }
    const lb = coverBound(uncovered, opened, fixedSum);
    if (!better(opened + lb.count, fixedSum + lb.cost + penaltyFor(opened + lb.count) + weightLb)) return;
    let pick = uncovered[0]!;
    let fewest = Infinity;
    for (const i of uncovered) {
      let n = 0;
      if (openCountsOk) n = openCount[i]!;
      else for (const k of cands[i]!) if (!off[k]) n++;
      if (n < fewest) { fewest = n; pick = i; }
    }
    branch(cands[pick]!, opened, fixedSum);
  };

  search(0, 0);
  if (!best) return null;
  return { ...(best as BnbResult), exact: !exhausted && !truncated, expansions };
};
