import { ValidationError } from '../shared/errors.js';
import { isIsoCountry } from '../network/geo.js';
import { isChannel, isDistinct, isKey, isLabel, isNonNegativeInteger } from '../network/identifier.js';
import { NODE_CAPABILITIES, NODE_TYPES } from '../network/node.js';
import { MAX_STOCK_LEVEL } from '../inventory/quantity.js';
import type { AtsViewDefinition, ChannelProtection, DisplayThreshold, NodeSelector, SafetyStockPolicy, SupplyRules } from './events.js';

/** Supply horizons beyond a year are planning, not availability. */
export const MAX_HORIZON_DAYS = 365;

const invalid = (field: string, reason: string, value?: unknown): ValidationError =>
  new ValidationError('INVALID_ATS_VIEW', `ATS view ${field} ${reason}`, value === undefined ? { field, reason } : { field, reason, value });

const check = (ok: boolean, field: string, reason: string, value?: unknown): void => {
  if (!ok) throw invalid(field, reason, value);
};

const list = <T>(value: readonly T[] | undefined, field: string, valid: (v: unknown) => boolean, what: string): T[] | undefined => {
  if (value === undefined) return undefined;
  check(Array.isArray(value), field, 'must be a list');
  value.forEach((v, i) => check(valid(v), `${field}[${i}]`, `must be ${what}`, v));
  check(isDistinct(value), field, 'must not repeat a value');
  // Sorted so the same selection written in another order is recognised as unchanged.
  return [...value].sort();
};

const oneOf = (allowed: readonly string[]) => (v: unknown) => typeof v === 'string' && allowed.includes(v);

export const validateSelector = (s: NodeSelector | undefined, field: string): NodeSelector => {
  if (s === undefined) return {};
  check(typeof s === 'object' && s !== null && !Array.isArray(s), field, 'must be an object');
  const known = ['nodeIds', 'nodeTypes', 'regions', 'countries', 'capabilities', 'excludeNodeIds'];
  const extra = Object.keys(s).find((k) => !known.includes(k));
  check(extra === undefined, `${field}.${extra}`, 'is not a selector field');
  const entries = {
    nodeIds: list(s.nodeIds, `${field}.nodeIds`, isKey, 'a node id'),
    nodeTypes: list(s.nodeTypes, `${field}.nodeTypes`, oneOf(NODE_TYPES), `one of ${NODE_TYPES.join(', ')}`),
    regions: list(s.regions, `${field}.regions`, (v) => isLabel(v, 100), 'a region name'),
    countries: list(s.countries, `${field}.countries`, isIsoCountry, 'an ISO 3166-1 alpha-2 code'),
    capabilities: list(s.capabilities, `${field}.capabilities`, oneOf(NODE_CAPABILITIES), `one of ${NODE_CAPABILITIES.join(', ')}`),
    excludeNodeIds: list(s.excludeNodeIds, `${field}.excludeNodeIds`, isKey, 'a node id'),
  };
  // Empty lists do not filter: drop them so "absent" and "empty" are one canonical form.
  return Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined && v.length > 0)) as NodeSelector;
};

const horizon = (value: unknown, field: string): number | null => {
  if (value === null) return null;
  check(isNonNegativeInteger(value, MAX_HORIZON_DAYS), field, `must be null (not counted) or whole days 0 … ${MAX_HORIZON_DAYS}`, value);
  return value as number;
};

const validateSupply = (s: SupplyRules): SupplyRules => {
  check(typeof s.onHand === 'boolean', 'supply.onHand', 'must be true or false', s.onHand);
  return {
    onHand: s.onHand,
    inTransitWithinDays: horizon(s.inTransitWithinDays, 'supply.inTransitWithinDays'),
    onOrderWithinDays: horizon(s.onOrderWithinDays, 'supply.onOrderWithinDays'),
  };
};

