import { performance } from 'node:perf_hooks';
import { putSku } from '../../catalog/putSku.js';
import { applyMovement } from '../../inventory/stockMovements.js';
import { registerNode } from '../../network/nodeUseCases.js';
import type { PlacementDeps } from '../../orders/placeOrder.js';
import { orderRuntime } from '../../orders/orderRuntime.js';
import type { LearnedPromiseService } from '../../promise/learnedPromiseService.js';
import { DomainError } from '../../../domain/shared/errors.js';
import { createAnomalies } from './anomalies.js';
import { buildOlistDataset, type OlistOrderRecord } from './olistDataset.js';
import type { OlistTables } from './olistFiles.js';
import { nodeOf, sellerNode, skuOf } from './olistSettings.js';
import { IMPORT_ACTOR, orderStep, placeStep, releaseFromReview } from './olistSteps.js';
import { timeline, type StepKind } from './olistTimeline.js';

/**
 * `oms import olist`: sellers → nodes, sold products → SKUs, then every order's recorded life
 * replayed in time order through the command path (see olistSteps). Before each sale the
 * seller receives exactly the units it sold, so placement reserves real stock and shipment
 * consumes it. Between steps the importer waits for the fulfilment process to finish what the
 * step triggered and moves the business clock (the one the processes read) to the next step's
 * instant. Refusals are counted by code in the anomalies; infrastructure failures abort.
 */
export type ImportHost = Readonly<{
  deps: PlacementDeps;
  /** Sets the business clock the OMS processes read (the recorded instant of the step). */
  setNow: (iso: string) => void;
  /** Resolves once the order processes handled everything appended so far. */
  processesIdle: () => Promise<void>;
  /** Resolves once the read models checkout reads (network, positions) reflect `position`. */
  readModelsAt: (position: bigint) => Promise<void>;
  /** The learned promise, caught up before each placement (online); absent = static promise. */
  learned?: LearnedPromiseService;
  /** Events the process managers gave up on (recorded in process_failures): reported, never hidden. */
  processFailures?: () => number;
  /**
   * Fires the process timers due at the business clock's instant (a missed hand-over, an
   * acceptance deadline) and returns how many fired. Called before every step, so a deadline that
   * passed before a recorded instant acts before that step, on every run alike — not whenever a
   * background poller happens to look (the host turns that poller's interval up for the import).
   */
  fireDueTimers?: () => Promise<number>;
  /** Work the host deferred until after the replay (read models it did not keep live); timed with the import. */
  finish?: () => Promise<void>;
}>;

export type ImportProgress = Readonly<{ done: number; total: number; orders: number }>;

export type ImportSummary = Readonly<{
  ordersInFile: number;
  ordersImported: number;
  sellers: number;
  skus: number;
  steps: Readonly<Record<StepKind, number>>;
  refusedSteps: number;
  /** Events a process manager could not handle during the import (see process_failures). */
  processFailures: number;
  events: number;
  wallMs: number;
  ordersPerSecond: number;
  eventsPerSecond: number;
  promiseModel: 'learned' | 'static';
  anomalies: Readonly<Record<string, number>>;
}>;

const refusalCode = (error: unknown): string | undefined => (error instanceof DomainError ? error.code : undefined);

