import { fitsWhole, toItems, type Item, type Part, type Problem } from './problem.js';

/**
 * Exact minimum-cost allocation by depth-first branch and bound over items (keep-together groups
 * and lines). Costs are integers (nano-units), so comparisons are exact. `nodeSetSearch` uses it
 * to assign items to a fixed set of nodes when lines compete for one SKU; it is also a complete
 * optimiser on its own (slower on large pools: its depth is the number of items).
 *
 * - Items with the fewest possible nodes go first (fail early); per item, nodes already shipping
 *   are tried before opening a new one, cheapest first.
 * - Lower bound = cost so far + for every item left its cheapest per-gram cost + a set-cover
 *   bound on the openings still needed by items the open nodes cannot cover.
 * - A line may be split into chunks over nodes taken in ascending per-gram order (which breaks
 *   permutation symmetry); each chunk fills its node to the brim — the cheapest way to fill a
 *   fixed set of nodes — unless another item competes for the same SKU, then every chunk size is
 *   tried.
 * - `incumbent` (e.g. the best single node) seeds the bound. Past `maxExpansions` the best found
 *   so far is returned with `exact: false`.
 */
export type BnbResult = { parts: Part[]; cost: number; opened: number; exact: boolean; expansions: number };

export const branchAndBound = (p: Problem, incumbent: { parts: readonly Part[]; cost: number; opened: number } | null): BnbResult | null => {
  const items: Item[] = toItems(p.lines, true);
  const P = p.pool.length;
  const st = p.pool.map((c) => [...p.stock[c]!]);
  const fixed = p.pool.map((c) => p.fixed[c]!);
  const perGram = p.pool.map((c) => p.perGram[c]!);
  const open = p.pool.map((c) => p.preOpen[c]!);

  type Plan = { item: Item; byCost: number[]; byFixed: number[]; pgRank: number[]; minPerGram: number; shared: boolean };
  const plans: Plan[] = [];
  for (const item of items) {
    const can: number[] = [];
    for (let k = 0; k < P; k++) {
      if (item.splittable ? st[k]![item.lines[0]!.sku]! > 0 : fitsWhole(st[k]!, item.lines)) can.push(k);
    }
    if (can.length === 0) return null;
    if (item.splittable && can.reduce((a, k) => a + st[k]![item.lines[0]!.sku]!, 0) < item.units) return null;
    const standalone = (k: number): number => (open[k] ? 0 : fixed[k]!) + perGram[k]! * item.grams;
    const byCost = [...can].sort((a, b) => standalone(a) - standalone(b) || a - b);
    const byPerGram = [...can].sort((a, b) => perGram[a]! - perGram[b]! || fixed[a]! - fixed[b]! || a - b);
    const pgRank = new Array<number>(P).fill(-1);
    byPerGram.forEach((k, i) => (pgRank[k] = i));
    const byFixed = [...can].sort((a, b) => fixed[a]! - fixed[b]! || a - b);
    plans.push({ item, byCost, byFixed, pgRank, minPerGram: perGram[byPerGram[0]!]!, shared: false });
  }
  plans.sort((a, b) => a.byCost.length - b.byCost.length || b.item.grams - a.item.grams);
  for (const plan of plans) {
    const sku = plan.item.lines[0]!.sku;
    plan.shared = plan.item.splittable && plans.some((o) => o !== plan && o.item.lines.some((l) => l.sku === sku));
  }
  const suffix = new Array<number>(plans.length + 1).fill(0);
  for (let i = plans.length - 1; i >= 0; i--) suffix[i] = suffix[i + 1]! + plans[i]!.minPerGram * plans[i]!.item.grams;

  const candOf = (k: number): number => p.pool[k]!;
  let best: BnbResult | null = incumbent ? { parts: [...incumbent.parts], cost: incumbent.cost, opened: incumbent.opened, exact: true, expansions: 0 } : null;
  const better = (opened: number, cost: number): boolean =>
    !best || (p.minimizeShipments ? opened < best.opened || (opened === best.opened && cost < best.cost) : cost < best.cost);
  const path: Part[] = [];
  let expansions = 0;
  let exhausted = false;

  // Nodes opened on the current path (plus pre-opened ones), for cheap coverage checks.
  const openList: number[] = [];
  for (let k = 0; k < P; k++) if (open[k]) openList.push(k);
  const touch = new Int32Array(P);
  const touched: number[] = [];

  /** Can the open nodes take plan i whole (the current plan `pos` with `qLeft` units)? */
  const isCovered = (i: number, pos: number, qLeft: number): boolean => {
    const { item } = plans[i]!;
    if (item.splittable) {
      const sku = item.lines[0]!.sku;
      const need = i === pos ? qLeft : item.units;
      let have = 0;
      for (const k of openList) if ((have += st[k]![sku]!) >= need) return true;
      return false;
    }
    for (const k of openList) if (fitsWhole(st[k]!, item.lines)) return true;
    return false;
  };

  /**
   * Lower bound on the new shipments items from `pos` on still need (the current item with
   * `qLeft` units): every item the open nodes cannot cover needs a new node that holds some of
   * it; one new node touches at most `m` such items, so at least ⌈U / m⌉ openings, one of them
   * costing at least the dearest "cheapest opening" among those items.
   */
  const openingBound = (pos: number, qLeft: number, opened: number): { count: number; cost: number } => {
    let uncovered = 0;
    let dearest = 0;
    let cheapestAny = Infinity;
    for (let i = pos; i < plans.length; i++) {
      const { byCost, byFixed } = plans[i]!;
      if (isCovered(i, pos, qLeft)) continue;
      uncovered++;
      let cheapest = Infinity;
      for (const k of byFixed) if (!open[k]) { cheapest = fixed[k]!; break; }
      if (cheapest === Infinity) return { count: Infinity, cost: Infinity };
      if (cheapest > dearest) dearest = cheapest;
      if (cheapest < cheapestAny) cheapestAny = cheapest;
      for (const k of byCost) {
        if (open[k]) continue;
        if (touch[k] === 0) touched.push(k);
        touch[k]!++;
      }
    }
    if (uncovered === 0) return { count: 0, cost: 0 };
    let m = 1;
    for (const k of touched) if (touch[k]! > m) m = touch[k]!;
    const count = Math.ceil(uncovered / m);
    const penalties = p.preOpenCount + opened >= 1 ? count : count - 1;
    const byCount = dearest + (count - 1) * cheapestAny + penalties * p.penalty;
    // Fractional set cover: each uncovered item pays at least its cheapest node's opening cost
    // shared among the items that node touches.
    const pen = p.preOpenCount + opened >= 1 ? p.penalty : 0;
    let shared = 0;
    for (let i = pos; i < plans.length && uncovered > 0; i++) {
      const { byCost } = plans[i]!;
      let share = Infinity;
      let anyTouched = false;
      for (const k of byCost) {
        if (open[k] || touch[k] === 0) continue;
        anyTouched = true;
        const v = (fixed[k]! + pen) / touch[k]!;
        if (v < share) share = v;
      }
      if (anyTouched && isCovered(i, pos, qLeft)) continue;
      if (anyTouched) shared += share;
    }
    for (const k of touched) touch[k] = 0;
    touched.length = 0;
    return { count, cost: Math.max(byCount, Math.floor(shared)) };
  };

  const dfs = (pos: number, qLeft: number, minPg: number, cost: number, opened: number): void => {
    if (exhausted) return;
    if (++expansions > p.maxExpansions) {
      exhausted = true;
      return;
    }
    if (pos === plans.length) {
      if (better(opened, cost)) best = { parts: [...path], cost, opened, exact: true, expansions: 0 };
      return;
    }
    const { item, byCost, pgRank, minPerGram } = plans[pos]!;
    const gramsLeft = item.splittable ? qLeft * item.lines[0]!.gramsPerUnit : item.grams;
    const lb = openingBound(pos, qLeft, opened);
    if (!better(opened + lb.count, cost + minPerGram * gramsLeft + suffix[pos + 1]! + lb.cost)) return;
    const penalty = p.preOpenCount + opened >= 1 ? p.penalty : 0;
    for (const wantOpen of [true, false]) {
      for (const k of byCost) {
        if (open[k] !== wantOpen) continue;
        const opening = open[k] ? 0 : fixed[k]! + penalty;
        const nextOpened = opened + (open[k] ? 0 : 1);
        if (!item.splittable) {
          if (!fitsWhole(st[k]!, item.lines)) continue;
          const c = cost + opening + perGram[k]! * item.grams;
          if (!better(nextOpened, c + suffix[pos + 1]!)) continue;
          const wasOpen = open[k]!;
          for (const l of item.lines) {
            st[k]![l.sku]! -= l.qty;
            path.push({ lineIdx: l.lineIdx, cand: candOf(k), qty: l.qty });
          }
          open[k] = true;
          if (!wasOpen) openList.push(k);
          dfs(pos + 1, plans[pos + 1]?.item.units ?? 0, 0, c, nextOpened);
          if (!wasOpen) openList.pop();
          open[k] = wasOpen;
          for (const l of item.lines) {
            st[k]![l.sku]! += l.qty;
            path.pop();
          }
          continue;
        }
        if (pgRank[k]! < minPg) continue;
        const line = item.lines[0]!;
        const most = Math.min(st[k]![line.sku]!, qLeft);
        // Filling a node to the brim is optimal unless another item needs the same SKU's stock.
        const least = plans[pos]!.shared ? 1 : most;
        for (let take = most; take >= least && take > 0; take--) {
          const c = cost + opening + perGram[k]! * take * line.gramsPerUnit;
          if (!better(nextOpened, c)) continue;
          const wasOpen = open[k]!;
          st[k]![line.sku]! -= take;
          path.push({ lineIdx: line.lineIdx, cand: candOf(k), qty: take });
          open[k] = true;
          if (!wasOpen) openList.push(k);
          if (take === qLeft) dfs(pos + 1, plans[pos + 1]?.item.units ?? 0, 0, c, nextOpened);
          else dfs(pos, qLeft - take, pgRank[k]! + 1, c, nextOpened);
          if (!wasOpen) openList.pop();
          open[k] = wasOpen;
          st[k]![line.sku]! += take;
          path.pop();
        }
      }
    }
  };
  dfs(0, plans[0]?.item.units ?? 0, 0, 0, 0);
  if (!best) return null;
  return { ...(best as BnbResult), exact: !exhausted, expansions };
};
