import type { EventFilter, GlobalPosition, RecordedEvent } from '../eventStore.js';
import type { SerializedEvent } from './rowMapping.js';

/** One committed event as the writer knew it; parsed on first read, then shared. */
type Entry = {
  readonly streamName: string;
  readonly revision: bigint;
  readonly event: SerializedEvent;
  readonly created: number;
  parsed?: RecordedEvent;
};

export type CommittedEvent = Readonly<{ position: GlobalPosition; streamName: string; revision: bigint; event: SerializedEvent; created: number }>;

export type RecentEventsOptions = Readonly<{
  /** Events kept at most (default 16,384). */
  maxEvents?: number;
  /** UTF-16 units of data + metadata kept at most (default 16 M ≈ 32 MB of strings). */
  maxChars?: number;
}>;

export type RecentEvents = ReturnType<typeof createRecentEvents>;

/**
 * The tail of the log this process committed, in memory. Every projection and process manager
 * tails the head through its own subscription; without this each of them would query SQLite and
 * JSON.parse the same fresh events again (~20 subscribers per commit in the OMS). Served only
 * when the whole requested range is held, contiguously — a gap (another process appended to the
 * same file, or the tail was evicted) falls back to SQL, so a read never misses an event.
 * Parsed events are deep-frozen: one object is handed to every reader, and events are immutable.
 */
export function createRecentEvents(options: RecentEventsOptions = {}) {
  const maxEvents = Math.max(1, options.maxEvents ?? 16_384);
  const maxChars = Math.max(1, options.maxChars ?? 16 * 1024 * 1024);
  const ring: (Entry | undefined)[] = new Array(maxEvents);
  /** Positions held: (low - 1, high], i.e. `low` is the first held position; empty when count is 0. */
  let low = 1n;
  let count = 0;
  let chars = 0;

  const high = () => low + BigInt(count) - 1n;
  const slot = (position: GlobalPosition) => Number(position % BigInt(maxEvents));

  function clear(): void {
    ring.fill(undefined);
    count = 0;
    chars = 0;
  }

  function evictOldest(): void {
    const s = slot(low);
    const entry = ring[s]!;
    chars -= entry.event.data.length + entry.event.metadata.length;
    ring[s] = undefined;
    low += 1n;
    count -= 1;
  }

  /** Events just committed, in position order (a group commit's appends). */
  function add(committed: readonly CommittedEvent[]): void {
    for (const c of committed) {
      // Strings SQLite would store differently (lone surrogates become U+FFFD) are not held as written.
      if (!wellFormed(c.streamName) || !wellFormed(c.event.type) || !wellFormed(c.event.id)) {
        clear();
        continue;
      }
      if (count > 0 && c.position !== high() + 1n) clear();
      const size = c.event.data.length + c.event.metadata.length;
      if (size > maxChars) {
        // Too big to hold: the tail restarts after it.
        clear();
        continue;
      }
      while (count > 0 && (count >= maxEvents || chars + size > maxChars)) evictOldest();
      // Empty (first event, after a gap, or everything evicted): the tail starts here.
      if (count === 0) low = c.position;
      ring[slot(c.position)] = { streamName: c.streamName, revision: c.revision, event: c.event, created: c.created };
      count += 1;
      chars += size;
    }
  }

  function parse(position: GlobalPosition, entry: Entry): RecordedEvent {
    if (entry.parsed === undefined) {
      entry.parsed = deepFreeze({
        id: entry.event.id,
        type: entry.event.type,
        streamName: entry.streamName,
        revision: entry.revision,
        position,
        data: JSON.parse(entry.event.data) as RecordedEvent['data'],
        metadata: JSON.parse(entry.event.metadata) as RecordedEvent['metadata'],
        created: new Date(entry.created),
      });
    }
    return entry.parsed;
  }

  /**
   * Events in (after, upper] matching the filter, at most `limit` — or undefined when any position
   * of the range is not held (the caller then reads SQLite).
   */
  function page(after: GlobalPosition, upper: GlobalPosition, filter: EventFilter | undefined, limit: number): RecordedEvent[] | undefined {
    if (count === 0 || after + 1n < low || upper > high()) return undefined;
    const accept = matcher(filter);
    if (accept === undefined) return undefined;
    const out: RecordedEvent[] = [];
    for (let p = after + 1n; p <= upper && out.length < limit; p++) {
      const entry = ring[slot(p)]!;
      if (accept(entry)) out.push(parse(p, entry));
    }
    return out;
  }

  return { add, page, clear, stats: () => ({ low, count, chars }) };
}

/** The SQL filter's semantics (prefix OR prefix) AND type IN types, in JavaScript. */
function matcher(filter: EventFilter | undefined): ((entry: Entry) => boolean) | undefined {
  const prefixes = filter?.streamPrefixes ?? [];
  const types = filter?.eventTypes ?? [];
  // SQLite would compare a malformed string after replacing lone surrogates: let SQL answer that.
  if (![...prefixes, ...types].every(wellFormed)) return undefined;
  const typeSet = types.length > 0 ? new Set(types) : undefined;
  if (prefixes.length === 0 && typeSet === undefined) return () => true;
  return (entry) =>
    (typeSet === undefined || typeSet.has(entry.event.type)) &&
    (prefixes.length === 0 || prefixes.some((p) => entry.streamName.startsWith(p)));
}

/** String.prototype.isWellFormed (Node 20; not yet in the TypeScript lib this project targets). */
const wellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  }
  return value;
}
