const DELETED: unique symbol = Symbol('deleted');

/**
 * An immutable map whose "copy with one entry changed" costs O(√n) instead of a full copy.
 *
 * Why: aggregate states are folded with pure `evolve` functions, and an inventory position keeps
 * every reservation it ever held. Copying a `Map` of n entries per event made a position's fold
 * quadratic (a hot SKU with 9,000 holds, or 10,000 supply lines for one position in one batch,
 * slowed to a crawl). Here a frozen `base` map is shared by every version, and only the changes
 * since it (`delta`, with tombstones for removals) are copied per change; when the changes grow
 * past ~2√n they are folded into a new base.
 *
 * It behaves as a `ReadonlyMap`, iteration order included (insertion order; an update keeps the
 * key's place; a removed key added again goes to the end), and reports itself as a `Map` to
 * deep-equality checks, so it compares equal to a `Map` with the same entries.
 */
export class LayeredMap<K, V> implements ReadonlyMap<K, V> {
  private constructor(
    private readonly base: ReadonlyMap<K, V>,
    private readonly delta: ReadonlyMap<K, V | typeof DELETED>,
    readonly size: number,
  ) {}

  /** A layered map holding the entries of `entries` (a `LayeredMap` is returned as is). */
  static of<K, V>(entries: ReadonlyMap<K, V> | Iterable<readonly [K, V]> = []): LayeredMap<K, V> {
    if (entries instanceof LayeredMap) return entries as LayeredMap<K, V>;
    const base = new Map<K, V>(entries as Iterable<readonly [K, V]>);
    return new LayeredMap(base, new Map(), base.size);
  }

  /** Entries shared with other versions vs. copied per change (for tests of the cost bound). */
  layerSizes(): Readonly<{ shared: number; copiedPerChange: number }> {
    return { shared: this.base.size, copiedPerChange: this.delta.size };
  }

  get [Symbol.toStringTag](): string {
    return 'Map';
  }

  get(key: K): V | undefined {
    const changed = this.delta.get(key);
    if (changed !== undefined || this.delta.has(key)) return changed === DELETED ? undefined : changed;
    return this.base.get(key);
  }

  has(key: K): boolean {
    return this.delta.has(key) ? this.delta.get(key) !== DELETED : this.base.has(key);
  }

  /** A new map with `key` set to `value`; this one is unchanged. */
  with(key: K, value: V): LayeredMap<K, V> {
    const present = this.has(key);
    // A removed base key added again must move to the end, as in a Map: rebuild.
    if (!present && this.base.has(key)) return LayeredMap.of<K, V>([...this.entries(), [key, value]]);
    return this.changed(new Map(this.delta).set(key, value), present ? this.size : this.size + 1);
  }

  /** A new map without `key` (this one when it is absent). */
  without(key: K): LayeredMap<K, V> {
    if (!this.has(key)) return this;
    const delta = new Map(this.delta);
    if (this.base.has(key)) delta.set(key, DELETED);
    else delta.delete(key);
    return this.changed(delta, this.size - 1);
  }

  private changed(delta: Map<K, V | typeof DELETED>, size: number): LayeredMap<K, V> {
    const next = new LayeredMap(this.base, delta, size);
    return delta.size > 16 && delta.size * delta.size > 4 * this.base.size ? LayeredMap.of(next.entries()) : next;
  }

  *entries(): MapIterator<[K, V]> {
    for (const [key, value] of this.base) {
      if (!this.delta.has(key)) yield [key, value];
      else {
        const changed = this.delta.get(key)!;
        if (changed !== DELETED) yield [key, changed];
      }
    }
    for (const [key, value] of this.delta) if (value !== DELETED && !this.base.has(key)) yield [key, value];
  }

  *keys(): MapIterator<K> {
    for (const [key] of this.entries()) yield key;
  }

  *values(): MapIterator<V> {
    for (const [, value] of this.entries()) yield value;
  }

  [Symbol.iterator](): MapIterator<[K, V]> {
    return this.entries();
  }

  forEach(callback: (value: V, key: K, map: ReadonlyMap<K, V>) => void, thisArg?: unknown): void {
    for (const [key, value] of this.entries()) callback.call(thisArg, value, key, this);
  }
}
