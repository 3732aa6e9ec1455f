/**
 * The OMS under test for the inventory HTTP benchmarks, in its own process (so the load generator
 * does not share its event loop): a fresh embedded store (SQLite, synchronous=FULL) in a temp
 * directory, the demo network (2 DCs + 4 stores), the `online` and `store-pickup` views, `<skus>`
 * SKUs stocked at every DC and at two stores, the real HTTP server on loopback. Prints
 * `READY <port> <apiKey>` once the availability projection holds the seed.
 *
 *   node --import tsx bench/inventory/inventoryServer.ts <skus>
 */
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openOms } from '../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../api/server.js';
import { loadConfig } from '../../infrastructure/config/config.js';
import { readAdminKeyFile } from '../../infrastructure/secrets/adminKeyFile.js';
import { seedInventoryNetwork, settleProjections } from './inventorySeed.js';

const skuCount = Number(process.argv[2] ?? 1000);

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-inventory-bench-'));
  const config = loadConfig({
    OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'bench', OMS_SQLITE_SYNCHRONOUS: 'FULL', HOST: '127.0.0.1', PORT: '0',
    LOG_LEVEL: 'silent', OMS_RATE_LIMIT_PER_IP: '0', OMS_RATE_LIMIT_PER_KEY: '0', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0',
  });
  const oms = await openOms(config, { logger: pino({ level: 'silent' }) });
  await seedInventoryNetwork({ commands: oms.commands, eventStore: oms.eventStore }, skuCount);
  await settleProjections(oms, 300_000);
  const app = createOmsApp(oms);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`READY ${port} ${readAdminKeyFile(dataDir) ?? ''}\n`);
  });
  server.keepAliveTimeout = 60_000;
  const stop = () => {
    server.close();
    server.closeAllConnections();
    void oms.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
