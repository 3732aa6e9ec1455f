import type Database from 'better-sqlite3';
import type {
  EventFilter,
  GlobalPosition,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  StreamRevision,
} from '../eventStore.js';
import { StoreUnavailableError, StreamNotFoundError } from '../errors.js';
import type { RecentEvents } from './recentEvents.js';
import { EVENT_SELECT, parseStreamMetadata, toRecordedEvent, type EventRow } from './rowMapping.js';
import { readStreamInfo, visibleRevision, type SqliteDatabase, type StreamInfo, type Statements } from './schema.js';

/** Rows fetched per query: reads page through the database instead of loading everything. */
export const READ_PAGE_SIZE = 500;
const MAX_POSITION = (1n << 62n) - 1n;

export type SqliteReader = ReturnType<typeof createReader>;

/** Turns a use-after-close (better-sqlite3 throws TypeError) into the port's StoreUnavailableError. */
export function guard<T>(db: SqliteDatabase, work: () => T): T {
  if (!db.open) throw new StoreUnavailableError('event store is closed');
  try {
    return work();
  } catch (error) {
    if (!db.open) throw new StoreUnavailableError('event store is closed', error);
    throw error;
  }
}

/**
 * AsyncIterable over synchronously fetched pages. `start` runs on the first next() and returns
 * the page source, which returns undefined when there is nothing more. Cheaper per item than an
 * async generator, which matters on catch-up reads of hundreds of thousands of events.
 */
export function pagedIterable<T>(start: () => () => T[] | undefined): AsyncIterable<T> {
  return {
    [Symbol.asyncIterator](): AsyncIterator<T> {
      let source: (() => T[] | undefined) | undefined;
      let page: T[] = [];
      let index = 0;
      let done = false;
      return {
        next(): Promise<IteratorResult<T>> {
          try {
            while (index >= page.length) {
              if (done) return Promise.resolve({ value: undefined, done: true });
              source ??= start();
              const next = source();
              if (next === undefined) done = true;
              else [page, index] = [next, 0];
            }
            return Promise.resolve({ value: page[index++]!, done: false });
          } catch (error) {
            done = true;
            return Promise.reject(error);
          }
        },
        return(): Promise<IteratorResult<T>> {
          done = true;
          page = [];
          return Promise.resolve({ value: undefined, done: true });
        },
      };
    },
  };
}

