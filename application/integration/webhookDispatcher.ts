import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { createLease, type Lease } from '../../projections/runtime/lease.js';
import { httpWebhookSender, type WebhookSender } from './webhookSender.js';
import { ensureWebhookIndexes, subscriptionsCollection } from './webhookSubscriptions.js';
import { createWebhookWorker, type WebhookWorker } from './webhookWorker.js';

/**
 * Runs one delivery worker per webhook subscription. In the embedded single-process default every
 * worker simply runs; when several OMS instances share the stores, each subscription's worker runs
 * under its own lease (`webhook:<id>`) in exactly one instance, and the worker's fenced state
 * writes stop a former holder that has not noticed yet. The subscription list is re-read every
 * `refreshMs`, so subscriptions created or deleted through any instance are picked up.
 */
export type WebhookDispatcherOptions = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  /** True in the embedded default: no leases. */
  singleProcess: boolean;
  instanceId: string;
  sender?: WebhookSender;
  clock?: () => number;
  refreshMs?: number;
  pollMs?: number;
  leaseTtlMs?: number;
  maxPending?: number;
  onError?: (subscriptionId: string, error: unknown) => void;
}>;

export type WebhookDispatcher = Readonly<{
  start: () => Promise<void>;
  stop: () => Promise<void>;
  /** Re-reads the subscription list now (and nudges every running worker). */
  refresh: () => Promise<void>;
  running: () => readonly string[];
}>;

type Slot = { lease?: Lease; worker?: WebhookWorker };

export const createWebhookDispatcher = (options: WebhookDispatcherOptions): WebhookDispatcher => {
  const slots = new Map<string, Slot>();
  let timer: NodeJS.Timeout | undefined;
  let stopped = true;
  let refreshing: Promise<void> = Promise.resolve();

  const runWorker = async (id: string, slot: Slot) => {
    const worker = createWebhookWorker({
      eventStore: options.eventStore,
      readStore: options.readStore,
      subscriptionId: id,
      sender: options.sender ?? httpWebhookSender,
      clock: options.clock,
      pollMs: options.pollMs,
      maxPending: options.maxPending,
      onError: (error) => options.onError?.(id, error),
      onGone: () => {
        if (slot.worker === worker) slot.worker = undefined;
      },
    });
    slot.worker = worker;
    await worker.start().catch((error: unknown) => {
      slot.worker = undefined;
      options.onError?.(id, error);
    });
  };

  const stopWorker = async (slot: Slot) => {
    const worker = slot.worker;
    slot.worker = undefined;
    await worker?.stop();
  };

  const open = (id: string) => {
    const slot: Slot = {};
    slots.set(id, slot);
    if (options.singleProcess) return void runWorker(id, slot);
    slot.lease = createLease(options.readStore, `webhook:${id}`, {
      owner: options.instanceId,
      ttlMs: options.leaseTtlMs,
      onAcquired: () => runWorker(id, slot),
      onLost: () => stopWorker(slot),
    });
    slot.lease.start();
  };

  const close = async (id: string) => {
    const slot = slots.get(id);
    slots.delete(id);
    if (!slot) return;
    if (slot.lease) await slot.lease.stop();
    await stopWorker(slot);
  };

  const sync = async () => {
    const ids = new Set((await subscriptionsCollection(options.readStore).find({}, { projection: { _id: 1 } })).map((s) => s._id));
    if (stopped) return;
    for (const id of ids) {
      const slot = slots.get(id);
      if (!slot) open(id);
      else if (options.singleProcess && !slot.worker) void runWorker(id, slot); // stopped after an error: try again
      else slot.worker?.kick();
    }
    for (const id of [...slots.keys()]) if (!ids.has(id)) await close(id);
  };

  const refresh = () => {
    refreshing = refreshing.then(sync).catch((error: unknown) => options.onError?.('*', error));
    return refreshing;
  };

  const loop = () => {
    if (stopped) return;
    timer = setTimeout(() => void refresh().finally(loop), options.refreshMs ?? 1_000);
    timer.unref();
  };

  let starting: Promise<void> = Promise.resolve();
  return {
    start: () => {
      if (!stopped) return starting;
      stopped = false;
      starting = (async () => {
        await ensureWebhookIndexes(options.readStore);
        await refresh();
        loop();
      })();
      return starting;
    },
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await starting.catch(() => undefined);
      clearTimeout(timer);
      await refreshing;
      await Promise.all([...slots.keys()].map((id) => close(id)));
    },
    refresh,
    running: () => [...slots.entries()].filter(([, s]) => s.worker).map(([id]) => id),
  };
};

/** The structural slice of the OMS context the webhooks need (kept here so application/ does not import api/). */
export type WebhookHost = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  stores: Readonly<{ singleProcess: boolean }>;
  config: Readonly<{ instanceId: string }>;
  logger: Readonly<{ warn: (obj: object, msg: string) => void }>;
}>;

/** Started by `openOms`: webhook delivery for every subscription. */
export const startWebhooks = (oms: WebhookHost): WebhookDispatcher => {
  const dispatcher = createWebhookDispatcher({
    eventStore: oms.eventStore,
    readStore: oms.readStore,
    singleProcess: oms.stores.singleProcess,
    instanceId: oms.config.instanceId,
    onError: (subscriptionId, error) => oms.logger.warn({ subscriptionId, err: error }, 'webhook delivery error; retrying'),
  });
  void dispatcher.start().catch((error: unknown) => oms.logger.warn({ err: error }, 'webhook dispatcher failed to start'));
  return dispatcher;
};