export const importOlist = async (
  host: ImportHost,
  tables: OlistTables,
  onProgress: (p: ImportProgress) => void = () => undefined,
): Promise<ImportSummary> => {
  const started = performance.now();
  const { deps } = host;
  const anomalies = createAnomalies();
  const data = buildOlistDataset(tables, anomalies);
  const steps = timeline(data.orders, anomalies);
  const headBefore = await deps.eventStore.headPosition();
  const failuresBefore = host.processFailures?.() ?? 0;
  const setupAt = data.orders[0]?.purchasedAt ?? '2016-01-01T00:00:00.000Z';
  host.setNow(setupAt);
  const setupMeta = (id: string) => ({ now: setupAt, commandId: `import-olist:${id}`, actor: IMPORT_ACTOR });
  // Sellers become nodes the day of their first sale (a seller with no sale in the file never
  // ships): a smaller network early on is also what the marketplace looked like then.
  const registered = new Set<string>();
  for (const p of data.products.values()) {
    await putSku(deps, skuOf(p.productId), { name: `Olist ${p.category} ${p.productId.slice(0, 8)}`, prices: { BRL: p.price }, weightGrams: p.weightGrams, taxClass: 'standard' }, setupMeta(`sku:${p.productId}`));
  }
  await host.readModelsAt(await deps.eventStore.headPosition());

  const counts: Record<StepKind, number> = { place: 0, accept: 0, ship: 0, deliver: 0, cancel: 0 };
  const notPlaced = new Set<string>();
  let refused = 0;
  let done = 0;
  // Stock arrives once a day, before the day's first sale, for every unit sold that day: one
  // wait for the positions read model per day instead of per order (a position checkout has
  // never seen must be in the read model; later figures come from the aggregate cache).
  const salesByDay = new Map<string, OlistOrderRecord[]>();
  for (const step of steps) if (step.kind === 'place') salesByDay.set(step.at.slice(0, 10), [...(salesByDay.get(step.at.slice(0, 10)) ?? []), step.order]);
  const receiveDay = async (day: string, at: string): Promise<void> => {
    let last = 0n;
    let newNodes = false;
    for (const o of salesByDay.get(day) ?? []) {
      for (const item of o.items) {
        if (registered.has(item.sellerId)) continue;
        const r = await registerNode(deps, sellerNode(data.sellers.get(item.sellerId)!), { ...setupMeta(`node:${item.sellerId}`), now: at });
        registered.add(item.sellerId);
        newNodes = true;
        if (r.created) last = (await deps.eventStore.headPosition());
      }
    }
    for (const o of salesByDay.get(day) ?? []) {
      for (const [i, item] of o.items.entries()) {
        const r = await applyMovement(deps, 'receipt', { node: nodeOf(item.sellerId), sku: skuOf(item.productId), quantity: item.quantity, reference: `olist:${o.orderId}` }, {
          now: at, commandId: `import-olist:receipt:${o.orderId}:${i}`, actor: IMPORT_ACTOR,
        });
        if (r.position !== null) last = BigInt(r.position);
      }
    }
    salesByDay.delete(day);
    if (last > 0n) await host.readModelsAt(last);
    // Checkout caches the node list; it changed.
    if (newNodes) orderRuntime(deps).cache.nodes = undefined;
  };
  for (const step of steps) {
    const o = step.order;
    host.setNow(step.at);
    const fired = (await host.fireDueTimers?.()) ?? 0;
    if (fired > 0) await host.processesIdle();
    try {
      if (notPlaced.has(o.orderId)) {
        anomalies.count(`${step.kind}: order was not placed (skipped)`);
      } else if (step.kind === 'place') {
        if (salesByDay.has(step.at.slice(0, 10))) await receiveDay(step.at.slice(0, 10), step.at);
        await host.learned?.catchUp();
        await placeStep(deps, o);
        await host.processesIdle();
        if (await releaseFromReview(deps, o, anomalies)) await host.processesIdle();
        counts.place += 1;
      } else {
        await orderStep(deps, step, anomalies);
        await host.processesIdle();
        counts[step.kind] += 1;
      }
    } catch (error) {
      const code = refusalCode(error);
      if (code === undefined) throw error;
      refused += 1;
      anomalies.count(`${step.kind}: refused ${code}`);
      if (step.kind === 'place') notPlaced.add(o.orderId);
    }
    done += 1;
    if (done % 50 === 0 || done === steps.length) onProgress({ done, total: steps.length, orders: counts.place });
  }
  await host.finish?.();
  const events = Number((await deps.eventStore.headPosition()) - headBefore);
  const failuresAfter = host.processFailures?.() ?? 0;
  const wallMs = Math.round(performance.now() - started);
  return {
    ordersInFile: data.orderRows,
    ordersImported: counts.place,
    sellers: registered.size,
    skus: data.products.size,
    steps: counts,
    refusedSteps: refused,
    processFailures: failuresAfter - failuresBefore,
    events,
    wallMs,
    ordersPerSecond: Math.round((counts.place / Math.max(1, wallMs)) * 1000 * 10) / 10,
    eventsPerSecond: Math.round((events / Math.max(1, wallMs)) * 1000),
    promiseModel: host.learned ? 'learned' : 'static',
    anomalies: anomalies.snapshot(),
  };
};
