import type { Decider } from '../../shared/decider.js';
import type { RuleSetCommand } from './commands.js';
import { decideRuleSets } from './decide.js';
import type { RuleSetEvent } from './events.js';
import { evolveRuleSets } from './evolve.js';
import { initialRuleSetRegistry, type RuleSetRegistry } from './state.js';

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export * from './shadowSummary.js';
export { decideRuleSets, evolveRuleSets };

/** One registry per OMS: the rule sets are few and every change must see all versions at once. */
export const RULE_SETS_STREAM = 'ruleset-sourcing';

export const ruleSetDecider: Decider<RuleSetRegistry, RuleSetCommand, RuleSetEvent> = {
  decide: decideRuleSets,
  evolve: evolveRuleSets,
  initialState: initialRuleSetRegistry,
};
