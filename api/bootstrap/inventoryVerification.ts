import type { Registry } from 'prom-client';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { openEmbeddedReadStore } from '../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { verifiedInventoryProjections } from '../../projections/inventory/inventoryProjections.js';
import { verifyProjections, type VerifyReport } from '../../projections/inventory/verifyProjections.js';
import { inventoryMetrics } from './inventoryMetrics.js';

export type VerificationStores = Readonly<{ eventStore: EventStore; readStore: ReadStore; metrics?: Registry }>;

const inFlight = new WeakMap<ReadStore, Promise<VerifyReport>>();

/**
 * `oms verify inventory`: rebuilds the availability and reservation read models from the events
 * into a scratch in-memory store and compares them document by document with the live ones.
 * Concurrent calls share one run. Updates `oms_inventory_drift_documents` when given a registry.
 */
export const verifyInventory = (stores: VerificationStores): Promise<VerifyReport> => {
  const running = inFlight.get(stores.readStore);
  if (running) return running;
  const run = (async () => {
    const scratch = await openEmbeddedReadStore({ path: ':memory:' });
    try {
      const report = await verifyProjections(stores.eventStore, stores.readStore, scratch, verifiedInventoryProjections());
      if (stores.metrics) {
        const metrics = inventoryMetrics(stores.metrics);
        metrics.drift.set(report.drift);
        metrics.lastVerified.set(Date.now() / 1000);
      }
      return report;
    } finally {
      await scratch.close();
      inFlight.delete(stores.readStore);
    }
  })();
  inFlight.set(stores.readStore, run);
  return run;
};

/** Human-readable summary for the CLI and the logs. */
export const formatVerifyReport = (report: VerifyReport): string => {
  const lines = report.collections.map((c) =>
    `  ${c.collection.padEnd(32)} at ${String(c.position ?? 'never run').padEnd(10)} live ${String(c.live).padStart(7)}  rebuilt ${String(c.rebuilt).padStart(7)}  drift ${c.drift}`);
  const head = report.drift === 0 ? 'inventory: no drift' : `inventory: DRIFT in ${report.drift} document(s)`;
  const samples = report.samples.map((s) =>
    `  ${s.kind.padEnd(9)} ${s.collection}/${s.id}${s.fields ? ` fields ${s.fields.join(', ')}: live ${JSON.stringify(s.live)} rebuilt ${JSON.stringify(s.rebuilt)}` : ''}`);
  return [head, ...lines, ...(samples.length > 0 ? ['differences:', ...samples] : [])].join('\n');
};
