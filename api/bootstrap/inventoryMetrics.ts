import { Counter, Gauge, type Registry } from 'prom-client';

export type InventoryMetrics = Readonly<{
  /** Documents that differ between the live inventory read models and a rebuild (alarm when > 0). */
  drift: Gauge;
  lastVerified: Gauge;
  expiredReservations: Counter;
  expiredUnits: Counter;
}>;

const getOr = <T>(registry: Registry, name: string, create: () => T): T => (registry.getSingleMetric(name) as T | undefined) ?? create();

/** The inventory feature's metrics, created once per registry (routes, processes and the scheduler share them). */
export const inventoryMetrics = (registry: Registry): InventoryMetrics => ({
  drift: getOr(registry, 'oms_inventory_drift_documents', () => new Gauge({
    name: 'oms_inventory_drift_documents',
    help: 'Inventory read-model documents that differ from a rebuild from the events at the last verification (alarm when > 0). '
      + 'The scheduled check covers a rotating sample of SKUs per run (OMS_INVENTORY_VERIFY_SAMPLE_SKUS): the value is the drift found in that sample',
    registers: [registry],
  })),
  lastVerified: getOr(registry, 'oms_inventory_last_verified_timestamp_seconds', () => new Gauge({
    name: 'oms_inventory_last_verified_timestamp_seconds',
    help: 'When the inventory read models were last verified against a rebuild (Unix time)',
    registers: [registry],
  })),
  expiredReservations: getOr(registry, 'oms_reservations_expired_total', () => new Counter({
    name: 'oms_reservations_expired_total',
    help: 'Held reservations released by the reaper because they expired',
    registers: [registry],
  })),
  expiredUnits: getOr(registry, 'oms_reservations_expired_units_total', () => new Counter({
    name: 'oms_reservations_expired_units_total',
    help: 'Units returned to availability by the reservation reaper',
    registers: [registry],
  })),
});
