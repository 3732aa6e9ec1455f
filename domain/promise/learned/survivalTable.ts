import { binOf, type Bins } from './durationBins.js';

/**
 * One lane's (or seller's) duration statistics as a decayed life table: per bin j, the weighted
 * number of subjects that completed in it (`events`) and that were exposed to it (`exposure`).
 * The hazard events/exposure is the discrete Kaplan–Meier / actuarial estimator; subjects still
 * open (parcels in transit, orders not yet handed over) are right-censored: they add exposure up
 * to their elapsed time and no event, so slow parcels pull the quantile up while still under way.
 *
 * Each unit of exposure is weighted by when it happened: w(t) = 2^((t − epoch) / halfLife), so
 * the table answers "what happens to parcels of each age *lately*" (a calendar-period life
 * table) and a recent slow-down shows within days. Weights are stored relative to `epoch`; the
 * common factor cancels in the hazard and is divided out where counts matter (shrinkage).
 *
 * Open subjects are kept as a histogram of start times (one entry per `openResolutionMs` slot),
 * not one entry per parcel, so a table's size is bounded whatever its traffic: two arrays of
 * `bins.count` numbers plus at most (longest duration / resolution) open slots.
 */
export type SurvivalTable = Readonly<{
  epoch: number;
  events: Float64Array;
  exposure: Float64Array;
  /** Open-subject slots, ascending slot start (ms). */
  openSlots: Float64Array;
  openCounts: Float64Array;
  /** count · 2^((slot mid − epoch)/halfLife) per slot: prefix sums of these give censored exposure. */
  openWeights: Float64Array;
  /** Last time anything changed: stale tables are pruned. */
  lastAt: number;
}>;

export type TableContext = Readonly<{
  bins: Bins;
  halfLifeMs: number;
  openResolutionMs: number;
  /** 2^(edge_j / halfLife): a subject's weight in bin j is its start weight times this. */
  edgeWeights: Float64Array;
}>;

/** Rebase well before 2^exponent overflows a double (≈ 2^1023). */
const MAX_EXPONENT = 400;

const exponent = (ctx: TableContext, t: number, epoch: number): number =>
  Number.isFinite(ctx.halfLifeMs) ? (t - epoch) / ctx.halfLifeMs : 0;

export const weightAt = (ctx: TableContext, t: number, epoch: number): number => 2 ** exponent(ctx, t, epoch);

export const tableContext = (bins: Bins, halfLifeMs: number, openResolutionMs: number): TableContext => ({
  bins,
  halfLifeMs,
  openResolutionMs,
  edgeWeights: Float64Array.from(bins.edgesMs, (e) => (Number.isFinite(halfLifeMs) ? 2 ** (e / halfLifeMs) : 1)),
});

export const emptyTable = (ctx: TableContext, at: number): SurvivalTable => ({
  epoch: at,
  events: new Float64Array(ctx.bins.count),
  exposure: new Float64Array(ctx.bins.count),
  openSlots: new Float64Array(0),
  openCounts: new Float64Array(0),
  openWeights: new Float64Array(0),
  lastAt: at,
});

/** Slot midpoint of a start time: the open histogram's resolution. */
export const slotOf = (ctx: TableContext, start: number): number =>
  Math.floor(start / ctx.openResolutionMs) * ctx.openResolutionMs + ctx.openResolutionMs / 2;

/** The table with weights re-expressed relative to `at` when they would grow too large. */
const rebased = (ctx: TableContext, t: SurvivalTable, at: number): SurvivalTable => {
  if (exponent(ctx, at, t.epoch) < MAX_EXPONENT) return t;
  const scale = weightAt(ctx, t.epoch, at);
  const events = t.events.map((x) => x * scale);
  const exposure = t.exposure.map((x) => x * scale);
  const openWeights = t.openSlots.map((slot, i) => t.openCounts[i]! * weightAt(ctx, slot, at));
  return { ...t, epoch: at, events, exposure, openWeights };
};

