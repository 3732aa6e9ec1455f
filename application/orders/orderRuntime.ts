import type { FulfilmentNode } from '../../domain/network/index.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { Document, ReadCollection, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { physicalName } from '../../projections/runtime/projection.js';
import { activeVersion } from '../../projections/runtime/projectionRegistry.js';
import type { CommandHandler } from '../commandHandler.js';
import { defaultOrderSettings, type OrderSettings } from './orderSettings.js';

/** What the order use cases need from the OMS context (a structural subset of `OmsContext`). */
export type OrderDeps = Readonly<{
  commands: CommandHandler;
  eventStore: EventStore;
  readStore: ReadStore;
}>;

/** A cached value is the promise of it: concurrent requests share one read-model query (no thundering herd at expiry). */
export type Cached<T> = { value: Promise<T>; at: number };

/** One node × SKU availability row as sourcing and the promise read it. */
export type PositionRow = Readonly<{ nodeId: string; sku: string; available: number; expected: readonly Readonly<{ quantity: number; eta: string }>[] }>;

export type RuntimeCache = {
  nodes?: Cached<readonly FulfilmentNode[]>;
  /** Per SKU: the availability rows of every node holding it (from the positions read model). */
  holders: Map<string, Cached<readonly PositionRow[]>>;
  /** Active version per projection name (blue/green), re-read every second. */
  versions: Map<string, Cached<number>>;
};

/**
 * Per-OMS state of the order feature: its settings and the short-lived caches of reference data
 * read from read models (the node list, which nodes hold a SKU). Keyed by the command handler,
 * which is created once per OMS, so the API and the process managers share one runtime.
 */
export type OrderRuntime = OrderDeps & Readonly<{
  settings: OrderSettings;
  cache: RuntimeCache;
}>;

const runtimes = new WeakMap<CommandHandler, OrderRuntime>();

const create = (deps: OrderDeps, settings: OrderSettings): OrderRuntime => ({
  commands: deps.commands,
  eventStore: deps.eventStore,
  readStore: deps.readStore,
  settings,
  cache: { holders: new Map(), versions: new Map() },
});

/** The order runtime of an OMS (created with the default settings on first use). */
export const orderRuntime = (deps: OrderDeps): OrderRuntime => {
  let runtime = runtimes.get(deps.commands);
  if (!runtime) {
    runtime = create(deps, defaultOrderSettings());
    runtimes.set(deps.commands, runtime);
  }
  return runtime;
};

/** Replaces the order settings of an OMS (start-up configuration, tests); caches start empty. */
export const configureOrders = (deps: OrderDeps, settings: OrderSettings): OrderRuntime => {
  const runtime = create(deps, settings);
  runtimes.set(deps.commands, runtime);
  return runtime;
};

/** A value cached for `ttlMs` (0 = never cached, every call loads); a failed load is forgotten at once. */
export const cachedValue = <T>(
  get: () => Cached<T> | undefined,
  set: (c: Cached<T> | undefined) => void,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> => {
  if (ttlMs <= 0) return load();
  const hit = get();
  const now = Date.now();
  if (hit && now - hit.at < ttlMs) return hit.value;
  const value = load();
  set({ value, at: now });
  value.catch(() => {
    if (get()?.value === value) set(undefined);
  });
  return value;
};

/**
 * A logical collection of a projection at the version serving reads (blue/green aware): the
 * registry's active version, or the version in code before the first activation.
 */
export const readModel = async <D extends Document>(rt: OrderRuntime, projection: Readonly<{ name: string; version: number }>, logical = projection.name): Promise<ReadCollection<D>> => {
  const version = await cachedValue(
    () => rt.cache.versions.get(projection.name),
    (c) => (c ? rt.cache.versions.set(projection.name, c) : rt.cache.versions.delete(projection.name)),
    1_000,
    async () => (await activeVersion(rt.readStore, projection.name)) ?? projection.version,
  );
  return rt.readStore.collection<D>(physicalName(logical, version));
};
