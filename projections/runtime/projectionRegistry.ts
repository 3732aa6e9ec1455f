import type { Document, ReadCollection, ReadStore } from '../../infrastructure/readstore/readStore.js';
import { physicalName } from './projection.js';

/**
 * Which version of each projection serves reads. A new version is built beside the active one
 * (blue/green) and only becomes active once it has caught up, so readers never see a
 * half-built read model.
 */
export const REGISTRY = 'projection_registry';

export type RegistryDocument = { _id: string; activeVersion: number; switchedAt: string };

export const activeVersion = async (store: ReadStore, name: string): Promise<number | undefined> =>
  (await store.collection<RegistryDocument>(REGISTRY).findOne({ _id: name }))?.activeVersion;

export const activateVersion = async (store: ReadStore, name: string, version: number, now: string): Promise<void> => {
  await store
    .collection<RegistryDocument>(REGISTRY)
    .updateOne({ _id: name }, { $set: { activeVersion: version, switchedAt: now } }, { upsert: true });
};

export type ReadModels = Readonly<{
  /** The collection serving reads for a projection (its active version, or `fallbackVersion`). */
  collection: <D extends Document = Document>(name: string) => Promise<ReadCollection<D>>;
  /** Forget cached versions (after a switch in this process). */
  refresh: () => void;
}>;

/**
 * Resolves logical read-model names to their active physical collection, caching the answer
 * briefly so every request does not hit the registry; a switch made by another instance is
 * seen within `ttlMs`.
 */
export const createReadModels = (store: ReadStore, defaults: Readonly<Record<string, number>>, ttlMs = 1000): ReadModels => {
  const cache = new Map<string, { version: number; at: number }>();
  return {
    collection: async <D extends Document = Document>(name: string) => {
      const hit = cache.get(name);
      const now = Date.now();
      let version = hit && now - hit.at < ttlMs ? hit.version : undefined;
      if (version === undefined) {
        version = (await activeVersion(store, name)) ?? defaults[name];
        if (version === undefined) throw new Error(`unknown read model ${name}`);
        cache.set(name, { version, at: now });
      }
      return store.collection<D>(physicalName(name, version));
    },
    refresh: () => cache.clear(),
  };
};
