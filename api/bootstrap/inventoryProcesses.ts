import { seedDemo } from '../../application/demo/seedDemo.js';
import { createReservationReaper, type ReservationReaper } from '../../application/inventory/reservationReaper.js';
import { INVENTORY_RESERVATIONS, type ReservationDocument } from '../../projections/inventory/reservationsProjection.js';
import { createLease, type Lease } from '../../projections/runtime/lease.js';
import { inventoryMetrics } from './inventoryMetrics.js';
import { createSampledInventoryVerifier, formatVerifyReport } from './inventoryVerification.js';
import type { OmsContext } from './omsContext.js';

export type InventoryProcesses = Readonly<{ reaper: ReservationReaper; stop: () => Promise<void> }>;

/**
 * The inventory feature's background work, started by `openOms`: the demo seed (when configured),
 * the reservation reaper (under a lease when several instances share the stores; alone otherwise,
 * as the projection host decides) and the periodic read-model verification (a rotating SKU sample).
 */
export const startInventoryProcesses = async (oms: OmsContext): Promise<InventoryProcesses> => {
  const metrics = inventoryMetrics(oms.metrics);
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  if (oms.config.seedDemo) {
    const seeded = await seedDemo(deps, oms.clock().toISOString());
    oms.logger.info({ commands: seeded.commands, seeded: seeded.seeded }, `demo seed: ${seeded.reason}`);
  }

  const reaper = createReservationReaper({
    commands: oms.commands,
    eventStore: oms.eventStore,
    clock: oms.clock,
    intervalMs: oms.config.reaperIntervalMs,
    findExpired: async (nowMs, limit) => {
      const reservations = await oms.readModels.collection<ReservationDocument>(INVENTORY_RESERVATIONS);
      const due = await reservations.find({ status: 'held', expiresAtMs: { $lte: nowMs } }, { sort: { expiresAtMs: 1 }, limit });
      return due.map((r) => ({ nodeId: r.nodeId, sku: r.sku, expiresAtMs: r.expiresAtMs ?? nowMs }));
    },
    onReleased: (units, reservations) => {
      metrics.expiredReservations.inc(reservations);
      metrics.expiredUnits.inc(units);
      oms.logger.info({ reservations, units }, 'expired reservations released');
    },
    onError: (error) => oms.logger.warn({ err: error }, 'reservation reaper pass failed; retrying next tick'),
  });
  let lease: Lease | undefined;
  if (oms.stores.singleProcess) reaper.start();
  else {
    lease = createLease(oms.readStore, 'process:reservation-reaper', {
      owner: oms.config.instanceId,
      onAcquired: () => reaper.start(),
      onLost: () => reaper.stop(),
    });
    lease.start();
  }

  let verifier: NodeJS.Timeout | undefined;
  let verifying: Promise<void> = Promise.resolve();
  if (oms.config.inventoryVerifyIntervalMs > 0) {
    // A rotating sample of SKUs per run (bounded cost; `oms verify inventory` stays the full check).
    const drift = createSampledInventoryVerifier({ eventStore: oms.eventStore, readStore: oms.readStore, metrics: oms.metrics }, oms.config.inventoryVerifySampleSkus);
    verifier = setInterval(() => {
      verifying = drift.run()
        .then((report) => {
          const skus = report.sample?.count;
          if (report.drift > 0) oms.logger.error({ drift: report.drift, skus }, formatVerifyReport(report));
          else oms.logger.debug({ skus }, 'inventory read models verified: no drift');
        })
        .catch((error) => oms.logger.warn({ err: error }, 'inventory verification failed'));
    }, oms.config.inventoryVerifyIntervalMs);
    verifier.unref();
  }

  return {
    reaper,
    stop: async () => {
      if (verifier) clearInterval(verifier);
      await verifying;
      if (lease) await lease.stop();
      await reaper.stop();
    },
  };
};
