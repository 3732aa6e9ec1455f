import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { POSITIONS, type PositionDocument } from '../../projections/inventory/availabilityModel.js';
import { availabilityProjection } from '../../projections/inventory/availabilityProjection.js';
import { physicalName } from '../../projections/runtime/projection.js';
import { activeVersion } from '../../projections/runtime/projectionRegistry.js';

/**
 * Which (node, SKU) inventory streams exist, so a replay folds only those instead of every node of
 * the network × every SKU of the window (millions of empty reads on a marketplace of thousands of
 * sellers). Read from the availability read model: a position is never removed once stock was
 * recorded, so the current holders of a SKU include everyone who held it in the past. A position
 * the projection has not reached yet is missed, which only matters for stock recorded moments ago.
 */
export type HolderPairs = ReadonlySet<string>;

export const holderKey = (node: string, sku: string): string => `${node}\u0000${sku}`;

export const readModelHolders = async (readStore: ReadStore, skus: readonly string[]): Promise<HolderPairs> => {
  const projection = availabilityProjection();
  const version = (await activeVersion(readStore, projection.name)) ?? projection.version;
  const docs = await readStore.collection<PositionDocument>(physicalName(POSITIONS, version)).find({ sku: { $in: [...skus] } });
  return new Set(docs.map((d) => holderKey(d.nodeId, d.sku)));
};
