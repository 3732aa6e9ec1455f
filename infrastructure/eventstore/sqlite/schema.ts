import Database from 'better-sqlite3';
import { EVENT_COLUMNS, EVENT_SELECT } from './rowMapping.js';

export type SqliteDatabase = Database.Database;
export type Synchronous = 'FULL' | 'NORMAL';

/**
 * `events.position` is the rowid and is assigned by the writer as head + 1 inside the write
 * transaction, so positions are gap-free: a rolled-back append never consumed one.
 * A stream's revision is the max revision in `events_stream_revision` (no per-append write to a
 * stream table: every random page a commit dirties costs WAL bytes). `stream_state` holds a row
 * only for streams that were soft-deleted (and maybe recreated): the deleted flag and the first
 * revision of the current incarnation.
 */
const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  position INTEGER PRIMARY KEY,
  stream_name TEXT NOT NULL,
  revision INTEGER NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  metadata TEXT NOT NULL,
  created INTEGER NOT NULL
);
CREATE UNIQUE INDEX IF NOT EXISTS events_stream_revision ON events (stream_name, revision);
CREATE UNIQUE INDEX IF NOT EXISTS events_event_id ON events (event_id);
CREATE TABLE IF NOT EXISTS stream_state (
  stream_name TEXT PRIMARY KEY,
  deleted INTEGER NOT NULL,
  first_revision INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS stream_metadata (
  stream_name TEXT PRIMARY KEY,
  metadata TEXT NOT NULL
) WITHOUT ROWID;
`;

export type DatabaseTuning = Readonly<{
  synchronous: Synchronous;
  busyTimeoutMs: number;
  /** Page size for a new file (ignored for an existing one). */
  pageSize: number;
  /** WAL size (pages) that triggers an automatic checkpoint at commit. */
  walAutoCheckpointPages: number;
}>;

export function openDatabase(path: string, tuning: DatabaseTuning): SqliteDatabase {
  const db = new Database(path, { timeout: tuning.busyTimeoutMs });
  db.pragma(`page_size = ${tuning.pageSize}`);
  // WAL + synchronous=FULL: a COMMIT returns only after the WAL is fsynced, so an acknowledged
  // append survives kill -9 and power loss; NORMAL survives kill -9 but may lose the last
  // commits on power loss.
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${tuning.synchronous}`);
  db.pragma(`wal_autocheckpoint = ${tuning.walAutoCheckpointPages}`);
  db.pragma('cache_size = -65536');
  db.pragma('temp_store = MEMORY');
  // Keep the WAL file from staying huge after a burst (it is reused from the start after a checkpoint).
  db.pragma('journal_size_limit = 67108864');
  db.exec(SCHEMA);
  return db;
}

export type Statements = ReturnType<typeof prepareStatements>;

export function prepareStatements(db: SqliteDatabase) {
  const prepare = (sql: string) => db.prepare(sql).safeIntegers(true);
  const rows = (sql: string) => prepare(sql).raw(true);
  return {
    begin: db.prepare('BEGIN IMMEDIATE'),
    commit: db.prepare('COMMIT'),
    rollback: db.prepare('ROLLBACK'),
    savepoint: db.prepare('SAVEPOINT append_op'),
    release: db.prepare('RELEASE append_op'),
    rollbackToSavepoint: db.prepare('ROLLBACK TO append_op'),
    head: prepare('SELECT max(position) FROM events').pluck(true),
    dataVersion: prepare('PRAGMA data_version').pluck(true),
    lastRevision: prepare('SELECT max(revision) FROM events WHERE stream_name = ?').pluck(true),
    streamState: rows('SELECT deleted, first_revision FROM stream_state WHERE stream_name = ?'),
    setStreamState: prepare('INSERT OR REPLACE INTO stream_state (stream_name, deleted, first_revision) VALUES (?, ?, ?)'),
    insertEvent: prepare(`INSERT INTO events (${EVENT_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`),
    idsFrom: rows('SELECT event_id, position FROM events WHERE stream_name = ? AND revision >= ? ORDER BY revision LIMIT ?'),
    setMetadata: prepare('INSERT OR REPLACE INTO stream_metadata (stream_name, metadata) VALUES (?, ?)'),
    getMetadata: prepare('SELECT metadata FROM stream_metadata WHERE stream_name = ?').pluck(true),
    streamForwards: rows(
      `SELECT ${EVENT_SELECT} FROM events
       WHERE stream_name = ? AND revision >= ? AND created >= ? ORDER BY revision ASC LIMIT ?`,
    ),
    streamBackwards: rows(
      `SELECT ${EVENT_SELECT} FROM events
       WHERE stream_name = ? AND revision <= ? AND revision >= ? AND created >= ? ORDER BY revision DESC LIMIT ?`,
    ),
  };
}

/** What the writer and readers need to know about a stream. */
export type StreamInfo = Readonly<{
  /** Last revision ever written (survives soft delete); undefined when never written. */
  last: bigint | undefined;
  deleted: boolean;
  /** First revision of the current incarnation (0 unless recreated after a soft delete). */
  firstRevision: bigint;
}>;

export function readStreamInfo(stmts: Statements, streamName: string): StreamInfo {
  const last = (stmts.lastRevision.get(streamName) as bigint | null) ?? undefined;
  const state = stmts.streamState.get(streamName) as [bigint, bigint] | undefined;
  return { last, deleted: state !== undefined && state[0] !== 0n, firstRevision: state?.[1] ?? 0n };
}

/** The revision appends are checked against: none for a missing or soft-deleted stream. */
export function visibleRevision(info: StreamInfo): bigint | undefined {
  return info.deleted ? undefined : info.last;
}
