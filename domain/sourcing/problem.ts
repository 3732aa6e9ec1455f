import type { SearchKind } from './types.js';

/**
 * The allocation problem one rule solves, in plain numbers: lines still to source, the rule's
 * node pool (candidate indices in the rule's rank order), stock left per candidate × SKU, and
 * the linear cost model — a shipment from candidate c carrying g grams costs
 * `fixed[c] + perGram[c] × g` nano-units, plus `penalty` for every shipment beyond the first.
 */
export type ProblemLine = Readonly<{ lineIdx: number; sku: number; qty: number; gramsPerUnit: number; group?: string }>;

export type Problem = Readonly<{
  lines: readonly ProblemLine[];
  pool: readonly number[];
  /** stock[c][sku], candidate-indexed; strategies read it and never write it. */
  stock: readonly (readonly number[])[];
  fixed: readonly number[];
  perGram: readonly number[];
  /** Candidates already shipping part of this order (an earlier rule): no fixed cost, no penalty. */
  preOpen: readonly boolean[];
  preOpenCount: number;
  penalty: number;
  minimizeShipments: boolean;
  maxExpansions: number;
  /** Most nodes the optimiser searches over after exact pruning; beyond it the search is 'bounded'. */
  maxPool: number;
}>;

export type Part = Readonly<{ lineIdx: number; cand: number; qty: number }>;
export type Allocation = Readonly<{ parts: readonly Part[]; search: SearchKind; expansions?: number }>;

/** A unit of allocation: a keep-together group (all or nothing, one node) or one line. */
export type Item = Readonly<{ lines: readonly ProblemLine[]; splittable: boolean; grams: number; units: number }>;

export const toItems = (lines: readonly ProblemLine[], splitLines: boolean): Item[] => {
  const groups = new Map<string, ProblemLine[]>();
  const items: Item[] = [];
  for (const line of lines) {
    if (line.qty <= 0) continue;
    if (line.group === undefined) {
      items.push({ lines: [line], splittable: splitLines, grams: line.qty * line.gramsPerUnit, units: line.qty });
      continue;
    }
    const g = groups.get(line.group);
    if (g) g.push(line);
    else groups.set(line.group, [line]);
  }
  for (const g of groups.values()) {
    items.push({ lines: g, splittable: false, grams: g.reduce((a, l) => a + l.qty * l.gramsPerUnit, 0), units: g.reduce((a, l) => a + l.qty, 0) });
  }
  return items;
};

/** Can candidate stock `st` take all of `lines` (lines of one item may share a SKU)? */
export const fitsWhole = (st: readonly number[], lines: readonly ProblemLine[]): boolean => {
  if (lines.length === 1) return st[lines[0]!.sku]! >= lines[0]!.qty;
  const need = new Map<number, number>();
  for (const l of lines) need.set(l.sku, (need.get(l.sku) ?? 0) + l.qty);
  for (const [sku, q] of need) if (st[sku]! < q) return false;
  return true;
};

export const unitsOf = (parts: readonly Part[]): number => parts.reduce((a, p) => a + p.qty, 0);

/** Cost (nano) and shipment count of an allocation under the problem's cost model. */
export const evaluate = (p: Problem, parts: readonly Part[]): { cost: number; opened: number } => {
  const grams = new Map<number, number>();
  for (const part of parts) {
    const line = p.lines.find((l) => l.lineIdx === part.lineIdx)!;
    grams.set(part.cand, (grams.get(part.cand) ?? 0) + part.qty * line.gramsPerUnit);
  }
  let cost = 0;
  let opened = 0;
  for (const [c, g] of grams) {
    if (!p.preOpen[c]) {
      cost += p.fixed[c]! + (p.preOpenCount + opened >= 1 ? p.penalty : 0);
      opened++;
    }
    cost += p.perGram[c]! * g;
  }
  return { cost, opened };
};

/**
 * Units and grams a candidate could ship of `lines` from `stock`, lines served in order (lines of
 * one SKU share its stock, each with its own unit weight). `scratch` (at least as long as
 * `stock`) spares the copy when called once per candidate.
 */
export const servable = (
  stock: readonly number[],
  lines: readonly Readonly<{ skuIndex: number; weightGrams: number }>[],
  qty: readonly number[],
  scratch: number[] = new Array<number>(stock.length),
): { units: number; grams: number } => {
  const left = scratch;
  for (let s = 0; s < stock.length; s++) left[s] = stock[s]!;
  let units = 0;
  let grams = 0;
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!;
    const take = Math.min(left[l.skuIndex]!, qty[i]!);
    if (take <= 0) continue;
    left[l.skuIndex]! -= take;
    units += take;
    grams += take * l.weightGrams;
  }
  return { units, grams };
};
