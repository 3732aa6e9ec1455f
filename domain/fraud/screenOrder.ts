import { Decimal } from 'decimal.js';
import { ValidationError } from '../shared/errors.js';
import type { MoneyJson } from '../shared/money.js';
import type { FraudRule, FraudRuleSet } from './rules.js';

/** What screening looks at; the application gathers it (recent orders from its own read model). */
export type FraudInput = Readonly<{
  orderId: string;
  customerId: string;
  total: MoneyJson;
  placedAt: string;
  destinationCountry?: string;
  /** Country of the billing address or of the card's issuer, when known. */
  billingCountry?: string;
  /** The customer's orders known so far (may include this one; duplicates by orderId are ignored). */
  recentOrders: readonly Readonly<{ orderId: string; placedAt: string }>[];
}>;

export type FraudHit = Readonly<{ rule: string; kind: FraudRule['kind']; score: number; reason: string }>;

export type FraudVerdict = Readonly<{
  decision: 'hold' | 'pass';
  score: number;
  /** One reason per rule that fired, in rule-set order: shown to the reviewer. */
  reasons: readonly string[];
  hits: readonly FraudHit[];
  ruleSetId: string;
  ruleSetVersion: number;
}>;

const HOUR_MS = 3_600_000;

const instant = (iso: string, field: string): number => {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new ValidationError('INVALID_INSTANT', `${field} is not an ISO-8601 instant`, { field, value: iso });
  return ms;
};

/** Orders of the customer inside [placedAt − window, placedAt], this one counted once. */
const ordersInWindow = (input: FraudInput, windowHours: number): number => {
  const end = instant(input.placedAt, 'placedAt');
  const start = end - windowHours * HOUR_MS;
  const ids = new Set<string>([input.orderId]);
  for (const o of input.recentOrders) {
    const at = instant(o.placedAt, 'recentOrders.placedAt');
    if (at >= start && at <= end) ids.add(o.orderId);
  }
  return ids.size;
};

const evaluate = (rule: FraudRule, input: FraudInput): string | null => {
  switch (rule.kind) {
    case 'orderValueAbove': {
      const threshold = rule.thresholds[input.total.currency];
      if (threshold === undefined) return null;
      return new Decimal(input.total.amount).greaterThan(threshold)
        ? `order total ${input.total.amount} ${input.total.currency} is above ${threshold}`
        : null;
    }
    case 'velocity': {
      const n = ordersInWindow(input, rule.windowHours);
      return n > rule.maxOrders ? `${n} orders by ${input.customerId} within ${rule.windowHours} h (limit ${rule.maxOrders})` : null;
    }
    case 'countryMismatch':
      if (input.billingCountry === undefined || input.destinationCountry === undefined) return null;
      return input.billingCountry.toUpperCase() !== input.destinationCountry.toUpperCase()
        ? `billing country ${input.billingCountry} differs from shipping country ${input.destinationCountry}`
        : null;
    case 'highRiskDestination':
      if (input.destinationCountry === undefined) return null;
      return rule.countries.includes(input.destinationCountry.toUpperCase()) ? `destination ${input.destinationCountry} is high-risk` : null;
  }
};

export const validateFraudRules = (ruleSet: FraudRuleSet): FraudRuleSet => {
  const names = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (names.has(rule.name)) throw new ValidationError('INVALID_FRAUD_RULES', `duplicate rule name ${rule.name}`, { rule: rule.name });
    names.add(rule.name);
    if (!Number.isFinite(rule.score) || rule.score < 0) throw new ValidationError('INVALID_FRAUD_RULES', `rule ${rule.name}: score must be ≥ 0`, { rule: rule.name });
    if (rule.kind === 'velocity' && (!Number.isInteger(rule.maxOrders) || rule.maxOrders < 1 || !(rule.windowHours > 0))) {
      throw new ValidationError('INVALID_FRAUD_RULES', `rule ${rule.name}: maxOrders ≥ 1 and windowHours > 0`, { rule: rule.name });
    }
    if (rule.kind === 'orderValueAbove') {
      for (const [currency, amount] of Object.entries(rule.thresholds)) {
        if (!/^\d+(\.\d+)?$/.test(amount)) throw new ValidationError('INVALID_FRAUD_RULES', `rule ${rule.name}: ${currency} threshold is not a decimal`, { rule: rule.name });
      }
    }
  }
  if (!Number.isFinite(ruleSet.holdThreshold) || ruleSet.holdThreshold <= 0) {
    throw new ValidationError('INVALID_FRAUD_RULES', 'holdThreshold must be > 0', { holdThreshold: ruleSet.holdThreshold });
  }
  return ruleSet;
};

/** Pure screening: same input and rules, same verdict (the application records it, so replays never re-screen). */
export const screenOrder = (input: FraudInput, ruleSet: FraudRuleSet): FraudVerdict => {
  validateFraudRules(ruleSet);
  const hits: FraudHit[] = [];
  for (const rule of ruleSet.rules) {
    const reason = evaluate(rule, input);
    if (reason !== null) hits.push({ rule: rule.name, kind: rule.kind, score: rule.score, reason });
  }
  const score = hits.reduce((n, h) => n + h.score, 0);
  return {
    decision: score >= ruleSet.holdThreshold ? 'hold' : 'pass',
    score,
    reasons: hits.map((h) => `${h.rule}: ${h.reason}`),
    hits,
    ruleSetId: ruleSet.id,
    ruleSetVersion: ruleSet.version,
  };
};
