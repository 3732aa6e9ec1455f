import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OmsConfig } from '../../infrastructure/config/config.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { openEsdbEventStore } from '../../infrastructure/eventstore/esdb/esdbEventStore.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { openMongoReadStore } from '../../infrastructure/readstore/mongo/mongoReadStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { KEYS_COLLECTION } from '../../infrastructure/secrets/readStoreKeyRows.js';
import { API_KEYS_COLLECTION } from '../../application/security/apiKeys.js';
import { SECURITY_STATE_COLLECTION } from '../../application/security/bootstrapAdmin.js';
import { WEBHOOK_SUBSCRIPTIONS } from '../../application/integration/webhookSubscriptions.js';

/** Read-store data no event log holds: every acknowledged write is synced even below synchronous=FULL. */
export const DURABLE_COLLECTIONS = [API_KEYS_COLLECTION, KEYS_COLLECTION, SECURITY_STATE_COLLECTION, WEBHOOK_SUBSCRIPTIONS];

export type Stores = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  /** Which adapters are in use, for /health and the logs. */
  kind: Readonly<{ eventStore: 'sqlite' | 'eventstoredb'; readStore: 'embedded' | 'mongodb' }>;
  /** True when this process is the only writer (embedded default): leases are not needed. */
  singleProcess: boolean;
}>;

/**
 * The embedded default keeps everything in one SQLite file: `<OMS_DATA_DIR>/oms.db`.
 *
 * Why the read models commit with `synchronous=NORMAL` there while the events keep FULL: both
 * connections append to the same write-ahead log, in commit order, and an fsync of that log makes
 * every frame before it durable. So each durable event commit also makes every read-model commit
 * made before it durable; a power cut can only lose read-model commits made after the last event
 * commit. Those are projection batches (redone from their checkpoint, which is in the same
 * transaction), idempotency and access-log records written after their command's events (a retried
 * command is still idempotent by its command id), and nothing that an event depends on (key rows
 * for sealed PII are written before the event that uses them). A process crash (kill -9) loses
 * nothing at all: NORMAL only skips the fsync, the log is already in the OS. The few collections
 * that hold data no event log has (DURABLE_COLLECTIONS) are synced on every write regardless.
 */
export const embeddedDatabasePath = (config: OmsConfig): string => join(config.dataDir, 'oms.db');

/** "file is not a database" alone does not say which file: name it (the original stays the cause). */
const naming = <T>(what: string, open: () => T): T => {
  try {
    return open();
  } catch (error) {
    throw new Error(`${what}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
};

export const openStores = async (config: OmsConfig): Promise<Stores> => {
  const needsFile = !config.eventStoreUrl || !config.mongoUrl;
  if (needsFile) naming(`cannot create OMS_DATA_DIR ${config.dataDir}`, () => mkdirSync(config.dataDir, { recursive: true }));
  const path = embeddedDatabasePath(config);
  const eventStore: EventStore = config.eventStoreUrl
    ? await openEsdbEventStore({ connectionString: config.eventStoreUrl })
    : naming(`cannot open ${path}`, () => openSqliteEventStore({ path, synchronous: config.sqliteSynchronous }));
  const readStore: ReadStore = config.mongoUrl
    ? await openMongoReadStore({ url: config.mongoUrl, dbName: config.mongoDb, checkScope: config.readStoreCheckScope })
    : await openEmbeddedReadStore({
        path,
        synchronous: config.readStoreSynchronous,
        checkScope: config.readStoreCheckScope,
        durableCollections: DURABLE_COLLECTIONS,
      });
  return {
    eventStore,
    readStore,
    kind: { eventStore: config.eventStoreUrl ? 'eventstoredb' : 'sqlite', readStore: config.mongoUrl ? 'mongodb' : 'embedded' },
    singleProcess: !config.eventStoreUrl && !config.mongoUrl,
  };
};
