import { randomBytes } from 'node:crypto';
import type { Filter, Update } from '../readStore.js';

/**
 * The port promises string `_id`s. MongoDB would generate an ObjectId for an insert or upsert that
 * brings none, so the adapter supplies an ObjectId-shaped hex string instead.
 */
export const newId = (): string => Math.floor(Date.now() / 1000).toString(16).padStart(8, '0') + randomBytes(8).toString('hex');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Whether an upsert with this filter would take its `_id` from the filter (equality on `_id`). */
export const filterPinsId = (filter: Filter): boolean => {
  if ('_id' in filter) {
    const condition = filter._id;
    if (!isObject(condition) || !Object.keys(condition).some((k) => k.startsWith('$'))) return true;
    if ('$eq' in condition) return true;
    if (Array.isArray(condition.$in) && condition.$in.length === 1) return true;
  }
  if (Array.isArray(filter.$and) && filter.$and.some((f) => isObject(f) && filterPinsId(f))) return true;
  if (Array.isArray(filter.$or) && filter.$or.length === 1 && isObject(filter.$or[0])) return filterPinsId(filter.$or[0]);
  return false;
};

/** Adds `$setOnInsert: { _id }` to an upserting update unless the filter or the update already decides `_id`. */
export const withUpsertId = (filter: Filter, update: Update): Update => {
  if (filterPinsId(filter)) return update;
  const onInsert = isObject(update.$setOnInsert) ? update.$setOnInsert : {};
  if ('_id' in onInsert || (isObject(update.$set) && '_id' in update.$set)) return update;
  return { ...update, $setOnInsert: { ...onInsert, _id: newId() } };
};

/** A copy of the document with an `_id` (the driver would otherwise add an ObjectId to the caller's object). */
export const withInsertId = <T extends Record<string, unknown>>(doc: T): T => {
  if (doc._id !== undefined) return doc;
  const { _id: _missing, ...rest } = doc;
  return { _id: newId(), ...rest } as unknown as T;
};
