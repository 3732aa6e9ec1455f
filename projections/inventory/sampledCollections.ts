import type { Document, ReadCollection } from '../../infrastructure/readstore/readStore.js';
import { physicalName, type Projection } from '../runtime/projection.js';
import { ATS, ATS_CONFIG, POSITIONS, VISIBILITY } from './availabilityModel.js';
import { INVENTORY_RESERVATIONS } from './reservationsProjection.js';

/** How a sampled check selects a collection's documents: those whose `field` is a sampled SKU, or all of them. */
export type SkuSelector = Readonly<{ by: 'sku-field'; field: string }> | Readonly<{ by: 'all' }>;

/**
 * Declared per logical collection (not guessed at runtime): a collection of a verified projection
 * that is missing here makes a sampled check fail loudly rather than compare the wrong documents.
 */
export const SAMPLED_COLLECTIONS: Readonly<Record<string, SkuSelector>> = {
  /** `_id` `<nodeId>~<sku>`, field `sku` (indexed). */
  [POSITIONS]: { by: 'sku-field', field: 'sku' },
  /** `_id` `<view>~<sku>`, field `sku` (indexed). */
  [ATS]: { by: 'sku-field', field: 'sku' },
  /** `_id` = the SKU. */
  [VISIBILITY]: { by: 'sku-field', field: '_id' },
  /** Node and view configuration (`node~<id>`, `view~<name>`): small, every SKU depends on it. */
  [ATS_CONFIG]: { by: 'all' },
  /** `_id` `<nodeId>~<sku>~<reservationId>`, field `sku` (indexed). */
  [INVENTORY_RESERVATIONS]: { by: 'sku-field', field: 'sku' },
};

export type SampledCollection = Readonly<{ logical: string; physical: string; selector: SkuSelector }>;

/** The collections of `projection`, each with its declared selector. */
export const sampledCollections = (projection: Projection): SampledCollection[] => {
  const logicals = projection.kind === 'document' ? [projection.name] : [...projection.collections];
  return logicals.map((logical) => {
    const selector = SAMPLED_COLLECTIONS[logical];
    if (!selector) throw new Error(`no SKU selector declared for collection ${logical} (projections/inventory/sampledCollections.ts)`);
    return { logical, physical: physicalName(logical, projection.version), selector };
  });
};

/** `$in` lists stay bounded (as in the availability projection's own lookups). */
export const IN_CHUNK = 500;

/** The documents of `collection` the selector picks for `skus`, in chunks of `$in` values. */
export const findSampled = async (collection: ReadCollection, selector: SkuSelector, skus: readonly string[]): Promise<Document[]> => {
  if (selector.by === 'all') return collection.find({});
  const out: Document[] = [];
  for (let i = 0; i < skus.length; i += IN_CHUNK) {
    out.push(...(await collection.find({ [selector.field]: { $in: skus.slice(i, i + IN_CHUNK) } })));
  }
  return out;
};
