import type { InventoryState } from '../../domain/inventory/index.js';
import type { EventStore, GlobalPosition, StreamRevision } from '../../infrastructure/eventstore/eventStore.js';

/**
 * Snapshots of inventory streams at past positions, for the audit's "what did the sourcing
 * decision see". The past never changes, so a state folded up to an event stays true forever;
 * keeping some lets the next audit of a hot SKU fold only the events since the nearest earlier
 * snapshot instead of the stream from its first event. In-process, bounded (least recently used
 * streams are dropped), per event store.
 */
export type InventorySnapshot = Readonly<{
  /** Global position of the last event folded (0n: none). */
  lastPosition: GlobalPosition;
  /** Revision of the last event folded (undefined: none). */
  revision: StreamRevision | undefined;
  state: InventoryState;
}>;

export const MAX_SNAPSHOT_STREAMS = 256;
export const MAX_SNAPSHOTS_PER_STREAM = 16;

const caches = new WeakMap<EventStore, Map<string, InventorySnapshot[]>>();

const cacheOf = (eventStore: EventStore): Map<string, InventorySnapshot[]> => {
  let cache = caches.get(eventStore);
  if (!cache) caches.set(eventStore, (cache = new Map()));
  return cache;
};

/** The latest snapshot that folded only events strictly before `before`. */
export const snapshotBefore = (eventStore: EventStore, stream: string, before: GlobalPosition): InventorySnapshot | undefined => {
  const cache = cacheOf(eventStore);
  const list = cache.get(stream);
  if (!list) return undefined;
  cache.delete(stream);
  cache.set(stream, list); // most recently used last
  let best: InventorySnapshot | undefined;
  for (const s of list) if (s.lastPosition < before && (!best || s.lastPosition > best.lastPosition)) best = s;
  return best;
};

export const rememberSnapshot = (eventStore: EventStore, stream: string, snapshot: InventorySnapshot): void => {
  if (snapshot.revision === undefined) return;
  const cache = cacheOf(eventStore);
  const list = (cache.get(stream) ?? []).filter((s) => s.lastPosition !== snapshot.lastPosition);
  list.push(snapshot);
  list.sort((a, b) => (a.lastPosition < b.lastPosition ? -1 : 1));
  // Thin out evenly rather than dropping the oldest: audits look at any point of the past.
  while (list.length > MAX_SNAPSHOTS_PER_STREAM) list.splice(Math.floor(list.length / 2), 1);
  cache.delete(stream);
  cache.set(stream, list);
  while (cache.size > MAX_SNAPSHOT_STREAMS) cache.delete(cache.keys().next().value!);
};
