import { Decimal } from 'decimal.js';
import { add, money, multiply, roundMoney, toJson, zero, type Money } from '../shared/money.js';
import { servable, type Part } from './problem.js';
import type { RulePool } from './ruleFilter.js';
import type { Candidate } from './screening.js';
import { memoFormat, shipmentCostDecimal, shipmentCostFast } from './shipmentCost.js';
import type {
  Assignment,
  CandidateRecord,
  Exclusion,
  ExclusionReason,
  RuleSet,
  RuleTrace,
  ShipmentRecord,
  SourcingDecision,
  SourcingInput,
  SourcingLine,
  SourcingRule,
} from './types.js';

export type Committed = Part & { rule: string };

export type RunRecord = Readonly<{
  input: SourcingInput;
  ruleSet: RuleSet;
  currency: string;
  lines: readonly (SourcingLine & { skuIndex: number })[];
  skus: readonly string[];
  demandBySku: readonly number[];
  candidates: readonly Candidate[];
  screeningExcluded: readonly Exclusion[];
  unlisted: Readonly<Partial<Record<ExclusionReason, number>>>;
  committed: readonly Committed[];
  backordered: readonly number[];
  queued: { name: string; qty: number[] } | null;
  traces: readonly RuleTrace[];
  last: { rule: SourcingRule; pool: RulePool } | null;
  /** Late penalty per day (micro) applied to each candidate's shipment, fixed by the rule that opened it. */
  lateApplied: readonly number[];
  penaltyMicro: number;
  lateMicro: number;
}>;

const countByReason = (excluded: readonly Exclusion[], unlisted: Partial<Record<ExclusionReason, number>>): Partial<Record<ExclusionReason, number>> => {
  const counts: Partial<Record<ExclusionReason, number>> = {};
  for (const e of excluded) counts[e.reason] = (counts[e.reason] ?? 0) + 1;
  for (const [reason, n] of Object.entries(unlisted) as [ExclusionReason, number][]) counts[reason] = (counts[reason] ?? 0) + n;
  return counts;
};

