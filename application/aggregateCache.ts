import { LayeredMap } from '../domain/shared/layeredMap.js';
import type { GlobalPosition, StreamRevision } from '../infrastructure/eventstore/eventStore.js';

/**
 * Recently used aggregate states, so a hot stream (one SKU at one node) is not re-read and
 * re-folded for every command. Safe because every append still carries the cached revision as
 * its expected revision: if another instance wrote meanwhile, the append fails, the entry is
 * dropped and the stream is read again.
 */
export type CachedAggregate = {
  state: unknown;
  revision: StreamRevision | undefined;
  /**
   * Command ids already applied to this stream, for idempotent replays of a command. Persistent
   * (`with` shares all but ~2√n entries): copying a plain Map of every command id a hot stream
   * ever saw on each command made a hot stream's commands quadratic in its length.
   */
  commandIds: LayeredMap<string, CommandIdEntry>;
  /**
   * Set while this state includes an append that is not committed yet (optimistic pipelining,
   * see commandHandler.ts): settles once that append — and so every earlier one — has settled.
   */
  pending?: Promise<void>;
};

/**
 * A command whose append is in flight: `committed` settles with it, then `position` is set and
 * the promise dropped (a hot stream may keep such entries for long; they should stay small).
 */
export type PendingCommand = { position?: GlobalPosition; committed?: Promise<unknown> };

/** Where a command id's events are: a committed position, or an append still in flight. */
export type CommandIdEntry = GlobalPosition | PendingCommand;

export type AggregateCache = Readonly<{
  get: (stream: string) => CachedAggregate | undefined;
  set: (stream: string, entry: CachedAggregate) => void;
  delete: (stream: string) => void;
  clear: () => void;
  size: () => number;
}>;

/** LRU bounded by the number of streams and by the total number of remembered command ids. */
export const createAggregateCache = (maxStreams = 20_000, maxCommandIds = 1_000_000): AggregateCache => {
  const entries = new Map<string, CachedAggregate>();
  let commandIdCount = 0;
  const remove = (stream: string) => {
    const entry = entries.get(stream);
    if (!entry) return;
    commandIdCount -= entry.commandIds.size;
    entries.delete(stream);
  };
  return {
    get: (stream) => {
      const entry = entries.get(stream);
      if (entry) {
        // Map iteration order is insertion order: re-inserting marks it most recently used.
        entries.delete(stream);
        entries.set(stream, entry);
      }
      return entry;
    },
    set: (stream, entry) => {
      remove(stream);
      entries.set(stream, entry);
      commandIdCount += entry.commandIds.size;
      for (const oldest of entries.keys()) {
        if (entries.size <= maxStreams && commandIdCount <= maxCommandIds) break;
        if (oldest === stream) continue;
        remove(oldest);
      }
    },
    delete: remove,
    clear: () => {
      entries.clear();
      commandIdCount = 0;
    },
    size: () => entries.size,
  };
};
