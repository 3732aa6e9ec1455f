/**
 * A small persistent (immutable) string-keyed map: keys hash into a fixed number of buckets and
 * an update copies only the touched bucket. It lets the learned promise state be a pure value —
 * `observe` returns a new state and the old one stays valid — without copying thousands of lanes
 * and in-flight parcels on every event (cost per update ≈ size / BUCKETS).
 */
const BUCKETS = 128;

export type PMap<V> = Readonly<{ size: number; buckets: readonly (ReadonlyMap<string, V> | undefined)[] }>;

const EMPTY_BUCKETS: readonly undefined[] = Object.freeze(new Array<undefined>(BUCKETS).fill(undefined));

export const emptyPMap = <V>(): PMap<V> => ({ size: 0, buckets: EMPTY_BUCKETS });

/** FNV-1a over UTF-16 code units: deterministic across runs and platforms. */
const bucketOf = (key: string): number => {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return (h >>> 0) % BUCKETS;
};

export const pmapGet = <V>(map: PMap<V>, key: string): V | undefined => map.buckets[bucketOf(key)]?.get(key);

export const pmapSet = <V>(map: PMap<V>, key: string, value: V): PMap<V> => {
  const b = bucketOf(key);
  const old = map.buckets[b];
  const next = new Map(old ?? []);
  next.set(key, value);
  const buckets = map.buckets.slice();
  buckets[b] = next;
  return { size: map.size + (old?.has(key) ? 0 : 1), buckets };
};

export const pmapDelete = <V>(map: PMap<V>, key: string): PMap<V> => {
  const b = bucketOf(key);
  const old = map.buckets[b];
  if (!old?.has(key)) return map;
  const next = new Map(old);
  next.delete(key);
  const buckets = map.buckets.slice();
  buckets[b] = next.size > 0 ? next : undefined;
  return { size: map.size - 1, buckets };
};

/**
 * Applies many sets (a value) and deletes (`undefined`) in order, copying each touched bucket once:
 * the same map as the equivalent sequence of pmapSet/pmapDelete calls (same entries, same
 * iteration order), at a cost of the touched buckets instead of size / BUCKETS per update.
 */
export const pmapUpdateMany = <V>(map: PMap<V>, updates: Iterable<readonly [string, V | undefined]>): PMap<V> => {
  let buckets: (ReadonlyMap<string, V> | undefined)[] | null = null;
  const copied = new Map<number, Map<string, V>>();
  let size = map.size;
  for (const [key, value] of updates) {
    const b = bucketOf(key);
    let bucket = copied.get(b);
    if (!bucket) {
      const old = map.buckets[b];
      if (value === undefined && !old?.has(key)) continue;
      bucket = new Map(old ?? []);
      copied.set(b, bucket);
      buckets ??= map.buckets.slice();
      buckets[b] = bucket;
    }
    if (value === undefined) {
      if (bucket.delete(key)) size--;
    } else {
      if (!bucket.has(key)) size++;
      bucket.set(key, value);
    }
  }
  if (!buckets) return map;
  for (const [b, bucket] of copied) if (bucket.size === 0) buckets[b] = undefined;
  return { size, buckets };
};

/** Entries in a deterministic order (bucket, then insertion order within the bucket). */
export function* pmapEntries<V>(map: PMap<V>): Generator<[string, V]> {
  for (const bucket of map.buckets) if (bucket) yield* bucket.entries();
}

/** Keeps the entries `keep` accepts; rebuilds only the buckets that lose an entry. */
export const pmapFilter = <V>(map: PMap<V>, keep: (value: V, key: string) => boolean): PMap<V> => {
  let buckets: (ReadonlyMap<string, V> | undefined)[] | null = null;
  let size = map.size;
  map.buckets.forEach((bucket, i) => {
    if (!bucket) return;
    let next: Map<string, V> | null = null;
    for (const [k, v] of bucket) {
      if (keep(v, k)) continue;
      next ??= new Map(bucket);
      next.delete(k);
      size--;
    }
    if (next) {
      buckets ??= map.buckets.slice();
      buckets[i] = next.size > 0 ? next : undefined;
    }
  });
  return buckets ? { size, buckets } : map;
};