/** Turns the run into the stored, explained decision; money of record via decimal.js. */
export const buildDecision = (run: RunRecord): SourcingDecision => {
  const { input, ruleSet, currency, lines, candidates: cands } = run;
  const explanation: string[] = [];
  const where = input.deliveryMethod === 'delivery' ? `delivery to ${input.destination!.lat},${input.destination!.lng} ${input.destination!.country}` : `${input.deliveryMethod} at ${input.pickupNodeId}`;
  const units = lines.reduce((a, l) => a + l.quantity, 0);
  const grams = lines.reduce((a, l) => a + l.quantity * l.weightGrams, 0);
  explanation.push(`rule set ${ruleSet.id} v${ruleSet.version}; ${where}; ${lines.length} line(s), ${units} unit(s), ${grams} g`);

  // Assignments, merged per line × node × rule.
  const merged = new Map<string, Committed>();
  for (const c of run.committed) {
    const k = `${c.lineIdx}|${c.cand}|${c.rule}`;
    const prev = merged.get(k);
    merged.set(k, prev ? { ...prev, qty: prev.qty + c.qty } : c);
  }
  const ordered = [...merged.values()].sort((a, b) => a.lineIdx - b.lineIdx || cands[a.cand]!.node.id.localeCompare(cands[b.cand]!.node.id));
  const assignments: Assignment[] = ordered.map((c) => ({ lineId: lines[c.lineIdx]!.lineId, sku: lines[c.lineIdx]!.sku, node: cands[c.cand]!.node.id, quantity: c.qty, rule: c.rule }));

  // Shipments: one per node used.
  const byCand = new Map<number, Committed[]>();
  for (const c of ordered) byCand.set(c.cand, [...(byCand.get(c.cand) ?? []), c]);
  const shipmentDetails: ShipmentRecord[] = [];
  let total: Money = zero(currency);
  for (const [c, parts] of [...byCand].sort((a, b) => cands[a[0]]!.node.id.localeCompare(cands[b[0]]!.node.id))) {
    const cand = cands[c]!;
    const weightGrams = parts.reduce((a, p) => a + p.qty * lines[p.lineIdx]!.weightGrams, 0);
    const cost = shipmentCostDecimal(cand, weightGrams, run.lateApplied[c]!, currency);
    total = add(total, cost.total);
    shipmentDetails.push({ node: cand.node.id, lines: parts.map((p) => ({ lineId: lines[p.lineIdx]!.lineId, quantity: p.qty })), weightGrams, distanceKm: cand.distanceKm, cost: cost.breakdown });
  }
  const shipments = shipmentDetails.length;
  const penaltyEach = roundMoney(money(new Decimal(run.penaltyMicro).dividedBy(1_000_000), currency));
  const splitPenalty = multiply(penaltyEach, Math.max(0, shipments - 1));
  total = add(total, splitPenalty);

  const backordered = lines.flatMap((l, i) => (run.backordered[i]! > 0 ? [{ lineId: l.lineId, sku: l.sku, qty: run.backordered[i]! }] : []));
  const queued = run.queued ? lines.flatMap((l, i) => (run.queued!.qty[i]! > 0 ? [{ lineId: l.lineId, sku: l.sku, qty: run.queued!.qty[i]! }] : [])) : [];

  // Candidates, ranked by the deciding rule.
  // 1-based rank per candidate index (0 = not admitted by the deciding rule).
  const rank = new Array<number>(cands.length).fill(0);
  (run.last?.pool.pool ?? []).forEach((c, i) => (rank[c] = i + 1));
  const quantities = lines.map((l) => l.quantity);
  const ruleLate = run.last?.pool.promisePolicy === 'penalise' ? run.lateMicro : 0;
  const scratch = new Array<number>(run.skus.length);
  const format = memoFormat(currency);
  const candidates: CandidateRecord[] = cands.map((cand, c) => {
    const { units: can, grams: canGrams } = servable(cand.stock, lines, quantities, scratch);
    let servesAll = true;
    for (let s = 0; s < cand.stock.length; s++) if (!(cand.stock[s]! >= run.demandBySku[s]!)) { servesAll = false; break; }
    return {
      node: cand.node.id,
      nodeType: cand.node.type,
      distanceKm: cand.distanceKm,
      unitsAvailable: can,
      servesAll,
      feasible: rank[c]! > 0,
      cost: shipmentCostFast(cand, canGrams, ruleLate, currency, format),
      ...(cand.estimatedDelivery ? { estimatedDelivery: cand.estimatedDelivery, daysLate: cand.daysLate } : {}),
      score: rank[c]! > 0 ? rank[c]! : null,
    };
  });
  const excluded: Exclusion[] = [...run.screeningExcluded, ...(run.last?.pool.excluded ?? [])];
  const excludedCounts = countByReason(excluded, run.unlisted);

  const full = (input.explain ?? 'full') === 'full';
  // Ranked candidates in rank order (ranks are distinct), then — full mode only — the unranked
  // by distance (stable): the order of sorting all by (rank ?? ∞, distance), without the sort.
  const listed = (run.last?.pool.pool ?? []).map((c) => candidates[c]!);
  if (full) listed.push(...candidates.filter((c) => c.score === null).sort((a, b) => a.distanceKm - b.distanceKm));
  for (const c of listed) {
    explanation.push(
      `candidate ${c.node} (${c.nodeType}, ${c.distanceKm} km): ${c.unitsAvailable}/${units} unit(s)${c.servesAll ? ', serves all' : ''}; one shipment ${c.cost.total} ${currency}` +
        `${c.estimatedDelivery ? `; delivers ${c.estimatedDelivery}${c.daysLate ? ` (${c.daysLate} d late)` : ''}` : ''}; rank ${c.score ?? '—'}`,
    );
  }
  if (full) for (const e of excluded) explanation.push(`excluded ${e.node}: ${e.reason}${e.rule ? ` by rule ${e.rule}` : ''}${e.detail ? ` (${e.detail})` : ''}`);
  else {
    const n = Object.values(excludedCounts).reduce((a, b) => a + b, 0);
    if (n > 0) explanation.push(`excluded ${n} node(s): ${Object.entries(excludedCounts).map(([r, k]) => `${r} ${k}`).join(', ')}`);
    for (const e of excluded) explanation.push(`excluded ${e.node}: ${e.reason}${e.rule ? ` by rule ${e.rule}` : ''}${e.detail ? ` (${e.detail})` : ''}`);
  }
  for (const t of run.traces) {
    explanation.push(`rule ${t.rule}: ${t.candidates} node(s) admitted, search ${t.search}${t.searchNodes ? ` (${t.searchNodes} nodes)` : ''}, ${t.allocatedUnits} unit(s) allocated, shortfall ${t.shortfallUnits} → ${t.action}`);
  }
  for (const a of assignments) explanation.push(`${a.lineId} (${a.sku}) ×${a.quantity} → ${a.node} [${a.rule}]`);
  for (const b of backordered) explanation.push(`${b.lineId} (${b.sku}) ×${b.qty} backordered`);
  if (run.queued) explanation.push(`order queued in ${run.queued.name}`);
  explanation.push(`${shipments} shipment(s); split penalty ${toJson(splitPenalty).amount}; total ${toJson(total).amount} ${currency}`);

  const outcome = run.queued ? 'queued' : backordered.length === 0 ? 'sourced' : assignments.length === 0 ? 'backordered' : 'partial';
  const lastTrace = run.traces[run.traces.length - 1];
  return {
    ...(input.orderId !== undefined ? { orderId: input.orderId } : {}),
    ruleSetId: ruleSet.id,
    ruleSetVersion: ruleSet.version,
    ruleApplied: lastTrace?.rule ?? null,
    rulesTried: run.traces,
    outcome,
    ...(run.queued ? { queue: run.queued.name } : {}),
    assignments,
    backordered,
    queued,
    shipments,
    shipmentDetails,
    splitPenalty: toJson(splitPenalty),
    totalCost: toJson(total),
    totalDistanceKm: Math.round(shipmentDetails.reduce((a, s) => a + s.distanceKm, 0) * 1000) / 1000,
    candidates,
    excluded,
    excludedCounts,
    explanation,
  };
};
