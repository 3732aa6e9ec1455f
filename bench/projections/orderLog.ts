import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openOms } from '../../api/bootstrap/openOms.js';
import { embeddedDatabasePath } from '../../api/bootstrap/openStores.js';
import { forEachLimited } from '../../application/inventory/forEachLimited.js';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { settleProjections } from '../inventory/inventorySeed.js';
import { driveOrders, seedOrderWorld } from './orderTraffic.js';
import { copyOf, createReplicator } from './replicate.js';

/**
 * A data directory holding an embedded OMS store with realistic order traffic: the world and
 * `templateOrders` orders recorded through the real command path (read models caught up to
 * there), then grown to `totalEvents` by appending copies of those orders' events.
 */
export type OrderLog = Readonly<{
  dataDir: string;
  dbPath: string;
  config: OmsConfig;
  /** Position after the seed (network, catalog, stock). */
  seedHead: bigint;
  /** Position after the template orders: the read models are caught up to here. */
  templateHead: bigint;
  head: bigint;
  /** The template orders' events (everything after seedHead). */
  template: readonly RecordedEvent[];
  remove: () => void;
}>;

export type OrderLogOptions = Readonly<{ templateOrders: number; totalEvents: number; skus: number; log: (line: string) => void }>;

export const benchConfig = (dataDir: string, synchronous: 'FULL' | 'NORMAL' = 'FULL'): OmsConfig =>
  loadConfig({
    OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'bench', OMS_SQLITE_SYNCHRONOUS: synchronous, HOST: '127.0.0.1', PORT: '0',
    LOG_LEVEL: 'silent', OMS_RATE_LIMIT_PER_IP: '0', OMS_RATE_LIMIT_PER_KEY: '0', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0',
  });

export const readTemplate = async (path: string, after: bigint): Promise<RecordedEvent[]> => {
  const store = openSqliteEventStore({ path });
  try {
    const events: RecordedEvent[] = [];
    for await (const e of store.readAll({ after })) events.push(e);
    return events;
  } finally {
    await store.close();
  }
};

/** Appends copies 1..n of `template` (64 copies in flight, SKUs spread over `skus`) until the log holds `totalEvents`. */
export const growLog = async (path: string, template: readonly RecordedEvent[], totalEvents: number, skus: number, log: (line: string) => void): Promise<bigint> => {
  const store = openSqliteEventStore({ path, synchronous: 'NORMAL' });
  try {
    const head = await store.headPosition();
    const copies = Math.max(0, Math.ceil((totalEvents - Number(head)) / template.length));
    const replicator = createReplicator(store);
    const started = performance.now();
    let done = 0;
    await forEachLimited(Array.from({ length: copies }, (_, i) => i + 1), 64, async (copy) => {
      await replicator.appendCopy(copyOf(template, copy, skus));
      if (++done % 5_000 === 0) log(`  appended ${done}/${copies} copies (${((done * template.length) / ((performance.now() - started) / 1000)).toFixed(0)} events/s)`);
    });
    return await store.headPosition();
  } finally {
    await store.close();
  }
};

export const buildOrderLog = async (options: OrderLogOptions): Promise<OrderLog> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-order-log-'));
  const remove = () => rmSync(dataDir, { recursive: true, force: true });
  try {
    const config = benchConfig(dataDir, 'NORMAL');
    const oms = await openOms(config, { logger: pino({ level: 'silent' }) });
    let seedHead: bigint;
    let templateHead: bigint;
    try {
      const t0 = performance.now();
      await seedOrderWorld(oms, options.skus);
      seedHead = await oms.eventStore.headPosition();
      const traffic = await driveOrders(oms, { orders: options.templateOrders, skus: options.skus });
      await settleProjections(oms, 300_000);
      templateHead = await oms.eventStore.headPosition();
      options.log(`template: ${traffic.delivered} orders delivered (${traffic.failed} refused), ${templateHead - seedHead} events after a ${seedHead}-event seed, ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      await oms.close();
    }
    const dbPath = embeddedDatabasePath(config);
    const template = await readTemplate(dbPath, seedHead);
    const t1 = performance.now();
    const head = await growLog(dbPath, template, options.totalEvents, options.skus, options.log);
    if (head > templateHead) options.log(`grown to ${head} events by copies of the template, ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    return { dataDir, dbPath, config: benchConfig(dataDir), seedHead, templateHead, head, template, remove };
  } catch (error) {
    remove();
    throw error;
  }
};
