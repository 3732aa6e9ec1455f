import type { EventStore, GlobalPosition, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';

/**
 * Shared catch-up reads of `$all` for every projection runner of one event store.
 *
 * A rebuild starts all projections at once; through their own subscriptions each would read and
 * JSON-parse the same log (12 projections → 12 parses of every event it selects — ~15–20 % of a
 * rebuild's CPU). Runners that are behind instead ask this reader for the next chunk after their
 * own checkpoint: chunks are read unfiltered, once, and kept for a short while, so the runners
 * (which advance roughly in step, since their read-store transactions take turns) share them.
 * Each runner still filters and checkpoints on its own, so checkpoints stay exact. Live delivery
 * stays with the store's subscription.
 */
export type LogChunk = Readonly<{
  /** Events strictly after the requested position, in log order. */
  events: readonly RecordedEvent[];
  /** True when the read stopped at its size limit: more events may follow right after the last one. */
  more: boolean;
}>;

export type CatchUpReader = Readonly<{
  /** Up to `size` events after `after` (fewer when the chunk was served from a shared read). */
  read: (after: GlobalPosition, size: number) => Promise<LogChunk>;
  /** Reads from the store vs. chunks served from memory (diagnostics, tests). */
  stats: () => Readonly<{ reads: number; hits: number }>;
}>;

export type CatchUpReaderOptions = Readonly<{
  /** Chunks kept in memory (each up to the runners' chunk size). */
  maxChunks?: number;
  /** Kept chunks are dropped after this long without a request, so an idle process holds no log. */
  idleMs?: number;
}>;

type Chunk = { after: GlobalPosition; events: RecordedEvent[]; more: boolean };

/** Index of the first event after `after` (events are in ascending position order). */
const firstAfter = (events: readonly RecordedEvent[], after: GlobalPosition): number => {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (events[mid]!.position <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
};

export const createCatchUpReader = (eventStore: EventStore, options: CatchUpReaderOptions = {}): CatchUpReader => {
  const maxChunks = Math.max(1, options.maxChunks ?? 2);
  const idleMs = options.idleMs ?? 2_000;
  let chunks: Chunk[] = [];
  const inflight = new Map<GlobalPosition, Promise<Chunk>>();
  let idle: NodeJS.Timeout | undefined;
  let reads = 0;
  let hits = 0;

  const touch = () => {
    if (idle) clearTimeout(idle);
    idle = setTimeout(() => {
      chunks = [];
    }, idleMs);
    idle.unref();
  };

  const cached = (after: GlobalPosition): LogChunk | undefined => {
    for (const chunk of chunks) {
      const last = chunk.events[chunk.events.length - 1];
      if (last === undefined || after < chunk.after || after >= last.position) continue;
      // A chunk that ended at the head then may be stale now: still a correct prefix, since the
      // caller continues with a live subscription after its last event.
      return { events: after === chunk.after ? chunk.events : chunk.events.slice(firstAfter(chunk.events, after)), more: chunk.more };
    }
    return undefined;
  };

  const load = async (after: GlobalPosition, size: number): Promise<Chunk> => {
    reads++;
    const events: RecordedEvent[] = [];
    for await (const event of eventStore.readAll({ after, maxCount: size })) events.push(event);
    const chunk = { after, events, more: events.length >= size };
    if (events.length > 0) {
      chunks.push(chunk);
      if (chunks.length > maxChunks) chunks.shift();
    }
    return chunk;
  };

  return {
    read: async (after, size) => {
      touch();
      const hit = cached(after);
      if (hit) {
        hits++;
        return hit;
      }
      let pending = inflight.get(after);
      if (pending) hits++;
      else {
        pending = load(after, size).finally(() => inflight.delete(after));
        inflight.set(after, pending);
      }
      const chunk = await pending;
      return { events: chunk.events, more: chunk.more };
    },
    stats: () => ({ reads, hits }),
  };
};

const shared = new WeakMap<EventStore, CatchUpReader>();

/** The one reader of an event store in this process (runners created separately still share it). */
export const sharedCatchUpReader = (eventStore: EventStore): CatchUpReader => {
  let reader = shared.get(eventStore);
  if (!reader) {
    reader = createCatchUpReader(eventStore);
    shared.set(eventStore, reader);
  }
  return reader;
};