const validateSafety = (s: SafetyStockPolicy): SafetyStockPolicy => {
  check(typeof s.useNodeSafetyStock === 'boolean', 'safetyStock.useNodeSafetyStock', 'must be true or false', s.useNodeSafetyStock);
  check(isNonNegativeInteger(s.extraPerNode, MAX_STOCK_LEVEL), 'safetyStock.extraPerNode', 'must be a whole number of units ≥ 0', s.extraPerNode);
  return { useNodeSafetyStock: s.useNodeSafetyStock, extraPerNode: s.extraPerNode };
};

const isPercent = (v: unknown): v is number =>
  typeof v === 'number' && Number.isFinite(v) && v > 0 && v <= 100 && Math.abs(Math.round(v * 100) - v * 100) < 1e-9;

const validateProtection = (rules: readonly ChannelProtection[], field: string): ChannelProtection[] => {
  check(Array.isArray(rules), field, 'must be a list');
  return rules.map((r, i) => {
    const f = `${field}[${i}]`;
    check(typeof r === 'object' && r !== null, f, 'must be an object');
    check(isChannel(r.channel), `${f}.channel`, 'must be a channel slug', r.channel);
    check((r.percent === undefined) !== (r.units === undefined), f, 'must set exactly one of percent or units');
    if (r.percent !== undefined) check(isPercent(r.percent), `${f}.percent`, 'must be a percentage 0 < p ≤ 100 with at most two decimals', r.percent);
    if (r.units !== undefined) check(isNonNegativeInteger(r.units, MAX_STOCK_LEVEL) && r.units > 0, `${f}.units`, 'must be a whole number of units ≥ 1', r.units);
    const nodes = r.nodes === undefined ? undefined : validateSelector(r.nodes, `${f}.nodes`);
    return {
      channel: r.channel,
      ...(r.percent !== undefined ? { percent: r.percent } : { units: r.units }),
      ...(nodes !== undefined && Object.keys(nodes).length > 0 ? { nodes } : {}),
    };
  });
};

const validateThreshold = (t: DisplayThreshold): DisplayThreshold => {
  check(isNonNegativeInteger(t.minimum, MAX_STOCK_LEVEL), 'threshold.minimum', 'must be a whole number of units ≥ 0', t.minimum);
  check(t.cap === null || isNonNegativeInteger(t.cap, MAX_STOCK_LEVEL), 'threshold.cap', 'must be null or a whole number of units ≥ 0', t.cap);
  return { minimum: t.minimum, cap: t.cap };
};

/** Validates and normalises a complete view; throws `INVALID_ATS_VIEW` naming the field. */
export const validateViewDefinition = (d: AtsViewDefinition): AtsViewDefinition => {
  check(isKey(d.name), 'name', 'must be 1–64 characters of [A-Za-z0-9._:@-] starting with a letter or digit', d.name);
  if (d.description !== undefined) check(isLabel(d.description, 500), 'description', 'must be trimmed text of at most 500 characters', d.description);
  const channels = list(d.channels, 'channels', isChannel, 'a channel slug');
  check(channels !== undefined && channels.length > 0, 'channels', 'must name at least one channel');
  check(typeof d.supply === 'object' && d.supply !== null, 'supply', 'is required');
  check(typeof d.safetyStock === 'object' && d.safetyStock !== null, 'safetyStock', 'is required');
  check(typeof d.threshold === 'object' && d.threshold !== null, 'threshold', 'is required');
  check(typeof d.respectNodeStatus === 'boolean', 'respectNodeStatus', 'must be true or false', d.respectNodeStatus);
  check(typeof d.respectBlockedChannels === 'boolean', 'respectBlockedChannels', 'must be true or false', d.respectBlockedChannels);
  return {
    name: d.name,
    ...(d.description !== undefined ? { description: d.description } : {}),
    channels: channels as string[],
    nodes: validateSelector(d.nodes, 'nodes'),
    supply: validateSupply(d.supply),
    safetyStock: validateSafety(d.safetyStock),
    channelProtection: validateProtection(d.channelProtection, 'channelProtection'),
    threshold: validateThreshold(d.threshold),
    respectNodeStatus: d.respectNodeStatus,
    respectBlockedChannels: d.respectBlockedChannels,
  };
};
