import { randomBytes } from 'node:crypto';
import { ReadStoreError, type Document, type Filter, type Update } from '../readStore.js';
import { applyOperatorUpdate, assertReplacement } from './applyUpdate.js';

/**
 * What MongoDB inserts when an upsert matches nothing: the filter's equality fields (`{a: 1}`,
 * `{a: {$eq: 1}}`, a one-element `$in`, inside `$and` or a one-branch `$or`; dotted paths become
 * nested objects), then the update applied on top with `$setOnInsert`, then a generated `_id` if
 * none came from either.
 */
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const setPath = (target: Record<string, unknown>, path: string, value: unknown): void => {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    if (!isObject(node[part])) node[part] = {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = structuredClone(value);
};

const collect = (filter: Filter, seed: Record<string, unknown>): void => {
  for (const [key, condition] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(condition)) {
      for (const sub of condition) if (isObject(sub)) collect(sub, seed);
      continue;
    }
    if (key === '$or' && Array.isArray(condition) && condition.length === 1 && isObject(condition[0])) {
      collect(condition[0], seed);
      continue;
    }
    if (key.startsWith('$')) continue;
    const operators = isObject(condition) && Object.keys(condition).some((k) => k.startsWith('$'));
    if (!operators) setPath(seed, key, condition);
    else if ('$eq' in (condition as object)) setPath(seed, key, (condition as Record<string, unknown>).$eq);
    else if (Array.isArray((condition as Record<string, unknown>).$in) && ((condition as Record<string, unknown>).$in as unknown[]).length === 1) {
      setPath(seed, key, ((condition as Record<string, unknown>).$in as unknown[])[0]);
    }
  }
};

export const seedFromFilter = (filter: Filter): Record<string, unknown> => {
  const seed: Record<string, unknown> = {};
  collect(filter, seed);
  if ('_id' in seed) {
    const { _id, ...rest } = seed;
    return { _id, ...rest };
  }
  return seed;
};

/** An ObjectId-shaped string id: 4 bytes of seconds, then 8 random bytes (roughly time-ordered, like MongoDB's). */
export const newId = (): string =>
  Math.floor(Date.now() / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');

export const assertDocumentId = (doc: Record<string, unknown>): void => {
  if (typeof doc._id !== 'string') {
    throw new ReadStoreError('INVALID_DOCUMENT', `documents need a string _id, got ${JSON.stringify(doc._id)}`, 400, false);
  }
};

const withId = (doc: Record<string, unknown>): Document => {
  const { _id, ...rest } = doc;
  if (_id === undefined) return { _id: newId(), ...rest } as Document;
  assertDocumentId(doc);
  return doc as Document;
};

/** The document an operator-update upsert inserts. */
export const upsertFromUpdate = (filter: Filter, update: Update): Document => {
  const seed = seedFromFilter(filter) as Document;
  return withId(applyOperatorUpdate(seed, update, true).doc);
};

/** The document a replaceOne upsert inserts: only `_id` comes from the filter, as in MongoDB. */
export const upsertFromReplacement = (filter: Filter, replacement: Record<string, unknown>): Document => {
  assertReplacement(replacement);
  const seededId = seedFromFilter(filter)._id;
  const { _id, ...rest } = structuredClone(replacement);
  return withId({ _id: _id ?? seededId, ...rest });
};
