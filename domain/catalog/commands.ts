import type { Command } from '../shared/decider.js';
import type { MoneyJson } from '../shared/money.js';
import type { SkuDimensions, SkuStatus } from './events.js';

export type DefineSkuData = Readonly<{
  sku: string;
  name: string;
  weightGrams: number;
  dimensions: SkuDimensions;
  taxClass: string;
  /** One price per currency, amounts as decimal strings ("19.9" is read as 19.90 EUR; "19.999" EUR is rejected). */
  prices: readonly MoneyJson[];
  /** Defaults to `active`. */
  status?: SkuStatus;
}>;

/** Partial changes; `prices` replaces the whole price list, `dimensions` is merged field by field. */
export type UpdateSkuData = Readonly<{
  sku: string;
  changes: Readonly<{
    name?: string;
    weightGrams?: number;
    dimensions?: Partial<SkuDimensions>;
    taxClass?: string;
    prices?: readonly MoneyJson[];
    status?: SkuStatus;
  }>;
}>;

export type DefineSku = Command<'DefineSku', DefineSkuData>;
export type UpdateSku = Command<'UpdateSku', UpdateSkuData>;
export type SkuCommand = DefineSku | UpdateSku;
