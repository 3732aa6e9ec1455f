import type { DomainEvent } from '../shared/decider.js';
import type { MoneyJson } from '../shared/money.js';

export const SKU_STATUSES = ['active', 'discontinued'] as const;
export type SkuStatus = (typeof SKU_STATUSES)[number];

export type SkuDimensions = Readonly<{ lengthMm: number; widthMm: number; heightMm: number }>;

/** A sellable item as recorded in events. Prices are decimal strings with exactly the currency's minor units, sorted by currency. */
export type SkuDefinition = Readonly<{
  sku: string;
  name: string;
  weightGrams: number;
  dimensions: SkuDimensions;
  /** Tax category the tax engine maps to rates per jurisdiction (e.g. `standard`, `reduced`, `zero`). */
  taxClass: string;
  prices: readonly MoneyJson[];
  status: SkuStatus;
}>;

export const UPDATABLE_SKU_FIELDS = ['name', 'weightGrams', 'dimensions', 'taxClass', 'prices', 'status'] as const;
export type UpdatableSkuField = (typeof UPDATABLE_SKU_FIELDS)[number];
export type SkuChanges = Partial<Pick<SkuDefinition, UpdatableSkuField>>;

/** `version` is the SKU's version after the event; prices quoted on orders can cite it. */
export type SkuDefined = DomainEvent<'SkuDefined', Readonly<{ sku: string; definition: SkuDefinition; version: number }>>;
/** `changes` holds only the fields whose value changed, with their complete new value (a price change carries the whole new price list). */
export type SkuUpdated = DomainEvent<
  'SkuUpdated',
  Readonly<{ sku: string; changes: SkuChanges; changedFields: readonly UpdatableSkuField[]; version: number }>
>;

export type SkuEvent = SkuDefined | SkuUpdated;
export const SKU_EVENT_TYPES = ['SkuDefined', 'SkuUpdated'] as const satisfies readonly SkuEvent['type'][];
