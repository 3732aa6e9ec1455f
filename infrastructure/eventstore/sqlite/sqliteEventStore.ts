import type { AppendOptions, AppendResult, EventStore, EventToAppend, StreamMetadata } from '../eventStore.js';
import { StoreUnavailableError } from '../errors.js';
import { commitBatch } from './commitBatch.js';
import { createGroupCommit, type GroupCommitStats } from './groupCommit.js';
import { serializeAppend, serializeStreamMetadata } from './rowMapping.js';
import { openDatabase, prepareStatements, type Synchronous } from './schema.js';
import { createRecentEvents, type RecentEventsOptions } from './recentEvents.js';
import { createReader } from './sqliteReads.js';
import { sqliteSubscription } from './sqliteSubscription.js';
import { createStreamInfoCache } from './streamInfoCache.js';

export type SqliteEventStoreOptions = Readonly<{
  /** File path, or ':memory:' (tests). */
  path: string;
  /** FULL (default): an acknowledged append survives power loss. NORMAL: survives a process crash only. */
  synchronous?: Synchronous;
  /** Queue bound: appends beyond this many pending operations wait for room (default 10,000). */
  maxPendingAppends?: number;
  /** Events per group-commit transaction at most (default 20,000). */
  maxEventsPerCommit?: number;
  /** Fallback poll for live subscriptions, to see other processes' commits (default 200 ms). */
  pollIntervalMs?: number;
  /** How long a write waits for another process's write lock (default 5,000 ms). */
  busyTimeoutMs?: number;
  /** Page size of a new file (default 4096; 1–16 KiB measured no faster here). */
  pageSize?: number;
  /**
   * WAL pages that trigger a checkpoint at commit (default 10,000 ≈ 40 MB): rarer checkpoints
   * rewrite hot index pages less often (measured ~1.3× append throughput over SQLite's 1,000).
   */
  walAutoCheckpointPages?: number;
  /** The in-memory tail of recently committed events subscriptions are served from; false: always SQL. */
  recentEvents?: RecentEventsOptions | false;
}>;

export type SqliteEventStore = EventStore &
  Readonly<{
    /** Group-commit counters, for tests and diagnostics. */
    writeStats: () => GroupCommitStats & { queued: number };
  }>;

/**
 * The embedded event store: one SQLite file in WAL mode, written by a group-committing writer.
 * Reads and subscriptions go straight to the database (they see committed data only).
 *
 * Id reuse rule: an append whose expected revision does not match is a retry if its ids sit,
 * in order, right after the expected revision (success, original result); otherwise it is a
 * ConcurrencyError. An append whose expected revision matches but whose ids exist anywhere
 * already is a DuplicateEventIdError. An append with no events is an InvalidAppendError.
 */
export function openSqliteEventStore(options: SqliteEventStoreOptions): SqliteEventStore {
  const db = openDatabase(options.path, {
    synchronous: options.synchronous ?? 'FULL',
    busyTimeoutMs: options.busyTimeoutMs ?? 5000,
    pageSize: options.pageSize ?? 4096,
    walAutoCheckpointPages: options.walAutoCheckpointPages ?? 10_000,
  });
  const stmts = prepareStatements(db);
  const recent = options.recentEvents === false ? undefined : createRecentEvents(options.recentEvents);
  const reader = createReader(db, stmts, recent);
  const streamCache = createStreamInfoCache(stmts);
  const commitListeners = new Set<() => void>();
  const closeListeners = new Set<() => void>();
  let closed = false;
  let closing: Promise<void> | undefined;

  const writer = createGroupCommit({
    maxPendingOps: options.maxPendingAppends ?? 10_000,
    maxEventsPerCommit: options.maxEventsPerCommit ?? 20_000,
    commit: (ops) => {
      const result = commitBatch(stmts, streamCache, ops, Date.now());
      recent?.add(result.committed);
      return result;
    },
    onCommitted: () => commitListeners.forEach((listener) => listener()),
  });

  const notifier = {
    onCommit: (listener: () => void) => {
      commitListeners.add(listener);
      return () => void commitListeners.delete(listener);
    },
    onClose: (listener: () => void) => {
      closeListeners.add(listener);
      return () => void closeListeners.delete(listener);
    },
  };
  const tuning = { pollIntervalMs: options.pollIntervalMs ?? 200 };

  const ensureOpen = () => {
    if (closed) throw new StoreUnavailableError('event store is closed');
  };

  return {
    // The group commit applies operations in submission order (groupCommit.ts: one FIFO queue).
    orderedAppends: true,
    async append(streamName: string, events: readonly EventToAppend[], { expectedRevision }: AppendOptions): Promise<AppendResult> {
      ensureOpen();
      const serialized = serializeAppend(streamName, events);
      return (await writer.submit({ kind: 'append', streamName, events: serialized, expected: expectedRevision })) as AppendResult;
    },
    readStream: (streamName, readOptions) => reader.readStream(streamName, readOptions),
    readAll: (readOptions) => reader.readAll(readOptions),
    subscribeToAll: (subscribeOptions) => sqliteSubscription(reader, notifier, tuning, subscribeOptions),
    streamRevision: async (streamName) => reader.streamRevision(streamName),
    headPosition: async () => reader.head(),
    getStreamMetadata: async (streamName) => reader.getMetadata(streamName),
    async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
      ensureOpen();
      await writer.submit({ kind: 'metadata', streamName, json: serializeStreamMetadata(metadata) });
    },
    async deleteStream(streamName: string, { expectedRevision }: AppendOptions): Promise<void> {
      ensureOpen();
      await writer.submit({ kind: 'delete', streamName, expected: expectedRevision });
    },
    close(): Promise<void> {
      closing ??= (async () => {
        closed = true;
        // Commit what callers already submitted, end subscriptions, and only then close the file.
        await writer.close();
        [...closeListeners].forEach((listener) => listener());
        db.close();
      })();
      return closing;
    },
    writeStats: () => ({ ...writer.stats(), queued: writer.queued() }),
  };
}
