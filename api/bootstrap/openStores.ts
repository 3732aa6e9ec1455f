import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { OmsConfig } from '../../infrastructure/config/config.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { openEsdbEventStore } from '../../infrastructure/eventstore/esdb/esdbEventStore.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore } from '../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { openMongoReadStore } from '../../infrastructure/readstore/mongo/mongoReadStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';

export type Stores = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  /** Which adapters are in use, for /health and the logs. */
  kind: Readonly<{ eventStore: 'sqlite' | 'eventstoredb'; readStore: 'embedded' | 'mongodb' }>;
  /** True when this process is the only writer (embedded default): leases are not needed. */
  singleProcess: boolean;
}>;

/** The embedded default keeps everything in one SQLite file: `<OMS_DATA_DIR>/oms.db`. */
export const embeddedDatabasePath = (config: OmsConfig): string => join(config.dataDir, 'oms.db');

export const openStores = async (config: OmsConfig): Promise<Stores> => {
  const needsFile = !config.eventStoreUrl || !config.mongoUrl;
  if (needsFile) mkdirSync(config.dataDir, { recursive: true });
  const path = embeddedDatabasePath(config);
  const eventStore: EventStore = config.eventStoreUrl
    ? await openEsdbEventStore({ connectionString: config.eventStoreUrl })
    : openSqliteEventStore({ path, synchronous: config.sqliteSynchronous });
  const readStore: ReadStore = config.mongoUrl
    ? await openMongoReadStore({ url: config.mongoUrl, dbName: config.mongoDb })
    : await openEmbeddedReadStore({ path, synchronous: config.sqliteSynchronous });
  return {
    eventStore,
    readStore,
    kind: { eventStore: config.eventStoreUrl ? 'eventstoredb' : 'sqlite', readStore: config.mongoUrl ? 'mongodb' : 'embedded' },
    singleProcess: !config.eventStoreUrl && !config.mongoUrl,
  };
};
