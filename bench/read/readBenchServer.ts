/**
 * A whole OMS (embedded stores in a temp directory, the same code path as `npm start`) serving
 * HTTP on loopback for the read-side benchmarks, and a fixed-rate load run with autocannon.
 */
import autocannon from 'autocannon';
import { mkdtempSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openOms, type Oms } from '../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../api/server.js';
import { loadConfig } from '../../infrastructure/config/config.js';
import { readAdminKeyFile } from '../../infrastructure/secrets/adminKeyFile.js';

export type ReadBenchServer = Readonly<{ oms: Oms; base: string; adminKey: string; close: () => Promise<void> }>;

export const startReadBenchServer = async (): Promise<ReadBenchServer> => {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'read-bench-'));
  const config = loadConfig({
    ...process.env, OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'bench', NODE_ENV: 'production',
    OMS_RATE_LIMIT_PER_IP: '0', OMS_RATE_LIMIT_PER_KEY: '0', OMS_REAPER_INTERVAL_MS: '3600000', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0',
  });
  const oms = await openOms(config, { logger: pino({ level: 'silent' }), processes: { disabled: true } });
  const app = createOmsApp(oms);
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  return {
    oms,
    base: `http://127.0.0.1:${port}`,
    adminKey: readAdminKeyFile(dataDir) ?? '',
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await oms.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};

export type RateOutcome = Readonly<{ p50: number; p99: number; max: number; requests: number; non2xx: number; errors: number; rps: number }>;

/**
 * `rate` requests per second for `seconds`, spread over a few connections, each request's path
 * from `pathOf(i)`. Latencies are autocannon's (ms, from request written to response read).
 */
export const fixedRate = async (base: string, rate: number, seconds: number, pathOf: (i: number) => string, headers: Record<string, string> = {}): Promise<RateOutcome> => {
  let n = 0;
  // overallRate and headers are autocannon options the shared declaration (bench/orders/autocannon.d.ts) does not list.
  const options = {
    url: base,
    connections: 4,
    overallRate: rate,
    duration: seconds,
    headers,
    requests: [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: pathOf(n++) }) }],
  };
  const result = await autocannon(options);
  return {
    p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max, requests: result.requests.total,
    non2xx: result.non2xx, errors: result.errors, rps: result.requests.average,
  };
};
