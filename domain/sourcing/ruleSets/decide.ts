import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { validateRuleSet } from '../ruleSet.js';
import type { RuleSet } from '../types.js';
import type { RuleSetCommand } from './commands.js';
import type { RuleSetEvent } from './events.js';
import { ruleSetOf, type RuleSetRegistry } from './state.js';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Shape check before `validateRuleSet`, which trusts the types: a rule set arrives as JSON, and
 * a malformed one must be a 422 with a stable code, never a TypeError.
 */
const parseRuleSet = (raw: unknown): RuleSet => {
  const bad = (message: string): never => {
    throw new ValidationError('INVALID_RULE_SET', message);
  };
  if (!isObject(raw)) return bad('ruleSet must be an object');
  if (typeof raw.id !== 'string') bad('ruleSet.id must be a string');
  if (!Array.isArray(raw.rules)) bad('ruleSet.rules must be an array');
  for (const rule of raw.rules as unknown[]) {
    if (!isObject(rule)) bad('every rule must be an object');
    const r = rule as Record<string, unknown>;
    if (typeof r.name !== 'string') bad('every rule needs a name');
    if (!Array.isArray(r.sort)) bad(`rule ${String(r.name)}: sort must be an array`);
    if (r.filters !== undefined && !isObject(r.filters)) bad(`rule ${String(r.name)}: filters must be an object`);
  }
  if (raw.nodePriority !== undefined) {
    if (!isObject(raw.nodePriority) || Object.values(raw.nodePriority).some((p) => typeof p !== 'number' || !Number.isFinite(p))) bad('ruleSet.nodePriority must map node ids to numbers');
  }
  // A plain JSON copy: the event must not carry class instances (DTOs) or shared references.
  return validateRuleSet(JSON.parse(JSON.stringify(raw)) as RuleSet);
};

const known = (state: RuleSetRegistry, version: number): RuleSet => {
  const found = ruleSetOf(state, version);
  if (!found) throw new NotFoundError('RULE_SET_VERSION_UNKNOWN', `no rule set version ${version} was published`, { version });
  return found;
};

const canonical = (value: unknown): string => JSON.stringify(value, (_k, v: unknown) => (isObject(v) ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => a.localeCompare(b))) : v));

/**
 * Refuses what would make the registry lie: promoting or shadowing a version never published,
 * republishing a version with other rules, promoting without the shadow evidence, rolling back
 * to something that was never live. Repeating a command whose effect already holds decides nothing.
 */
export const decideRuleSets = (command: RuleSetCommand, state: RuleSetRegistry): RuleSetEvent[] => {
  switch (command.type) {
    case 'PublishRuleSet': {
      const ruleSet = parseRuleSet(command.data.ruleSet);
      const existing = ruleSetOf(state, ruleSet.version);
      if (existing) {
        if (canonical(existing) === canonical(ruleSet)) return [];
        throw new ConflictError('RULE_SET_VERSION_EXISTS', `rule set version ${ruleSet.version} is already published with other rules; publish a new version`, { version: ruleSet.version });
      }
      return [{ type: 'RuleSetPublished', data: { version: ruleSet.version, ruleSet } }];
    }
    case 'StartShadow': {
      const v = command.data.candidateVersion;
      known(state, v);
      if (v === state.live) throw new ConflictError('SHADOW_SAME_AS_LIVE', `version ${v} is live; a shadow needs another version`, { version: v });
      if (state.candidate === v) return [];
      return [{ type: 'ShadowStarted', data: { candidateVersion: v, liveVersion: state.live } }];
    }
    case 'StopShadow':
      return state.candidate === null ? [] : [{ type: 'ShadowStopped', data: { candidateVersion: state.candidate } }];
    case 'PromoteRuleSet': {
      const v = command.data.version;
      known(state, v);
      if (state.live === v) return [];
      if (state.candidate !== v) {
        throw new ConflictError('NOT_SHADOW_CANDIDATE', `version ${v} is not running in shadow: start a shadow with it first, so the promotion has evidence`, { version: v, candidate: state.candidate });
      }
      if (command.data.evidence.candidate !== null && !command.data.evidence.candidate.endsWith(`@${v}`)) {
        throw new ValidationError('EVIDENCE_MISMATCH', `the evidence is about ${command.data.evidence.candidate}, not version ${v}`, { version: v });
      }
      if (command.data.evidence.ordersCompared === 0) {
        throw new ConflictError('NO_SHADOW_EVIDENCE', `version ${v} has not been compared on any order yet`, { version: v });
      }
      return [{ type: 'RuleSetPromoted', data: { version: v, previousVersion: state.live, evidence: command.data.evidence } }];
    }
    case 'RollBackRuleSet': {
      const reason = command.data.reason.trim();
      if (reason === '') throw new ValidationError('REASON_REQUIRED', 'a rollback needs a reason');
      if (state.live === null && state.everLive.length === 1) throw new ConflictError('NOTHING_TO_ROLL_BACK', 'no rule set was ever promoted');
      const to = command.data.toVersion === undefined ? state.previous : command.data.toVersion;
      if (to !== null) known(state, to);
      if (to === state.live) throw new ConflictError('ALREADY_LIVE', `${to === null ? 'the configured default' : `version ${to}`} is already live`, { toVersion: to });
      if (!state.everLive.includes(to)) throw new ConflictError('NEVER_LIVE', `version ${to} was never live: promote it through a shadow instead`, { toVersion: to });
      return [{ type: 'RuleSetRolledBack', data: { fromVersion: state.live, toVersion: to, reason } }];
    }
  }
};
