/**
 * RSS of the OMS server holding a large log: an embedded data directory with realistic order
 * traffic (bench/projections/orderLog.ts: orders recorded through the real command path, grown by
 * copies to 1,000,000 events), the server started on it in its own process and caught up (every
 * projection and process manager), then its resident set measured after full GCs while idle and
 * sampled from /proc under a light read load (GET /orders/:id and GET /orders, 100 req/s).
 *
 *   npx tsx bench/memory/serverMemoryBench.ts [--quick] [--events N]
 *   npx tsx bench/memory/serverMemoryBench.ts --data-dir DIR   (an existing embedded data directory,
 *     e.g. a copy of the full UCI import's: real data instead of the replicated log; the server may
 *     write to it — due timers fire — so pass a copy)
 */
import autocannon from 'autocannon';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { summarize } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { join } from 'node:path';
import { openSqliteEventStore } from '../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { buildOrderLog } from '../projections/orderLog.js';

const SERVER = fileURLToPath(new URL('./memoryServer.ts', import.meta.url));
const TARGET_MB = 500;
const MB = 1024 * 1024;

const argValue = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};

/** Resident set of a process from /proc (what the OS charges it, native SQLite pages included). */
export const rssOf = (pid: number): number => {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (kb === undefined) throw new Error(`no VmRSS for process ${pid}`);
  return Number(kb) * 1024;
};

type Server = Readonly<{ child: ChildProcess; port: number; key: string; catchUpMs: number; stop: () => Promise<void> }>;

const startServer = (dataDir: string): Promise<Server> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', SERVER, dataDir], { stdio: ['ignore', 'pipe', 'inherit', 'ipc'] });
    let out = '';
    const stop = async () => {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((done) => child.once('exit', done));
    };
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /READY (\d+) (\S+) (\d+)/.exec(out);
      if (m) resolve({ child, port: Number(m[1]), key: m[2]!, catchUpMs: Number(m[3]), stop });
    });
    child.on('exit', (code) => reject(new Error(`memory server exited with ${code} before it was ready`)));
  });

/** Asks the server to collect garbage twice, then reads its RSS from /proc. */
const rssAfterGc = (server: Server): Promise<number> =>
  new Promise((resolve, reject) => {
    server.child.once('message', () => {
      try {
        resolve(rssOf(server.child.pid!));
      } catch (error) {
        reject(error);
      }
    });
    server.child.send('measure');
  });

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type MeasuredLog = Readonly<{ dataDir: string; head: bigint; newEvents: bigint; orderIds: (server: Server) => Promise<string[]>; remove: () => void }>;

/** The replicated order log of `orderLog.ts`, built for this run and removed after it. */
const builtLog = async (options: BenchOptions): Promise<MeasuredLog> => {
  const totalEvents = Number(argValue('--events') ?? (options.quick ? 50_000 : 1_000_000));
  const log = await buildOrderLog({ templateOrders: options.quick ? 10 : 40, totalEvents, skus: options.quick ? 100 : 1_000, log: options.log });
  const ids = log.template.filter((e) => e.type === 'OrderPlaced').map((e) => (e.data as { orderId: string }).orderId);
  return { dataDir: log.dataDir, head: log.head, newEvents: log.head - log.templateHead, orderIds: async () => ids, remove: log.remove };
};

/** An existing data directory (kept); the orders to read are the newest ones its order list shows. */
const existingLog = async (dataDir: string): Promise<MeasuredLog> => {
  const store = openSqliteEventStore({ path: join(dataDir, 'oms.db') });
  const head = await store.headPosition().finally(() => store.close());
  return {
    dataDir, head, newEvents: 0n, remove: () => undefined,
    orderIds: async (server) => {
      const response = await fetch(`http://127.0.0.1:${server.port}/orders?limit=100`, { headers: { authorization: `Bearer ${server.key}` } });
      const body = (await response.json()) as { items?: { orderId: string }[] };
      const ids = (body.items ?? []).map((o) => o.orderId);
      if (ids.length === 0) throw new Error(`GET /orders on ${dataDir} listed no orders (HTTP ${response.status})`);
      return ids;
    },
  };
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const dataDir = argValue('--data-dir');
  const log = dataDir ? await existingLog(dataDir) : await builtLog(options);
  try {
    options.log(`starting the server on ${log.head} events (it catches up every projection first)`);
    const server = await startServer(log.dataDir);
    try {
      options.log(`caught up in ${(server.catchUpMs / 1000).toFixed(1)} s (${(Number(log.newEvents) / (server.catchUpMs / 1000)).toFixed(0)} new events/s)`);
      const idle: number[] = [];
      for (let i = 0; i < 3; i++) {
        await sleep(1_000);
        idle.push(await rssAfterGc(server));
      }
      const orderIds = await log.orderIds(server);
      const headers = { authorization: `Bearer ${server.key}` };
      const loaded: number[] = [];
      const sampler = setInterval(() => loaded.push(rssOf(server.child.pid!)), 250);
      const seconds = options.quick ? 5 : 20;
      let i = 0;
      const load = {
        url: `http://127.0.0.1:${server.port}`,
        connections: 4,
        overallRate: 100,
        duration: seconds,
        requests: [{ method: 'GET', setupRequest: (req: { path?: string }) => ({ ...req, path: i++ % 5 === 4 ? '/orders?limit=20' : `/orders/${orderIds[i % orderIds.length]}`, headers }) }],
      };
      const result = await autocannon(load);
      clearInterval(sampler);
      const afterLoad = await rssAfterGc(server);
      const non2xx = result.non2xx + result.errors;
      options.log(`idle after GC ${idle.map((r) => (r / MB).toFixed(0)).join('/')} MB; under load max ${(Math.max(...loaded) / MB).toFixed(0)} MB (${result.requests.total} requests, ${non2xx} not 2xx); after load + GC ${(afterLoad / MB).toFixed(0)} MB`);
      const mb = (values: number[]) => values.map((v) => ({ value: Math.round(v / MB) }));
      const notes = `${log.head} events; server caught up in ${(server.catchUpMs / 1000).toFixed(0)} s; ${result.requests.total} reads, ${non2xx} not 2xx`;
      return [
        summarize(`server RSS after GC, ${log.head} events, idle`, 'MB', mb(idle), { target: TARGET_MB, lowerIsBetter: true, notes }),
        summarize(`server RSS under 100 req/s reads (max of ${loaded.length} samples per run)`, 'MB', mb([Math.max(...loaded)]), { target: TARGET_MB, lowerIsBetter: true }),
      ];
    } finally {
      await server.stop();
    }
  } finally {
    log.remove();
  }
};

await runStandalone(import.meta.url, 'memory', run);
