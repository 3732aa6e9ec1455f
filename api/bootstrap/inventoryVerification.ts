import type { Registry } from 'prom-client';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { openEmbeddedReadStore } from '../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { verifiedInventoryProjections } from '../../projections/inventory/inventoryProjections.js';
import { nextSkuSample } from '../../projections/inventory/skuSample.js';
import { verifyProjections, type VerifyReport } from '../../projections/inventory/verifyProjections.js';
import { verifySampledProjections } from '../../projections/inventory/verifySampledProjections.js';
import { inventoryMetrics } from './inventoryMetrics.js';

export type VerificationStores = Readonly<{ eventStore: EventStore; readStore: ReadStore; metrics?: Registry }>;

const inFlight = new WeakMap<ReadStore, Promise<VerifyReport>>();
const sampledInFlight = new WeakMap<ReadStore, Promise<VerifyReport>>();

/** Runs `check` against a fresh in-memory scratch store, records the metrics, shares concurrent calls. */
const runShared = (
  runs: WeakMap<ReadStore, Promise<VerifyReport>>,
  stores: VerificationStores,
  check: (scratch: ReadStore) => Promise<VerifyReport>,
): Promise<VerifyReport> => {
  const running = runs.get(stores.readStore);
  if (running) return running;
  const run = (async () => {
    const scratch = await openEmbeddedReadStore({ path: ':memory:' });
    try {
      const report = await check(scratch);
      if (stores.metrics) {
        const metrics = inventoryMetrics(stores.metrics);
        metrics.drift.set(report.drift);
        metrics.lastVerified.set(Date.now() / 1000);
      }
      return report;
    } finally {
      await scratch.close();
      runs.delete(stores.readStore);
    }
  })();
  runs.set(stores.readStore, run);
  return run;
};

/**
 * `oms verify inventory`: rebuilds the availability and reservation read models from the events
 * into a scratch in-memory store and compares them document by document with the live ones.
 * Concurrent calls share one run. Updates `oms_inventory_drift_documents` when given a registry.
 */
export const verifyInventory = (stores: VerificationStores): Promise<VerifyReport> =>
  runShared(inFlight, stores, (scratch) => verifyProjections(stores.eventStore, stores.readStore, scratch, verifiedInventoryProjections()));

export type SampledInventoryVerifier = Readonly<{
  /** Verifies the next sample of SKUs and moves the cursor past it. */
  run: () => Promise<VerifyReport>;
  /** The last SKU checked so far (the next run starts after it); undefined before the first run. */
  cursor: () => string | undefined;
}>;

/**
 * The scheduled drift check: each run verifies the next `sampleSkus` SKUs in SKU order after an
 * in-memory cursor, wrapping around, so every SKU is covered over ceil(skus / sampleSkus) runs at
 * a cost bounded by the sample (not by the log). `sampleSkus` 0 = the full check on every run.
 * The drift gauge then shows the drift found in the last sample.
 */
export const createSampledInventoryVerifier = (stores: VerificationStores, sampleSkus: number): SampledInventoryVerifier => {
  let after: string | undefined;
  return {
    cursor: () => after,
    run: () => {
      if (sampleSkus <= 0) return verifyInventory(stores);
      return runShared(sampledInFlight, stores, async (scratch) => {
        const skus = await nextSkuSample(stores.readStore, after, sampleSkus);
        const report = await verifySampledProjections(stores.eventStore, stores.readStore, scratch, verifiedInventoryProjections(), skus);
        if (skus.length > 0) after = skus.at(-1);
        return report;
      });
    },
  };
};

/** Human-readable summary for the CLI and the logs. */
export const formatVerifyReport = (report: VerifyReport): string => {
  const lines = report.collections.map((c) =>
    `  ${c.collection.padEnd(32)} at ${String(c.position ?? 'never run').padEnd(10)} live ${String(c.live).padStart(7)}  rebuilt ${String(c.rebuilt).padStart(7)}  drift ${c.drift}`);
  const head = report.drift === 0 ? 'inventory: no drift' : `inventory: DRIFT in ${report.drift} document(s)`;
  const samples = report.samples.map((s) =>
    `  ${s.kind.padEnd(9)} ${s.collection}/${s.id}${s.fields ? ` fields ${s.fields.join(', ')}: live ${JSON.stringify(s.live)} rebuilt ${JSON.stringify(s.rebuilt)}` : ''}`);
  const sample = report.sample
    ? [`  sample: ${report.sample.count} SKU(s)${report.sample.count > 0 ? ` ${report.sample.skus[0]} … ${report.sample.skus.at(-1)}` : ''} (documents of other SKUs not compared)`]
    : [];
  return [head, ...sample, ...lines, ...(samples.length > 0 ? ['differences:', ...samples] : [])].join('\n');
};
