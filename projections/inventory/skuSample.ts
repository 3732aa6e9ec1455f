import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { physicalName } from '../runtime/projection.js';
import { POSITIONS, VISIBILITY } from './availabilityModel.js';

/** A live collection that lists SKUs, and the field (indexed, or `_id`) that holds the SKU. */
export type SkuSource = Readonly<{ collection: string; field: string }>;

/**
 * Where the scheduled check finds the SKUs to rotate through: the positions (one per node × SKU,
 * indexed by `sku`) and the visibility documents (`_id` = SKU). Both, so a SKU whose documents
 * went missing from one of them is still sampled.
 */
export const inventorySkuSources = (availabilityVersion = 1): readonly SkuSource[] => [
  { collection: physicalName(POSITIONS, availabilityVersion), field: 'sku' },
  { collection: physicalName(VISIBILITY, availabilityVersion), field: '_id' },
];

/** Up to `size` distinct SKUs of one source strictly after `after` (everything when undefined), in order. */
const skusAfter = async (live: ReadStore, source: SkuSource, after: string | undefined, size: number): Promise<string[]> => {
  const out: string[] = [];
  let cursor = after;
  // A source may hold several documents per SKU (one position per node): page on the SKU itself.
  while (out.length < size) {
    const filter = cursor === undefined ? {} : { [source.field]: { $gt: cursor } };
    const rows = await live.collection(source.collection).find(filter, { sort: { [source.field]: 1 }, limit: size, projection: { [source.field]: 1 } });
    for (const row of rows) {
      const sku = row[source.field];
      if (typeof sku === 'string' && sku !== out.at(-1)) out.push(sku);
    }
    const last = out.at(-1);
    if (rows.length < size || last === undefined || last === cursor) break;
    cursor = last;
  }
  return out.slice(0, size);
};

const firstDistinct = (lists: readonly string[][], size: number): string[] => [...new Set(lists.flat())].sort().slice(0, size);

/**
 * The next `size` SKUs in SKU order after `after`, wrapping around to the smallest ones when the
 * end is reached (never the same SKU twice in one sample). Successive calls, each passing the last
 * SKU of the previous sample, cover every SKU within ceil(skus / size) calls.
 */
export const nextSkuSample = async (
  live: ReadStore,
  after: string | undefined,
  size: number,
  sources: readonly SkuSource[] = inventorySkuSources(),
): Promise<string[]> => {
  if (size <= 0) return [];
  const tail = firstDistinct(await Promise.all(sources.map((s) => skusAfter(live, s, after, size))), size);
  if (tail.length === size || after === undefined) return tail;
  const head = firstDistinct(await Promise.all(sources.map((s) => skusAfter(live, s, undefined, size))), size)
    .filter((sku) => sku <= after);
  return [...tail, ...head.slice(0, size - tail.length)];
};
