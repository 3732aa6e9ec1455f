export * from './rules.js';
export { screenOrder, validateFraudRules, type FraudHit, type FraudInput, type FraudVerdict } from './screenOrder.js';
