import type { DomainEvent } from '../../shared/decider.js';
import type { RuleSet } from '../types.js';
import type { ShadowSummary } from './shadowSummary.js';

/**
 * The sourcing rule-set registry (stream `ruleset-sourcing`): published versions, the live one,
 * and the candidate running in shadow. `null` as a version means the rule set configured in the
 * order settings (what is live before anything was ever promoted).
 */
export type RuleSetPublished = DomainEvent<'RuleSetPublished', { version: number; ruleSet: RuleSet }>;
export type ShadowStarted = DomainEvent<'ShadowStarted', { candidateVersion: number; liveVersion: number | null }>;
export type ShadowStopped = DomainEvent<'ShadowStopped', { candidateVersion: number }>;
/** `evidence` is the shadow summary the decision to promote was taken on (recorded as it was then). */
export type RuleSetPromoted = DomainEvent<'RuleSetPromoted', { version: number; previousVersion: number | null; evidence: ShadowSummary }>;
export type RuleSetRolledBack = DomainEvent<'RuleSetRolledBack', { fromVersion: number | null; toVersion: number | null; reason: string }>;

export type RuleSetEvent = RuleSetPublished | ShadowStarted | ShadowStopped | RuleSetPromoted | RuleSetRolledBack;
