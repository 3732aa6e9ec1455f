export * from './types.js';
export { sourceOrder } from './sourceOrder.js';
export { shadowCompare } from './shadowCompare.js';
export type { ShadowDiff, LineChange } from './shadowCompare.js';
export { validateRuleSet, DEFAULT_RULE_SET } from './ruleSet.js';
