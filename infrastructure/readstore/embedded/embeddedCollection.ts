import type { Document, ReadCollection } from '../readStore.js';
import { validateCollectionName } from './catalog.js';
import type { Engine } from './engine.js';
import { createIndex, listIndexes } from './indexManager.js';
import { aggregate, countDocuments, findDocuments } from './queryRunner.js';
import * as writes from './writeOps.js';

/** Runs one synchronous operation either outside a transaction (queued behind an open one) or inside it. */
export type Runner = <R>(fn: () => R) => Promise<R>;

/**
 * The port's collection API over the synchronous engine. Each call is one `run(...)`: reads execute
 * directly, writes inside `engine.batch` (one SQLite transaction, or the caller's open one).
 */
export const embeddedCollection = <T extends Document>(engine: Engine, name: string, run: Runner): ReadCollection<T> => {
  validateCollectionName(name);
  const info = () => engine.catalog.get(name);
  const write = <R>(fn: () => R): Promise<R> => run(() => engine.batch(name, fn));
  return {
    name,
    findOne: (filter, options) => run(() => (findDocuments(engine, info(), filter, { ...options, limit: 1 })[0] as T | undefined) ?? null),
    find: (filter, options) => run(() => findDocuments(engine, info(), filter, options) as T[]),
    countDocuments: (filter = {}) => run(() => countDocuments(engine, info(), filter)),
    insertOne: (document) => write(() => void writes.insertOne(engine, name, document)),
    insertMany: (documents) =>
      write(() => {
        for (const document of documents) writes.insertOne(engine, name, document);
      }),
    updateOne: (filter, update, options) =>
      write(() => {
        const { after: _after, ...result } = writes.updateOne(engine, name, filter, update, options?.upsert);
        return result;
      }),
    updateMany: (filter, update, options) => write(() => writes.updateMany(engine, name, filter, update, options?.upsert)),
    replaceOne: (filter, replacement, options) => write(() => writes.replaceOne(engine, name, filter, replacement, options?.upsert)),
    findOneAndUpdate: (filter, update, options) => write(() => writes.updateOne(engine, name, filter, update, options?.upsert).after as T | null),
    deleteOne: (filter) => write(() => writes.deleteOne(engine, name, filter)),
    deleteMany: (filter) => write(() => writes.deleteMany(engine, name, filter)),
    bulkWrite: (operations) => write(() => writes.bulkWrite(engine, name, operations)),
    aggregate: <R>(pipeline: Record<string, unknown>[]) => run(() => aggregate(engine, name, pipeline) as R[]),
    createIndex: (spec) => write(() => createIndex(engine, name, spec)),
    listIndexes: () => run(() => listIndexes(engine, name)),
    drop: () =>
      write(() => {
        engine.catalog.drop(name);
        engine.forget(name);
      }),
  };
};
