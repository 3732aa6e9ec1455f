import { ValidationError } from '../shared/errors.js';
import type { RuleSet, ShortfallAction, SortKey, SplitPolicy } from './types.js';

const SORT_KEYS: readonly SortKey[] = ['cost', 'distance', 'stockDesc', 'capacityLeftDesc', 'priority'];
const SPLIT_POLICIES: readonly SplitPolicy[] = ['none', 'allowed', 'minimize'];
const ACTIONS: readonly ShortfallAction[] = ['allocatePartial', 'nextRule', 'backorder', 'queue'];

/**
 * Rule sets are data (they are stored as events and versioned), so they are validated like input:
 * a decision must never be stamped with a rule set the engine only half understood.
 */
export const validateRuleSet = (ruleSet: RuleSet): RuleSet => {
  const fail = (message: string, details: Record<string, unknown> = {}): never => {
    throw new ValidationError('INVALID_RULE_SET', message, { ruleSetId: ruleSet.id, ...details });
  };
  if (!ruleSet.id) fail('rule set needs an id');
  if (!Number.isSafeInteger(ruleSet.version) || ruleSet.version < 1) fail('rule set version must be a positive integer');
  if (ruleSet.rules.length === 0) fail('rule set needs at least one rule');
  const names = new Set<string>();
  for (const rule of ruleSet.rules) {
    if (!rule.name || names.has(rule.name)) fail(`rule names must be unique and non-empty: "${rule.name}"`);
    names.add(rule.name);
    if (rule.sort.length === 0 || rule.sort.some((k) => !SORT_KEYS.includes(k))) fail(`rule ${rule.name}: sort keys must be among ${SORT_KEYS.join(', ')}`);
    if (!SPLIT_POLICIES.includes(rule.splitPolicy)) fail(`rule ${rule.name}: unknown split policy ${rule.splitPolicy}`);
    if (!ACTIONS.includes(rule.onShortfall)) fail(`rule ${rule.name}: unknown shortfall action ${rule.onShortfall}`);
    const f = rule.filters;
    if (f?.maxDistanceKm !== undefined && !(f.maxDistanceKm >= 0)) fail(`rule ${rule.name}: maxDistanceKm must be ≥ 0`);
    if (f?.minCapacityLeft !== undefined && !(f.minCapacityLeft >= 0)) fail(`rule ${rule.name}: minCapacityLeft must be ≥ 0`);
  }
  return ruleSet;
};

/** A sensible default: cheapest plan from any eligible node, splits allowed, shortfall backordered. */
export const DEFAULT_RULE_SET: RuleSet = {
  id: 'default',
  version: 1,
  rules: [{ name: 'cost-optimal', sort: ['cost', 'distance'], splitPolicy: 'allowed', onShortfall: 'backorder' }],
};