export function createReader(db: SqliteDatabase, stmts: Statements, recent?: RecentEvents) {
  const filtered = new Map<string, Database.Statement>();

  /** Statement for a filter shape; prefixes compare by code points, like SQLite's substr. */
  function filterStatement(direction: 'forwards' | 'backwards', filter: EventFilter | undefined) {
    const prefixes = filter?.streamPrefixes ?? [];
    const types = filter?.eventTypes ?? [];
    const key = `${direction}:${prefixes.length}:${types.length}`;
    let stmt = filtered.get(key);
    if (stmt === undefined) {
      const where = [direction === 'forwards' ? 'position > ? AND position <= ?' : 'position < ?'];
      if (prefixes.length > 0) where.push(`(${prefixes.map(() => 'substr(stream_name, 1, ?) = ?').join(' OR ')})`);
      if (types.length > 0) where.push(`type IN (${types.map(() => '?').join(', ')})`);
      const order = direction === 'forwards' ? 'ASC' : 'DESC';
      stmt = db
        .prepare(`SELECT ${EVENT_SELECT} FROM events WHERE ${where.join(' AND ')} ORDER BY position ${order} LIMIT ?`)
        .safeIntegers(true)
        .raw(true);
      filtered.set(key, stmt);
    }
    const params: unknown[] = [...prefixes.flatMap((p) => [[...p].length, p]), ...types];
    return { stmt, params };
  }

  const head = (): GlobalPosition => guard(db, () => (stmts.head.get() as bigint | null) ?? 0n);

  /** Events in (after, upper] matching the filter, in order, at most `limit`. */
  function pageForwards(after: GlobalPosition, upper: GlobalPosition, filter: EventFilter | undefined, limit: number): RecordedEvent[] {
    return guard(db, () => {
      // Readers tailing the head are served from memory when this process committed the range.
      const held = recent?.page(after, upper, filter, limit);
      if (held !== undefined) return held;
      const { stmt, params } = filterStatement('forwards', filter);
      return (stmt.all(after, upper, ...params, limit) as EventRow[]).map(toRecordedEvent);
    });
  }

  function pageBackwards(before: GlobalPosition, filter: EventFilter | undefined, limit: number): RecordedEvent[] {
    return guard(db, () => {
      const { stmt, params } = filterStatement('backwards', filter);
      return (stmt.all(before, ...params, limit) as EventRow[]).map(toRecordedEvent);
    });
  }

  function readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    return pagedIterable(() => {
      const forwards = (options.direction ?? 'forwards') === 'forwards';
      let cursor = options.after ?? (forwards ? 0n : MAX_POSITION);
      let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
      return () => {
        if (remaining <= 0) return undefined;
        const limit = Math.min(READ_PAGE_SIZE, remaining);
        // Up to the head as of this page (what MAX_POSITION would find), so the tail in memory can serve it.
        const page = forwards ? pageForwards(cursor, head(), options.filter, limit) : pageBackwards(cursor, options.filter, limit);
        remaining = page.length < limit ? 0 : remaining - page.length;
        if (page.length > 0) cursor = page.at(-1)!.position;
        return page;
      };
    });
  }

  function streamInfo(streamName: string): StreamInfo {
    return guard(db, () => readStreamInfo(stmts, streamName));
  }

  function streamRevision(streamName: string): StreamRevision | undefined {
    return visibleRevision(streamInfo(streamName));
  }

  function getMetadata(streamName: string): StreamMetadata | undefined {
    const json = guard(db, () => stmts.getMetadata.get(streamName) as string | undefined);
    return json === undefined ? undefined : parseStreamMetadata(json);
  }

  function readStream(streamName: string, options: ReadStreamOptions = {}): AsyncIterable<RecordedEvent> {
    // The setup runs on the first next(): StreamNotFoundError surfaces when iteration starts.
    return pagedIterable(() => {
      const info = streamInfo(streamName);
      const last = visibleRevision(info);
      if (last === undefined) throw new StreamNotFoundError(streamName);
      // Stream metadata limits apply to stream reads (EventStoreDB semantics); $all is unaffected.
      const meta = getMetadata(streamName);
      let lowest = info.firstRevision;
      if (meta?.truncateBefore !== undefined && meta.truncateBefore > lowest) lowest = meta.truncateBefore;
      if (meta?.maxCount !== undefined && last - BigInt(meta.maxCount) + 1n > lowest) lowest = last - BigInt(meta.maxCount) + 1n;
      const minCreated = meta?.maxAge !== undefined ? Date.now() - meta.maxAge * 1000 : 0;
      const forwards = (options.direction ?? 'forwards') === 'forwards';
      let cursor = options.fromRevision ?? (forwards ? lowest : last);
      if (forwards && cursor < lowest) cursor = lowest;
      let remaining = options.maxCount ?? Number.POSITIVE_INFINITY;
      return () => {
        if (remaining <= 0 || (!forwards && cursor < lowest)) return undefined;
        const limit = Math.min(READ_PAGE_SIZE, remaining);
        const rows = guard(db, () =>
          forwards
            ? (stmts.streamForwards.all(streamName, cursor, minCreated, limit) as EventRow[])
            : (stmts.streamBackwards.all(streamName, cursor, lowest, minCreated, limit) as EventRow[]),
        );
        remaining = rows.length < limit ? 0 : remaining - rows.length;
        if (rows.length > 0) cursor = forwards ? rows.at(-1)![2] + 1n : rows.at(-1)![2] - 1n;
        return rows.map(toRecordedEvent);
      };
    });
  }

  return { head, pageForwards, readAll, readStream, streamRevision, getMetadata };
}
