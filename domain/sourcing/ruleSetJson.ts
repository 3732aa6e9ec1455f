import { ValidationError } from '../shared/errors.js';
import { validateRuleSet } from './ruleSet.js';
import type { RuleFilters, RuleSet, SourcingRule } from './types.js';

/**
 * A rule set arriving as JSON text (a file given to `oms simulate --rules`): every field is
 * checked for its type and named by its path before the engine's own `validateRuleSet`, so an
 * operator sees "rules[1].sort must be an array of strings" rather than a crash deep in sourcing.
 */
type Json = Record<string, unknown>;

const fail = (path: string, message: string): never => {
  throw new ValidationError('INVALID_RULE_SET', `${path}: ${message}`, { field: path });
};

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const known = (obj: Json, path: string, fields: readonly string[]): void => {
  for (const k of Object.keys(obj)) if (!fields.includes(k)) fail(path ? `${path}.${k}` : k, 'unknown field');
};

const stringArray = (v: unknown, path: string): string[] => {
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) fail(path, 'must be an array of strings');
  return v as string[];
};

const number = (v: unknown, path: string): number => {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'must be a number');
  return v as number;
};

const string = (v: unknown, path: string): string => {
  if (typeof v !== 'string' || v.length === 0) fail(path, 'must be a non-empty string');
  return v as string;
};

const FILTER_FIELDS = ['nodeTypes', 'maxDistanceKm', 'capabilities', 'regions', 'excludeNodeIds', 'minCapacityLeft'] as const;

const filtersOf = (v: unknown, path: string): RuleFilters => {
  if (!isObject(v)) return fail(path, 'must be an object');
  known(v, path, FILTER_FIELDS);
  const out: Record<string, unknown> = {};
  for (const k of ['nodeTypes', 'capabilities', 'regions', 'excludeNodeIds'] as const) if (v[k] !== undefined) out[k] = stringArray(v[k], `${path}.${k}`);
  for (const k of ['maxDistanceKm', 'minCapacityLeft'] as const) if (v[k] !== undefined) out[k] = number(v[k], `${path}.${k}`);
  return out as RuleFilters;
};

const RULE_FIELDS = ['name', 'filters', 'sort', 'splitPolicy', 'onShortfall', 'onPromiseMiss', 'queue'] as const;

const ruleOf = (v: unknown, path: string): SourcingRule => {
  if (!isObject(v)) return fail(path, 'must be an object');
  known(v, path, RULE_FIELDS);
  return {
    name: string(v.name, `${path}.name`),
    sort: stringArray(v.sort, `${path}.sort`) as SourcingRule['sort'],
    splitPolicy: string(v.splitPolicy, `${path}.splitPolicy`) as SourcingRule['splitPolicy'],
    onShortfall: string(v.onShortfall, `${path}.onShortfall`) as SourcingRule['onShortfall'],
    ...(v.filters !== undefined ? { filters: filtersOf(v.filters, `${path}.filters`) } : {}),
    ...(v.onPromiseMiss !== undefined ? { onPromiseMiss: promiseMiss(v.onPromiseMiss, `${path}.onPromiseMiss`) } : {}),
    ...(v.queue !== undefined ? { queue: string(v.queue, `${path}.queue`) } : {}),
  };
};

const promiseMiss = (v: unknown, path: string): 'infeasible' | 'penalise' => {
  if (v !== 'infeasible' && v !== 'penalise') fail(path, 'must be "infeasible" or "penalise"');
  return v as 'infeasible' | 'penalise';
};

const SET_FIELDS = ['id', 'version', 'rules', 'nodePriority', 'onPromiseMiss', 'latePenaltyPerDay', 'description'] as const;

/** Parses and validates a rule set from JSON text; throws ValidationError INVALID_RULE_SET naming the field. */
export const parseRuleSetJson = (text: string): RuleSet => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return fail('(file)', `not valid JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!isObject(raw)) return fail('(file)', 'must hold a JSON object { id, version, rules: [...] }');
  known(raw, '', SET_FIELDS);
  if (!Array.isArray(raw.rules)) fail('rules', 'must be an array of rules');
  const version = number(raw.version, 'version');
  let nodePriority: Record<string, number> | undefined;
  if (raw.nodePriority !== undefined) {
    if (!isObject(raw.nodePriority)) fail('nodePriority', 'must be an object of node id → number');
    nodePriority = {};
    for (const [node, p] of Object.entries(raw.nodePriority as Json)) nodePriority[node] = number(p, `nodePriority.${node}`);
  }
  if (raw.latePenaltyPerDay !== undefined && (typeof raw.latePenaltyPerDay !== 'string' || !/^\d+(\.\d{1,6})?$/.test(raw.latePenaltyPerDay))) {
    fail('latePenaltyPerDay', 'must be a decimal string, e.g. "5.00"');
  }
  const ruleSet: RuleSet = {
    id: string(raw.id, 'id'),
    version,
    rules: (raw.rules as unknown[]).map((r, i) => ruleOf(r, `rules[${i}]`)),
    ...(nodePriority ? { nodePriority } : {}),
    ...(raw.onPromiseMiss !== undefined ? { onPromiseMiss: promiseMiss(raw.onPromiseMiss, 'onPromiseMiss') } : {}),
    ...(raw.latePenaltyPerDay !== undefined ? { latePenaltyPerDay: raw.latePenaltyPerDay as string } : {}),
  };
  return validateRuleSet(ruleSet);
};
