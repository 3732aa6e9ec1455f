/**
 * The OMS server for the memory benchmark, in its own process: opens an existing embedded data
 * directory (every projection and process manager as in `oms serve`), waits until every
 * projection has caught up with the log, then listens on loopback and prints
 * `READY <port> <apiKey> <catchUpMs>`. Answers the IPC message `measure` with its memory after
 * two full garbage collections (run with --expose-gc). Exits on SIGTERM.
 *
 *   node --expose-gc --import tsx bench/memory/memoryServer.ts <dataDir>
 */
import type { AddressInfo } from 'node:net';
import pino from 'pino';
import { openOms } from '../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../api/server.js';
import { readAdminKeyFile } from '../../infrastructure/secrets/adminKeyFile.js';
import { settleProjections } from '../inventory/inventorySeed.js';
import { benchConfig } from '../projections/orderLog.js';

const dataDir = process.argv[2];
if (!dataDir) throw new Error('usage: memoryServer.ts <dataDir>');

const main = async () => {
  const started = performance.now();
  const oms = await openOms(benchConfig(dataDir), { logger: pino({ level: 'silent' }) });
  await settleProjections(oms, 3_600_000);
  await oms.processes?.waitUntilIdle(3_600_000);
  const catchUpMs = performance.now() - started;
  const app = createOmsApp(oms);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`READY ${port} ${readAdminKeyFile(dataDir) ?? '-'} ${catchUpMs.toFixed(0)}\n`);
  });
  process.on('message', (message) => {
    if (message !== 'measure') return;
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    gc?.();
    process.send?.({ gc: gc !== undefined, ...process.memoryUsage() });
  });
  process.once('SIGTERM', () => {
    server.close();
    server.closeAllConnections();
    void oms.close().finally(() => process.exit(0));
  });
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