const findSlot = (slots: Float64Array, slot: number): number => {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (slots[mid]! < slot) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/** Adds `delta` (±1) subjects starting at `start` to the open histogram. */
const shiftOpen = (ctx: TableContext, t: SurvivalTable, start: number, delta: number): SurvivalTable => {
  const slot = slotOf(ctx, start);
  const i = findSlot(t.openSlots, slot);
  const w = weightAt(ctx, slot, t.epoch);
  if (i < t.openSlots.length && t.openSlots[i] === slot) {
    const count = t.openCounts[i]! + delta;
    if (count > 0) {
      const openCounts = t.openCounts.slice();
      const openWeights = t.openWeights.slice();
      openCounts[i] = count;
      openWeights[i] = count * w;
      return { ...t, openCounts, openWeights };
    }
    const cut = (a: Float64Array): Float64Array => {
      const out = new Float64Array(a.length - 1);
      out.set(a.subarray(0, i));
      out.set(a.subarray(i + 1), i);
      return out;
    };
    return { ...t, openSlots: cut(t.openSlots), openCounts: cut(t.openCounts), openWeights: cut(t.openWeights) };
  }
  if (delta <= 0) return t; // removing what is not there: nothing to do
  const put = (a: Float64Array, v: number): Float64Array => {
    const out = new Float64Array(a.length + 1);
    out.set(a.subarray(0, i));
    out[i] = v;
    out.set(a.subarray(i), i + 1);
    return out;
  };
  return { ...t, openSlots: put(t.openSlots, slot), openCounts: put(t.openCounts, delta), openWeights: put(t.openWeights, delta * w) };
};

/** Exposure for bins before the one the duration ends in, full or half (censored) there, plus the event. */
const addSubject = (ctx: TableContext, t: SurvivalTable, start: number, durationMs: number, event: boolean): SurvivalTable => {
  const events = t.events.slice();
  const exposure = t.exposure.slice();
  const clamped = Math.max(0, durationMs);
  const last = binOf(ctx.bins, clamped);
  const beyond = clamped >= ctx.bins.maxMs;
  const w0 = weightAt(ctx, start, t.epoch);
  for (let j = 0; j <= last; j++) {
    const w = w0 * ctx.edgeWeights[j]!;
    // A censored subject is exposed to half of the bin it leaves in (actuarial convention).
    exposure[j]! += j < last || event || beyond ? w : w / 2;
  }
  if (event) events[last]! += w0 * ctx.edgeWeights[last]!;
  return { ...t, events, exposure };
};

/** A subject (order, parcel) starts: at risk from `start`, censored until it completes. */
export const tableOpen = (ctx: TableContext, t: SurvivalTable, start: number): SurvivalTable =>
  shiftOpen(ctx, { ...rebased(ctx, t, start), lastAt: Math.max(t.lastAt, start) }, start, 1);

/** Removes an open subject without recording anything (cancelled, or re-filed elsewhere). */
export const tableDrop = (ctx: TableContext, t: SurvivalTable, start: number): SurvivalTable => shiftOpen(ctx, t, start, -1);

/**
 * Removes many open subjects at once (housekeeping abandons them in bulk): the same table as
 * `tableDrop` once per start, copying the open histogram once. Counts only decrease, so a slot
 * emptied by some of the drops ignores the rest, as the sequential drops would.
 */
export const tableDropMany = (ctx: TableContext, t: SurvivalTable, starts: readonly number[]): SurvivalTable => {
  if (starts.length === 1) return tableDrop(ctx, t, starts[0]!);
  const bySlot = new Map<number, number>();
  for (const start of starts) {
    const slot = slotOf(ctx, start);
    bySlot.set(slot, (bySlot.get(slot) ?? 0) + 1);
  }
  const openCounts = t.openCounts.slice();
  const openWeights = t.openWeights.slice();
  for (const [slot, n] of bySlot) {
    const i = findSlot(t.openSlots, slot);
    if (i >= t.openSlots.length || t.openSlots[i] !== slot) continue;
    const count = Math.max(0, openCounts[i]! - n);
    openCounts[i] = count;
    openWeights[i] = count * weightAt(ctx, slot, t.epoch);
  }
  let keep = 0;
  for (let i = 0; i < openCounts.length; i++) if (openCounts[i] !== 0) keep++;
  if (keep === openCounts.length) return { ...t, openCounts, openWeights };
  const slots = new Float64Array(keep);
  const counts = new Float64Array(keep);
  const weights = new Float64Array(keep);
  for (let i = 0, k = 0; i < t.openSlots.length; i++) {
    if (openCounts[i] === 0) continue;
    slots[k] = t.openSlots[i]!;
    counts[k] = openCounts[i]!;
    weights[k++] = openWeights[i]!;
  }
  return { ...t, openSlots: slots, openCounts: counts, openWeights: weights };
};

/** The open subject started at `start` completed at `end`: one event, exposure up to it. */
export const tableComplete = (ctx: TableContext, t: SurvivalTable, start: number, end: number, wasOpen = true): SurvivalTable => {
  const base = rebased(ctx, wasOpen ? tableDrop(ctx, t, start) : t, end);
  return { ...addSubject(ctx, base, start, end - start, true), lastAt: Math.max(t.lastAt, end) };
};

export type EffectiveCounts = Readonly<{
  events: Float64Array;
  exposure: Float64Array;
  /** Decayed number of subjects seen (exposure of the first bin): the weight shrinkage gives this table. */
  subjects: number;
}>;

/** Number of slots whose midpoint is ≤ x. */
const slotsUpTo = (slots: Float64Array, x: number): number => {
  let lo = 0;
  let hi = slots.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (slots[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

/**
 * Counts as of `asOf`, in "recent subjects" units (weight 1 = something happening at asOf),
 * with every open subject censored at its elapsed time. O(bins · log slots) via prefix sums over
 * the start-sorted slots: an open subject is fully exposed to bin j iff it started at or before
 * asOf − edge(j+1), half exposed if it is inside bin j now.
 */
export const effectiveCounts = (ctx: TableContext, t: SurvivalTable, asOf: number): EffectiveCounts => {
  const n = ctx.bins.count;
  const e = ctx.bins.edgesMs;
  const scale = weightAt(ctx, t.epoch, asOf);
  const events = new Float64Array(n);
  const exposure = new Float64Array(n);
  const prefix = new Float64Array(t.openSlots.length + 1);
  for (let i = 0; i < t.openSlots.length; i++) prefix[i + 1] = prefix[i]! + t.openWeights[i]!;
  for (let j = 0; j < n; j++) {
    const reached = prefix[slotsUpTo(t.openSlots, asOf - e[j]!)]!;
    const passed = j === n - 1 ? reached : prefix[slotsUpTo(t.openSlots, asOf - e[j + 1]!)]!;
    const openExposure = ctx.edgeWeights[j]! * (passed + 0.5 * (reached - passed));
    events[j] = t.events[j]! * scale;
    exposure[j] = (t.exposure[j]! + openExposure) * scale;
  }
  return { events, exposure, subjects: exposure[0]! };
};

/** Open subjects in the table (censored observations). */
export const openCount = (t: SurvivalTable): number => t.openCounts.reduce((a, b) => a + b, 0);
