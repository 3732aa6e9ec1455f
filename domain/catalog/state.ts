import type { SkuDefinition } from './events.js';

/** `definition` is null until the SKU is defined; `version` counts the events folded so far. */
export type SkuState = Readonly<{ definition: SkuDefinition | null; version: number }>;

export const initialSkuState = (): SkuState => ({ definition: null, version: 0 });

export type Sku = SkuDefinition & Readonly<{ version: number }>;

/** The catalog view of a defined SKU (undefined before it is defined). */
export const skuFromState = (state: SkuState): Sku | undefined =>
  state.definition === null ? undefined : { ...state.definition, version: state.version };
