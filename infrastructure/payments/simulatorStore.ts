import type { Document, ReadCollection } from '../readstore/readStore.js';

/**
 * Where the payment simulator keeps its books. A real PSP keeps them on its side, so they must
 * outlive an OMS restart: the OMS wires a read-store collection; unit tests use memory.
 */
export type SimulatorStore = Readonly<{
  get: <T extends Document>(id: string) => Promise<T | undefined>;
  put: (doc: Document) => Promise<void>;
}>;

export const memorySimulatorStore = (): SimulatorStore => {
  const docs = new Map<string, Document>();
  return {
    get: async <T extends Document>(id: string) => {
      const doc = docs.get(id);
      return doc === undefined ? undefined : (structuredClone(doc) as T);
    },
    put: async (doc) => {
      docs.set(doc._id, structuredClone(doc));
    },
  };
};

export const collectionSimulatorStore = (collection: ReadCollection): SimulatorStore => ({
  get: async <T extends Document>(id: string) => ((await collection.findOne({ _id: id })) as T | null) ?? undefined,
  put: async (doc) => {
    await collection.replaceOne({ _id: doc._id }, doc, { upsert: true });
  },
});
