/**
 * Availability projection lag at a fixed 1,000 inventory events/s: the embedded deployment (one
 * SQLite file holding the event store and every read model, synchronous=FULL, every OMS
 * projection running), an open-loop generator issuing receipts, reservations and releases over
 * 1,000 SKUs × 3 nodes every 10 ms, and for every event the time from its durable append (the
 * store's commit clock) to the commit of the availability read-model transaction that applied it.
 *
 *   npx tsx bench/inventory/projectionLagBench.ts [--quick]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { openOms } from '../../api/bootstrap/openOms.js';
import { allProjections } from '../../api/bootstrap/projections.js';
import { releaseReservation, reserveStock } from '../../application/inventory/reservations.js';
import { applyMovement } from '../../application/inventory/stockMovements.js';
import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { loadConfig } from '../../infrastructure/config/config.js';
import { availabilityProjection, AVAILABILITY_STREAM_PREFIXES } from '../../projections/inventory/availabilityProjection.js';
import type { BatchProjection } from '../../projections/runtime/projection.js';
import { createProjectionRunner } from '../../projections/runtime/projectionRunner.js';
import type { BenchOptions, BenchResult } from '../lib/benchResult.js';
import { median, percentiles } from '../lib/stats.js';
import { runStandalone } from '../lib/standalone.js';
import { benchSku, seedInventoryNetwork, settleProjections } from './inventorySeed.js';

const RATE = 1_000;
const TICK_MS = 10;
const NODES = ['dc-lyon', 'dc-dortmund', 'store-paris-rivoli'];

type RunOutcome = Readonly<{ events: number; p50: number; p99: number; max: number; achieved: number }>;

const oneRun = async (seconds: number, skus: number, tag: string): Promise<RunOutcome> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-lag-bench-'));
  const config = loadConfig({
    OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'bench', OMS_SQLITE_SYNCHRONOUS: 'FULL', LOG_LEVEL: 'silent',
    OMS_INVENTORY_VERIFY_INTERVAL_MS: '0', OMS_RATE_LIMIT_PER_IP: '0', OMS_RATE_LIMIT_PER_KEY: '0',
  });
  // Every projection of the OMS runs as in production, except availability, which runs here with a probe.
  const oms = await openOms(config, { logger: pino({ level: 'silent' }), projections: allProjections.filter((p) => p.name !== 'availability') });
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  try {
    await seedInventoryNetwork(deps, skus, 100_000);
    await settleProjections(oms, 300_000);
    const inner = availabilityProjection();
    let pending: RecordedEvent[] = [];
    let measuring = false;
    const lags: number[] = [];
    const probe: BatchProjection = { ...inner, apply: async (events, ctx) => { pending = [...events]; await inner.apply(events, ctx); } };
    const runner = createProjectionRunner(oms.eventStore, oms.readStore, probe, {
      // Called right after the batch's transaction committed: every event in it became visible now.
      onLag: () => {
        const now = Date.now();
        if (measuring) for (const e of pending) if (AVAILABILITY_STREAM_PREFIXES.some((p) => e.streamName.startsWith(p))) lags.push(now - e.created.getTime());
        pending = [];
      },
    });
    await runner.start();
    await runner.waitUntilCaughtUp(300_000);

    const held: { id: string; node: string; sku: string }[] = [];
    let issued = 0;
    let seq = 0;
    const inflight = new Set<Promise<unknown>>();
    const fire = () => {
      const i = seq++;
      const node = NODES[i % NODES.length]!;
      const sku = benchSku((i * 7919) % skus);
      const meta = { now: new Date().toISOString(), commandId: `${tag}-${i}` };
      const kind = i % 4;
      const hold = kind === 3 ? held.shift() : undefined;
      const work = kind === 0
        ? applyMovement(deps, 'receipt', { node, sku, quantity: 5, reference: 'LAG' }, meta)
        : hold
          ? releaseReservation(deps, { reservationId: hold.id, node: hold.node, sku: hold.sku }, meta)
          : reserveStock(deps, { node, sku, quantity: 1, orderId: `o-${i}`, lineId: 'l', ttlSeconds: 3600 }, meta).then((r) => void held.push({ id: r.reservationId, node, sku }));
      const tracked = work.catch(() => undefined).finally(() => inflight.delete(tracked));
      inflight.add(tracked);
      issued += 1;
    };
    const perTick = (RATE * TICK_MS) / 1000;
    const started = performance.now();
    measuring = true;
    await new Promise<void>((resolve) => {
      const timer = setInterval(() => {
        // Open loop: catch up on ticks the event loop missed, so the offered rate stays 1,000/s.
        const due = Math.floor(((performance.now() - started) / 1000) * RATE);
        while (issued < due) fire();
        if (performance.now() - started >= seconds * 1000) {
          clearInterval(timer);
          resolve();
        }
      }, TICK_MS);
    });
    await Promise.all(inflight);
    const head = await oms.eventStore.headPosition();
    await runner.waitFor(head, 60_000);
    measuring = false;
    await runner.stop();
    const elapsed = (performance.now() - started) / 1000;
    const [p50, p99] = percentiles(lags, [50, 99]);
    return { events: lags.length, p50: p50!, p99: p99!, max: Math.max(...lags), achieved: lags.length / elapsed };
  } finally {
    await oms.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
};

export const run = async (options: BenchOptions): Promise<BenchResult[]> => {
  const runs = options.quick ? 1 : 3;
  const seconds = options.quick ? 5 : 20;
  const skus = options.quick ? 200 : 1_000;
  const outcomes: RunOutcome[] = [];
  for (let r = 0; r < runs; r++) {
    const o = await oneRun(seconds, skus, `lag${r}`);
    options.log(`run ${r + 1}: ${o.events} events (${o.achieved.toFixed(0)}/s), lag p50 ${o.p50} ms, p99 ${o.p99} ms, max ${o.max} ms`);
    outcomes.push(o);
  }
  const p99s = outcomes.map((o) => o.p99);
  const p99 = median(p99s);
  return [{
    name: `availability projection lag at ${RATE} inventory events/s (${skus} SKUs × ${NODES.length} nodes, all projections on)`,
    unit: 'ms p99',
    median: p99,
    min: Math.min(...p99s),
    max: Math.max(...p99s),
    runs: p99s,
    p50: median(outcomes.map((o) => o.p50)),
    p99,
    target: 100,
    lowerIsBetter: true,
    meetsTarget: p99 <= 100,
    notes: `append→visible per event; achieved ${outcomes.map((o) => o.achieved.toFixed(0)).join('/')} events/s; max ${outcomes.map((o) => o.max).join('/')} ms`,
  }];
};

await runStandalone(import.meta.url, 'inventory-projection-lag', run);
