import type { OmsConfig } from '../../infrastructure/config/config.js';

/**
 * An import's command cache at least this large. A replay keeps every inventory position busy at
 * once: on the whole UCI file (12,631 positions holding 1.73 M events, 91,400 streams in all) the
 * server's default budget of 1 M command ids made the cache evict positions that sold again soon
 * after, and the run re-read 21.4 M events (10× the log) — 97 % of them in its last 30 %, where
 * the rate fell from ~9 to ~2.5 invoices/s. With 4 M ids and 100,000 streams a simulation of the
 * same log's command sequence re-reads none (`bench/import/commandCacheSimulation.ts`). Costs
 * ≈ 110 bytes of heap per remembered id; an import is a batch job with the machine to itself.
 */
export const IMPORT_COMMAND_CACHE_STREAMS = 100_000;
export const IMPORT_COMMAND_CACHE_COMMAND_IDS = 4_000_000;

/**
 * The configuration an import (a batch replay of a data set through the command path) opens the
 * OMS with: as configured, minus the scheduled inventory drift check, and with a command cache at
 * least as large as above. The drift check rebuilds inventory read models on the main thread;
 * during a replay it only competes with the replay (on the 1.9M-event UCI store one run stalled
 * the import for minutes). Run `oms verify inventory` after the import instead.
 */
export const batchReplayConfig = (config: OmsConfig): OmsConfig => ({
  ...config,
  inventoryVerifyIntervalMs: 0,
  commandCacheStreams: Math.max(config.commandCacheStreams, IMPORT_COMMAND_CACHE_STREAMS),
  commandCacheCommandIds: Math.max(config.commandCacheCommandIds, IMPORT_COMMAND_CACHE_COMMAND_IDS),
});
