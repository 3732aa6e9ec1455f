import type { Command } from '../../shared/decider.js';
import type { ShadowSummary } from './shadowSummary.js';

export type PublishRuleSet = Command<'PublishRuleSet', { ruleSet: unknown }>;
export type StartShadow = Command<'StartShadow', { candidateVersion: number }>;
export type StopShadow = Command<'StopShadow', Record<string, never>>;
export type PromoteRuleSet = Command<'PromoteRuleSet', { version: number; evidence: ShadowSummary }>;
/** Without `toVersion`: back to the version live before the last change. */
export type RollBackRuleSet = Command<'RollBackRuleSet', { toVersion?: number | null; reason: string }>;

export type RuleSetCommand = PublishRuleSet | StartShadow | StopShadow | PromoteRuleSet | RollBackRuleSet;
