import { putAtsView } from '../../../../../application/availability/putAtsView.js';
import { putSku } from '../../../../../application/catalog/putSku.js';
import { createCommandHandler } from '../../../../../application/commandHandler.js';
import { releaseReservation, reserveStock } from '../../../../../application/inventory/reservations.js';
import { applyMovement } from '../../../../../application/inventory/stockMovements.js';
import type { CommandDeps } from '../../../../../application/inventory/useCaseContext.js';
import { blockChannel, registerNode } from '../../../../../application/network/nodeUseCases.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import type { Document, ReadCollection, ReadStore } from '../../../../../infrastructure/readstore/readStore.js';
import { inventoryProjections } from '../../../../../projections/inventory/inventoryProjections.js';
import { createProjectionRunner, type ProjectionRunner } from '../../../../../projections/runtime/projectionRunner.js';

export const NODES = ['n1', 'n2', 'n3'];
/** SKUs with stock before the mid-log configuration changes. */
export const EARLY_SKUS = ['S01', 'S02', 'S03', 'S04', 'S05', 'S06'];
/** SKUs whose first event comes after them (unknown to the projection when they happened). */
export const LATE_SKUS = ['S07', 'S08'];
export const SKUS = [...EARLY_SKUS, ...LATE_SKUS];
const START_MS = Date.parse('2025-06-01T08:00:00.000Z');

export type SampleWorld = Readonly<{
  events: SqliteEventStore;
  reads: EmbeddedReadStore;
  /** Every reservation id made, with its position. */
  reservations: readonly { id: string; node: string; sku: string }[];
  close: () => Promise<void>;
}>;

/**
 * A small inventory history through the real use cases, applied by the live projection runners in
 * tiny batches (so batching differs from any rebuild): stock and reservations for six SKUs, then a
 * node blocks a channel, the view changes and a second view appears, then two new SKUs and more
 * movements on the old ones.
 */
export const openSampleWorld = async (): Promise<SampleWorld> => {
  const events = openSqliteEventStore({ path: ':memory:', synchronous: 'NORMAL' });
  const reads = await openEmbeddedReadStore({ path: ':memory:' });
  const deps: CommandDeps = { commands: createCommandHandler({ eventStore: events }), eventStore: events };
  let tick = 0;
  let seq = 0;
  const meta = () => ({ now: new Date(START_MS + ++tick * 60_000).toISOString(), commandId: `cmd-${++seq}` });
  const reservations: { id: string; node: string; sku: string }[] = [];
  const receive = (node: string, sku: string, quantity: number) => applyMovement(deps, 'receipt', { node, sku, quantity, reference: 'grn' }, meta());
  const reserve = async (node: string, sku: string, quantity: number) => {
    const r = await reserveStock(deps, { node, sku, quantity, ttlSeconds: 3600, orderId: `o-${seq}`, lineId: 'l1' }, meta());
    reservations.push({ id: r.reservationId, node, sku });
  };

  for (const id of NODES) {
    await registerNode(deps, {
      id, type: 'dc', name: id, processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 100, capabilities: ['ship'],
      location: { lat: 48.8, lng: 2.3, country: 'FR', timezone: 'Europe/Paris' },
    }, meta());
  }
  for (const sku of SKUS) await putSku(deps, sku, { name: sku, prices: { EUR: '1.00' }, weightGrams: 1, taxClass: 'standard' }, meta());
  await putAtsView(deps, 'online', { channels: ['web'], safetyStock: { useNodeSafetyStock: true, extraPerNode: 1 } }, meta());

  const runners: ProjectionRunner[] = inventoryProjections().map((p) => createProjectionRunner(events, reads, p, { batchSize: 3 }));
  for (const r of runners) await r.start();

  for (const [i, sku] of EARLY_SKUS.entries()) {
    await receive(NODES[i % 3]!, sku, 10 + i);
    await receive(NODES[(i + 1) % 3]!, sku, 5);
    await reserve(NODES[i % 3]!, sku, 2);
  }
  // Mid-log configuration changes: every SKU known so far gets a new asOf and new ATS documents.
  await blockChannel(deps, 'n2', 'web', true, meta());
  await putAtsView(deps, 'online', { channels: ['web'], safetyStock: { useNodeSafetyStock: true, extraPerNode: 2 } }, meta());
  await putAtsView(deps, 'stores', { channels: ['pos'] }, meta());
  for (const sku of LATE_SKUS) {
    await receive('n1', sku, 7);
    await reserve('n1', sku, 1);
  }
  await receive('n3', 'S02', 4);
  await reserve('n3', 'S02', 1);
  await releaseReservation(deps, { reservationId: reservations[0]!.id, node: reservations[0]!.node, sku: reservations[0]!.sku }, meta());
  await blockChannel(deps, 'n2', 'web', false, meta());
  await receive('n2', 'S05', 3);

  const head = await events.headPosition();
  for (const r of runners) {
    // A runner whose filter excludes the last events never reaches the head: wait for its own last event.
    let last: bigint | undefined;
    for await (const e of events.readAll({ direction: 'backwards', filter: r.projection.filter, maxCount: 1 })) last = e.position;
    if (last !== undefined && last <= head) await r.waitFor(last, 10_000);
  }
  for (const r of runners) await r.stop();
  return {
    events, reads, reservations,
    close: async () => {
      await events.close();
      await reads.close();
    },
  };
};

/**
 * The live store as the verifier sees it, counting the documents each transaction's reads return
 * (per collection) — to prove a sampled run does not load the unsampled SKUs' documents.
 */
export const countingReads = (store: ReadStore) => {
  const inTransaction = new Map<string, number>();
  /** Every filter a transaction read a collection with, by collection. */
  const filters = new Map<string, unknown[]>();
  const count = (name: string, n: number) => inTransaction.set(name, (inTransaction.get(name) ?? 0) + n);
  const note = (name: string, filter: unknown) => filters.set(name, [...(filters.get(name) ?? []), filter]);
  const wrapped: ReadStore = {
    collection: (name) => store.collection(name),
    listCollections: () => store.listCollections(),
    ping: () => store.ping(),
    close: () => store.close(),
    withTransaction: (work) => store.withTransaction((tx) => work({
      collection: <T extends Document = Document>(name: string): ReadCollection<T> => {
        const c = tx.collection<T>(name);
        return new Proxy(c, {
          get: (target, prop) => {
            if (prop === 'find') return async (...args: Parameters<typeof c.find>) => { note(name, args[0]); const r = await target.find(...args); count(name, r.length); return r; };
            if (prop === 'findOne') return async (...args: Parameters<typeof c.findOne>) => { note(name, args[0]); const r = await target.findOne(...args); count(name, r ? 1 : 0); return r; };
            const value = Reflect.get(target, prop) as unknown;
            return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
          },
        }) as typeof c;
      },
    })),
  };
  return { store: wrapped, inTransaction, filters };
};
