import { add, fromJson, money, subtract, toJson, zero, type Money, type MoneyJson } from '../shared/money.js';
import type { SourcingDecision } from './types.js';

/**
 * The maths of `oms simulate`: one row per replayed order (the recorded plan beside the plan the
 * candidate rule set would have made) and the aggregate an operator reads before promoting a rule
 * set. Conventions match `oms report promise-accuracy` so the figures compare:
 * - promised lead = (start of the promised UTC day − placement instant) in days;
 * - on time = delivered on or before the promised UTC calendar day.
 * On-time for the candidate assumes the parcel would have arrived when the recorded one did: the
 * ledger holds one delivery per order, not what another node's carrier would have done. So it
 * measures whether the candidate's *promise* would have been kept by the delivery that happened.
 */
export type PlanFigures = Readonly<{
  ruleSet: string;
  outcome: SourcingDecision['outcome'];
  nodes: readonly string[];
  shipments: number;
  distanceKm: number;
  cost: MoneyJson;
  backorderedUnits: number;
  /** YYYY-MM-DD; null when no promise could be dated for this plan. */
  promisedBy: string | null;
}>;

export type OrderComparison = Readonly<{
  orderId: string;
  placedAt: string;
  recorded: PlanFigures;
  candidate: PlanFigures;
  /** Instant the last unit was delivered (all units delivered); absent otherwise. */
  deliveredAt?: string;
}>;

export type SideSummary = Readonly<{
  /** Orders shipped in more than one shipment / orders. */
  splitRate: number;
  meanShipments: number;
  meanDistanceKm: number;
  /** Per currency of the rate card the costs were computed in. */
  cost: readonly Readonly<{ currency: string; total: string; mean: string }>[];
  backorderedUnits: number;
  promised: number;
  meanPromisedLeadDays: number | null;
  /** Over delivered orders with a promise on this side. */
  scored: number;
  onTimeRate: number | null;
}>;

export type SimulationSummary = Readonly<{
  orders: number;
  /** Orders whose candidate plan uses other nodes or another outcome. */
  changedOrders: number;
  delivered: number;
  recorded: SideSummary;
  candidate: SideSummary;
  /** candidate − recorded. */
  delta: Readonly<{
    splitRate: number;
    meanDistanceKm: number;
    cost: readonly Readonly<{ currency: string; total: string; mean: string }>[];
    meanPromisedLeadDays: number | null;
    onTimeRate: number | null;
  }>;
}>;

const DAY_MS = 86_400_000;

export const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

/** Days from the placement instant to the start of the promised UTC day (fractional, as promise-accuracy). */
export const promisedLeadDays = (placedAt: string, promisedBy: string): number =>
  (Date.parse(`${promisedBy}T00:00:00.000Z`) - Date.parse(placedAt)) / DAY_MS;

/** Delivered on or before the promised UTC calendar day. */
export const deliveredOnTime = (deliveredAt: string, promisedBy: string): boolean =>
  Date.parse(deliveredAt) < Date.parse(`${promisedBy}T00:00:00.000Z`) + DAY_MS;

export const planFigures = (decision: SourcingDecision, promisedBy: string | null): PlanFigures => ({
  ruleSet: `${decision.ruleSetId}@${decision.ruleSetVersion}`,
  outcome: decision.outcome,
  nodes: [...new Set(decision.assignments.map((a) => a.node))].sort(),
  shipments: decision.shipments,
  distanceKm: decision.totalDistanceKm,
  cost: decision.totalCost,
  backorderedUnits: decision.backordered.reduce((n, b) => n + b.qty, 0),
  promisedBy,
});

export const planChanged = (c: OrderComparison): boolean =>
  c.recorded.outcome !== c.candidate.outcome || c.recorded.nodes.join() !== c.candidate.nodes.join();

const mean = (xs: readonly number[]): number | null => (xs.length === 0 ? null : xs.reduce((a, x) => a + x, 0) / xs.length);

const costs = (rows: readonly OrderComparison[], side: 'recorded' | 'candidate'): Map<string, { total: Money; n: number }> => {
  const by = new Map<string, { total: Money; n: number }>();
  for (const r of rows) {
    const c = fromJson(r[side].cost);
    const entry = by.get(c.currency) ?? { total: zero(c.currency), n: 0 };
    by.set(c.currency, { total: add(entry.total, c), n: entry.n + 1 });
  }
  return by;
};

const costRows = (by: Map<string, { total: Money; n: number }>) =>
  [...by].sort(([a], [b]) => (a < b ? -1 : 1)).map(([currency, { total, n }]) => ({
    currency,
    total: toJson(total).amount,
    mean: toJson(money(total.amount.dividedBy(n), currency)).amount,
  }));

const side = (rows: readonly OrderComparison[], s: 'recorded' | 'candidate'): SideSummary => {
  const n = rows.length;
  const lead = rows.flatMap((r) => (r[s].promisedBy ? [promisedLeadDays(r.placedAt, r[s].promisedBy!)] : []));
  const scored = rows.filter((r) => r.deliveredAt && r[s].promisedBy);
  const onTime = scored.filter((r) => deliveredOnTime(r.deliveredAt!, r[s].promisedBy!)).length;
  const meanLead = mean(lead);
  return {
    splitRate: n === 0 ? 0 : round(rows.filter((r) => r[s].shipments > 1).length / n),
    meanShipments: n === 0 ? 0 : round(rows.reduce((a, r) => a + r[s].shipments, 0) / n),
    meanDistanceKm: n === 0 ? 0 : round(rows.reduce((a, r) => a + r[s].distanceKm, 0) / n, 3),
    cost: costRows(costs(rows, s)),
    backorderedUnits: rows.reduce((a, r) => a + r[s].backorderedUnits, 0),
    promised: lead.length,
    meanPromisedLeadDays: meanLead === null ? null : round(meanLead, 2),
    scored: scored.length,
    onTimeRate: scored.length === 0 ? null : round(onTime / scored.length),
  };
};

const diff = (a: number | null, b: number | null, digits: number): number | null => (a === null || b === null ? null : round(b - a, digits));

/** Aggregates the per-order comparisons (pure: the same rows always give the same summary). */
export const summarizeSimulation = (rows: readonly OrderComparison[]): SimulationSummary => {
  const recorded = side(rows, 'recorded');
  const candidate = side(rows, 'candidate');
  const rc = costs(rows, 'recorded');
  const cc = costs(rows, 'candidate');
  const currencies = [...new Set([...rc.keys(), ...cc.keys()])].sort();
  const costDelta = currencies.map((currency) => {
    const r = rc.get(currency) ?? { total: zero(currency), n: 0 };
    const c = cc.get(currency) ?? { total: zero(currency), n: 0 };
    const meanOf = (x: { total: Money; n: number }) => (x.n === 0 ? zero(currency) : money(x.total.amount.dividedBy(x.n), currency));
    return { currency, total: toJson(subtract(c.total, r.total)).amount, mean: toJson(subtract(meanOf(c), meanOf(r))).amount };
  });
  return {
    orders: rows.length,
    changedOrders: rows.filter(planChanged).length,
    delivered: rows.filter((r) => r.deliveredAt).length,
    recorded,
    candidate,
    delta: {
      splitRate: round(candidate.splitRate - recorded.splitRate),
      meanDistanceKm: round(candidate.meanDistanceKm - recorded.meanDistanceKm, 3),
      cost: costDelta,
      meanPromisedLeadDays: diff(recorded.meanPromisedLeadDays, candidate.meanPromisedLeadDays, 2),
      onTimeRate: diff(recorded.onTimeRate, candidate.onTimeRate, 4),
    },
  };
};
