import { add, fromJson, toJson, zero, type Money, type MoneyJson } from '../../shared/money.js';
import type { ShadowDiff } from '../shadowCompare.js';

/** One recorded comparison: the live decision of a placed order against the candidate's on the same input. */
export type ShadowRecord = Readonly<{
  orderId: string;
  at: string;
  diff: ShadowDiff;
  /** Days from placement to the promised date for each decision's nodes (null: no promise could be made). */
  promisedLeadDays?: Readonly<{ live: number | null; candidate: number | null }>;
}>;

export type ShadowSample = Readonly<{
  orderId: string;
  at: string;
  nodes: ShadowDiff['nodes'];
  shipments: ShadowDiff['shipments'];
  costDelta: MoneyJson;
  distanceKmDelta: number;
  outcome: ShadowDiff['outcome'];
}>;

/**
 * What a promotion is decided on (and what `RuleSetPromoted` records as evidence). Rates are
 * fractions in [0, 1] rounded to 4 decimals; deltas are candidate − live, summed over the orders
 * compared (cost per currency) or averaged per order (distance).
 */
export type ShadowSummary = Readonly<{
  candidate: string | null;
  ordersCompared: number;
  identical: number;
  sameNodes: number;
  sameNodesRate: number;
  outcomeChanged: number;
  splitRate: Readonly<{ live: number; candidate: number; delta: number }>;
  shipments: Readonly<{ live: number; candidate: number; delta: number }>;
  costDelta: readonly MoneyJson[];
  distanceKm: Readonly<{ live: number; candidate: number; delta: number; meanDeltaPerOrder: number }>;
  backorderedUnitsDelta: number;
  /** Mean over the orders where both decisions could be promised; null when there is none. */
  promisedLeadDays: Readonly<{ compared: number; live: number; candidate: number; meanDelta: number }> | null;
  samples: readonly ShadowSample[];
}>;

const rate = (n: number, d: number): number => (d === 0 ? 0 : Math.round((n / d) * 10_000) / 10_000);
const r3 = (x: number): number => Math.round(x * 1000) / 1000;
const sameNodes = (d: ShadowDiff): boolean => d.nodes.onlyLive.length === 0 && d.nodes.onlyCandidate.length === 0;

/** Pure aggregation of recorded comparisons; `samples` lists up to `maxSamples` differing orders, newest first. */
export const summarizeShadow = (candidate: string | null, records: readonly ShadowRecord[], maxSamples = 10): ShadowSummary => {
  const n = records.length;
  const costs = new Map<string, Money>();
  let same = 0;
  let identical = 0;
  let outcomeChanged = 0;
  let splitLive = 0;
  let splitCand = 0;
  let shipLive = 0;
  let shipCand = 0;
  let distLive = 0;
  let distCand = 0;
  let backordered = 0;
  let leads = 0;
  let leadLive = 0;
  let leadCand = 0;
  for (const { diff, promisedLeadDays: lead } of records) {
    if (lead && lead.live !== null && lead.candidate !== null) {
      leads += 1;
      leadLive += lead.live;
      leadCand += lead.candidate;
    }
    if (diff.identical) identical += 1;
    if (sameNodes(diff)) same += 1;
    if (diff.outcome.changed) outcomeChanged += 1;
    if (diff.shipments.live > 1) splitLive += 1;
    if (diff.shipments.candidate > 1) splitCand += 1;
    shipLive += diff.shipments.live;
    shipCand += diff.shipments.candidate;
    distLive += diff.distanceKm.live;
    distCand += diff.distanceKm.candidate;
    backordered += diff.backorderedUnits.delta;
    const c = diff.cost.delta.currency;
    costs.set(c, add(costs.get(c) ?? zero(c), fromJson(diff.cost.delta)));
  }
  const samples = records
    .filter((r) => !r.diff.identical)
    .sort((a, b) => b.at.localeCompare(a.at) || a.orderId.localeCompare(b.orderId))
    .slice(0, maxSamples)
    .map(({ orderId, at, diff }) => ({ orderId, at, nodes: diff.nodes, shipments: diff.shipments, costDelta: diff.cost.delta, distanceKmDelta: diff.distanceKm.delta, outcome: diff.outcome }));
  return {
    candidate,
    ordersCompared: n,
    identical,
    sameNodes: same,
    sameNodesRate: rate(same, n),
    outcomeChanged,
    splitRate: { live: rate(splitLive, n), candidate: rate(splitCand, n), delta: r3(rate(splitCand, n) - rate(splitLive, n)) },
    shipments: { live: shipLive, candidate: shipCand, delta: shipCand - shipLive },
    costDelta: [...costs.keys()].sort().map((c) => toJson(costs.get(c)!)),
    distanceKm: { live: r3(distLive), candidate: r3(distCand), delta: r3(distCand - distLive), meanDeltaPerOrder: n === 0 ? 0 : r3((distCand - distLive) / n) },
    backorderedUnitsDelta: backordered,
    promisedLeadDays: leads === 0 ? null : { compared: leads, live: r3(leadLive / leads), candidate: r3(leadCand / leads), meanDelta: r3((leadCand - leadLive) / leads) },
    samples,
  };
};
