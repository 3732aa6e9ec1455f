/**
 * The OMS under test for the order-capture benchmark, in its own process (so the load generator
 * does not share its event loop): a fresh embedded store (SQLite, synchronous=FULL) in a temp
 * directory, a seeded network and catalogue, the real HTTP server on loopback. Prints
 * `READY <port> <apiKey>` once it listens; exits on SIGTERM after closing the stores.
 *
 *   node --import tsx bench/orders/captureServer.ts <skus> <processes:on|off> [FULL|NORMAL] [all|minimal]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openOms } from '../../api/bootstrap/openOms.js';
import { allProjections } from '../../api/bootstrap/projections.js';
import { createOmsApp } from '../../api/server.js';
import { putSku } from '../../application/catalog/putSku.js';
import { applyMovement } from '../../application/inventory/stockMovements.js';
import { registerNode, type RegisterNodeInput } from '../../application/network/nodeUseCases.js';
import { loadConfig } from '../../infrastructure/config/config.js';
import { readAdminKeyFile } from '../../infrastructure/secrets/adminKeyFile.js';

const skuCount = Number(process.argv[2] ?? 300);
const processes = process.argv[3] === 'on';
const synchronous = process.argv[4] === 'NORMAL' ? 'NORMAL' : 'FULL';
/** Diagnostic: `minimal` runs only the projections checkout reads (nodes, availability). */
const minimal = process.argv[5] === 'minimal';

const calendar = { workingDays: [1, 2, 3, 4, 5, 6], holidays: [] };
const dc = (id: string, lat: number, lng: number, region: string): RegisterNodeInput => ({
  id, type: 'dc', name: id, capabilities: ['ship', 'shipToStore'], processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 1_000_000, calendar,
  location: { lat, lng, country: 'FR', region, timezone: 'Europe/Paris' },
});
export const BENCH_NODES: readonly RegisterNodeInput[] = [
  dc('dc-paris', 48.9, 2.45, 'IDF'), dc('dc-lyon', 45.64, 5.11, 'ARA'), dc('dc-lille', 50.63, 3.06, 'HDF'), dc('dc-bordeaux', 44.84, -0.58, 'NAQ'),
];

const chunks = async <T>(items: readonly T[], size: number, f: (item: T) => Promise<unknown>) => {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(f));
};

const main = async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-capture-bench-'));
  const config = loadConfig({
    OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'bench', OMS_SQLITE_SYNCHRONOUS: synchronous, HOST: '127.0.0.1', PORT: '0',
    LOG_LEVEL: 'silent', OMS_RATE_LIMIT_PER_IP: '0', OMS_RATE_LIMIT_PER_KEY: '0', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0',
  });
  const projections = minimal ? allProjections.filter((p) => p.name === 'network_nodes' || p.name === 'availability') : allProjections;
  const oms = await openOms(config, { logger: pino({ level: 'silent' }), projections, ...(processes ? {} : { processes: { disabled: true } }) });
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  const now = new Date().toISOString();
  const meta = (id: string) => ({ now, commandId: `bench-seed-${id}`, actor: { kind: 'operator' as const, id: 'bench' } });
  for (const node of BENCH_NODES) await registerNode(deps, node, meta(`node-${node.id}`));
  const skus = Array.from({ length: skuCount }, (_, i) => `SKU-${String(i).padStart(4, '0')}`);
  await chunks(skus, 64, (sku) => putSku(deps, sku, { name: sku, prices: { EUR: '19.90' }, weightGrams: 300, taxClass: 'standard' }, meta(`sku-${sku}`)));
  const receipts = skus.flatMap((sku) => BENCH_NODES.map((n) => ({ node: n.id, sku })));
  await chunks(receipts, 64, (r) => applyMovement(deps, 'receipt', { ...r, quantity: 1_000_000, reference: 'BENCH' }, meta(`stock-${r.node}-${r.sku}`)));
  // Sourcing reads the node list and the positions from read models: wait until they hold the seed.
  for (const status of oms.projections.statuses()) {
    const runner = oms.projections.runner(status.processor.replace(/_v\d+$/, ''));
    if (!runner) continue;
    for await (const last of oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: runner.projection.filter })) await runner.waitFor(last.position, 120_000);
  }
  // Profile only the load phase (start-up and seeding would dominate a whole-process profile).
  const profileTo = process.env.CAPTURE_PROFILE;
  const session = profileTo ? new Session() : undefined;
  if (session) {
    session.connect();
    await session.post('Profiler.enable');
    await session.post('Profiler.start');
  }
  const app = createOmsApp(oms);
  const server = app.listen(0, '127.0.0.1', () => {
    const { port } = server.address() as AddressInfo;
    process.stdout.write(`READY ${port} ${readAdminKeyFile(dataDir) ?? ''}\n`);
  });
  server.keepAliveTimeout = 60_000;
  const stop = async () => {
    if (session && profileTo) writeFileSync(profileTo, JSON.stringify((await session.post('Profiler.stop')).profile));
    server.close();
    server.closeAllConnections();
    void oms.close().finally(() => {
      rmSync(dataDir, { recursive: true, force: true });
      process.exit(0);
    });
  };
  process.once('SIGTERM', () => void stop());
  process.once('SIGINT', () => void stop());
};

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
