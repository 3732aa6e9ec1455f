import { readStreamInfo, type StreamInfo, type Statements } from './schema.js';

/** Stream lookups within one write transaction; `commit()` publishes them to the shared cache. */
export type TransactionStreams = Readonly<{
  get: (streamName: string) => StreamInfo;
  set: (streamName: string, info: StreamInfo) => void;
  commit: () => void;
}>;

/**
 * Caches what the writer knows about streams (last revision, deleted, incarnation start), so a
 * hot stream's append costs one INSERT and no SELECTs. Safe with other writers on the same file:
 * `PRAGMA data_version` changes when another connection committed, and then the cache is dropped.
 * Entries learned in a transaction are published only after its COMMIT succeeded.
 */
export function createStreamInfoCache(stmts: Statements, maxEntries = 100_000) {
  const cache = new Map<string, StreamInfo>();
  let dataVersion: bigint | undefined;

  /** Call inside the write transaction (the write lock is held, so nobody commits meanwhile). */
  function begin(): TransactionStreams {
    const version = stmts.dataVersion.get() as bigint;
    if (version !== dataVersion) {
      cache.clear();
      dataVersion = version;
    }
    const learned = new Map<string, StreamInfo>();
    return {
      get(streamName) {
        let info = learned.get(streamName) ?? cache.get(streamName);
        if (info === undefined) {
          info = readStreamInfo(stmts, streamName);
          learned.set(streamName, info);
        }
        return info;
      },
      set: (streamName, info) => void learned.set(streamName, info),
      commit() {
        if (cache.size + learned.size > maxEntries) cache.clear();
        for (const [name, info] of learned) cache.set(name, info);
      },
    };
  }

  /** After a failed transaction nothing learned is trusted. */
  const invalidate = () => {
    cache.clear();
    dataVersion = undefined;
  };

  return { begin, invalidate };
}

export type StreamInfoCache = ReturnType<typeof createStreamInfoCache>;
