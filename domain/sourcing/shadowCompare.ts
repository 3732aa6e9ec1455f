import { fromJson, subtract, toJson, type MoneyJson } from '../shared/money.js';
import { ValidationError } from '../shared/errors.js';
import type { SourcingDecision } from './types.js';

/**
 * Shadow mode: a candidate rule set decides the same order next to the live one without acting;
 * this diff is what gets recorded and aggregated (split rate, cost, distance, stock-outs) before a
 * rule set is promoted.
 */
export type LineChange = Readonly<{
  lineId: string;
  live: readonly Readonly<{ node: string; quantity: number }>[];
  candidate: readonly Readonly<{ node: string; quantity: number }>[];
}>;

export type ShadowDiff = Readonly<{
  identical: boolean;
  ruleSets: Readonly<{ live: string; candidate: string }>;
  outcome: Readonly<{ live: string; candidate: string; changed: boolean }>;
  nodes: Readonly<{ live: readonly string[]; candidate: readonly string[]; onlyLive: readonly string[]; onlyCandidate: readonly string[] }>;
  shipments: Readonly<{ live: number; candidate: number; delta: number }>;
  /** delta = candidate − live. */
  cost: Readonly<{ live: MoneyJson; candidate: MoneyJson; delta: MoneyJson }>;
  distanceKm: Readonly<{ live: number; candidate: number; delta: number }>;
  backorderedUnits: Readonly<{ live: number; candidate: number; delta: number }>;
  lineChanges: readonly LineChange[];
}>;

const nodesOf = (d: SourcingDecision): string[] => [...new Set(d.assignments.map((a) => a.node))].sort();

const perLine = (d: SourcingDecision): Map<string, { node: string; quantity: number }[]> => {
  const m = new Map<string, { node: string; quantity: number }[]>();
  for (const a of d.assignments) {
    const list = m.get(a.lineId) ?? [];
    const same = list.find((x) => x.node === a.node);
    if (same) same.quantity += a.quantity;
    else list.push({ node: a.node, quantity: a.quantity });
    m.set(a.lineId, list);
  }
  for (const list of m.values()) list.sort((a, b) => a.node.localeCompare(b.node));
  return m;
};

const round3 = (x: number): number => Math.round(x * 1000) / 1000;

export const shadowCompare = (live: SourcingDecision, candidate: SourcingDecision): ShadowDiff => {
  if (live.orderId !== candidate.orderId) {
    throw new ValidationError('SHADOW_ORDER_MISMATCH', 'shadow comparison needs two decisions for the same order', { live: live.orderId, candidate: candidate.orderId });
  }
  const ln = nodesOf(live);
  const cn = nodesOf(candidate);
  const lp = perLine(live);
  const cp = perLine(candidate);
  const lineIds = [...new Set([...lp.keys(), ...cp.keys(), ...live.backordered.map((b) => b.lineId), ...candidate.backordered.map((b) => b.lineId)])].sort();
  const lineChanges: LineChange[] = [];
  for (const lineId of lineIds) {
    const a = lp.get(lineId) ?? [];
    const b = cp.get(lineId) ?? [];
    if (JSON.stringify(a) !== JSON.stringify(b)) lineChanges.push({ lineId, live: a, candidate: b });
  }
  const delta = subtract(fromJson(candidate.totalCost), fromJson(live.totalCost));
  const bo = (d: SourcingDecision): number => d.backordered.reduce((a, b) => a + b.qty, 0);
  const diff: Omit<ShadowDiff, 'identical'> = {
    ruleSets: { live: `${live.ruleSetId}@${live.ruleSetVersion}`, candidate: `${candidate.ruleSetId}@${candidate.ruleSetVersion}` },
    outcome: { live: live.outcome, candidate: candidate.outcome, changed: live.outcome !== candidate.outcome },
    nodes: { live: ln, candidate: cn, onlyLive: ln.filter((n) => !cn.includes(n)), onlyCandidate: cn.filter((n) => !ln.includes(n)) },
    shipments: { live: live.shipments, candidate: candidate.shipments, delta: candidate.shipments - live.shipments },
    cost: { live: live.totalCost, candidate: candidate.totalCost, delta: toJson(delta) },
    distanceKm: { live: live.totalDistanceKm, candidate: candidate.totalDistanceKm, delta: round3(candidate.totalDistanceKm - live.totalDistanceKm) },
    backorderedUnits: { live: bo(live), candidate: bo(candidate), delta: bo(candidate) - bo(live) },
    lineChanges,
  };
  const identical = !diff.outcome.changed && lineChanges.length === 0 && delta.amount.isZero() && diff.shipments.delta === 0 && diff.backorderedUnits.delta === 0;
  return { identical, ...diff };
};
