import type { Candidate } from './screening.js';
import type { Exclusion, PromiseMissPolicy, RuleSet, SortKey, SourcingRule } from './types.js';

/** Per candidate, what it could do for the demand still open: units and one-shipment cost (nano). */
export type Contribution = Readonly<{ units: number; cost: number }>;

export type RulePool = Readonly<{
  /** Candidate indices admitted by the rule, in its rank order. */
  pool: number[];
  excluded: Exclusion[];
  promisePolicy: PromiseMissPolicy;
}>;

const regionMatch = (c: Candidate, regions: readonly string[]): boolean => {
  const { country, region } = c.node.location;
  return regions.includes(country) || (region !== undefined && (regions.includes(region) || regions.includes(`${country}-${region}`)));
};

/** Why the rule's filters refuse a candidate, or null. */
const filterReason = (rule: SourcingRule, c: Candidate): string | null => {
  const f = rule.filters;
  if (!f) return null;
  if (f.nodeTypes && !f.nodeTypes.includes(c.node.type)) return `type ${c.node.type} not in ${f.nodeTypes.join('/')}`;
  if (f.maxDistanceKm !== undefined && c.distanceKm > f.maxDistanceKm) return `${c.distanceKm} km > ${f.maxDistanceKm} km`;
  if (f.capabilities && !f.capabilities.every((cap) => c.node.capabilities.includes(cap))) return `lacks ${f.capabilities.join('+')}`;
  if (f.regions && !regionMatch(c, f.regions)) return `outside ${f.regions.join('/')}`;
  if (f.excludeNodeIds?.includes(c.node.id)) return 'excluded by rule';
  if (f.minCapacityLeft !== undefined && c.capacityLeft < f.minCapacityLeft) return `capacity left ${c.capacityLeft} < ${f.minCapacityLeft}`;
  return null;
};

const sortValue = (key: SortKey, c: Candidate, x: Contribution, ruleSet: RuleSet): number => {
  switch (key) {
    case 'cost':
      return x.cost;
    case 'distance':
      return c.distanceKm;
    case 'stockDesc':
      return -x.units;
    case 'capacityLeftDesc':
      return -c.capacityLeft;
    case 'priority':
      return ruleSet.nodePriority?.[c.node.id] ?? Number.POSITIVE_INFINITY;
  }
};

/**
 * Applies a rule's filters and promise policy to the screened candidates and ranks the rest by
 * the rule's sort keys (node id breaks the last tie, so ranking is total and deterministic).
 * Candidates with nothing left to give are silently left out: they are not excluded, just idle.
 */
export const filterAndRank = (
  rule: SourcingRule,
  ruleSet: RuleSet,
  candidates: readonly Candidate[],
  contribution: (c: number) => Contribution,
): RulePool => {
  const promisePolicy = rule.onPromiseMiss ?? ruleSet.onPromiseMiss ?? 'infeasible';
  const excluded: Exclusion[] = [];
  // Admitted candidates and their sort keys, flat (K keys per admitted candidate): no per-candidate objects.
  const K = rule.sort.length;
  const admitted: number[] = [];
  const keys: number[] = [];
  candidates.forEach((cand, c) => {
    const why = filterReason(rule, cand);
    if (why !== null) {
      excluded.push({ node: cand.node.id, reason: 'FILTERED_BY_RULE', rule: rule.name, detail: why });
      return;
    }
    if (promisePolicy === 'infeasible' && cand.daysLate > 0) {
      excluded.push({ node: cand.node.id, reason: 'PROMISE_MISSED', rule: rule.name, detail: `${cand.estimatedDelivery} is ${cand.daysLate} day(s) late` });
      return;
    }
    const x = contribution(c);
    if (x.units > 0) {
      for (let k = 0; k < K; k++) keys.push(sortValue(rule.sort[k]!, cand, x, ruleSet));
      admitted.push(c);
    }
  });
  // Positions into `admitted`, sorted (stable) by the keys, then node id.
  const order = admitted.map((_, j) => j);
  order.sort((a, b) => {
    for (let i = 0; i < K; i++) if (keys[a * K + i] !== keys[b * K + i]) return keys[a * K + i]! - keys[b * K + i]!;
    const ia = candidates[admitted[a]!]!.node.id;
    const ib = candidates[admitted[b]!]!.node.id;
    return ia < ib ? -1 : ia > ib ? 1 : 0;
  });
  return { pool: order.map((j) => admitted[j]!), excluded, promisePolicy };
};
