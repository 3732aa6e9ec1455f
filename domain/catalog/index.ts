import type { Decider } from '../shared/decider.js';
import { streamId } from '../network/identifier.js';
import type { SkuCommand } from './commands.js';
import { decideSku } from './decide.js';
import type { SkuEvent } from './events.js';
import { evolveSku } from './evolve.js';
import { initialSkuState, type SkuState } from './state.js';

/** Stream `sku-<sku>`: one catalog item. */
export const skuDecider: Decider<SkuState, SkuCommand, SkuEvent> = {
  decide: decideSku,
  evolve: evolveSku,
  initialState: initialSkuState,
};

export const skuStreamName = (sku: string): string => `sku-${streamId(sku)}`;

export * from './commands.js';
export * from './events.js';
export { initialSkuState, skuFromState, type Sku, type SkuState } from './state.js';
export { validateSkuDefinition, validatePrice } from './validateSku.js';
export { decideSku } from './decide.js';
export { evolveSku } from './evolve.js';
