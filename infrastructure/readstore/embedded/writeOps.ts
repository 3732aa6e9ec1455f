import {
  ReadStoreError,
  type BulkWriteResult,
  type DeleteResult,
  type Document,
  type Filter,
  type Update,
  type UpdateResult,
  type WriteOperation,
} from '../readStore.js';
import { applyOperatorUpdate, applyReplacement, assertOperatorUpdate, assertReplacement } from './applyUpdate.js';
import type { CollectionInfo } from './catalog.js';
import { mapConstraintError } from './duplicateKey.js';
import type { Engine } from './engine.js';
import { pushDownFilter } from './filterPushdown.js';
import { firstMatch, idOnly, matching } from './queryRunner.js';
import { assertDocumentId, newId, upsertFromReplacement, upsertFromUpdate } from './upsertSeed.js';

/** Synchronous write operations. Callers wrap them in `engine.batch` (or an open transaction). */

/** How a value goes through JSON: unchanged, fine without a replacer, or needing one. */
const EXACT = 0;
const PLAIN = 1;
const NEEDS_REPLACER = 2;
const OBJECT_PROTO = Object.prototype;

/**
 * EXACT: `JSON.parse(JSON.stringify(v))` gives back an equal value (plain objects and arrays,
 * finite numbers other than -0, strings, booleans, null), so the object can stand for the stored
 * document. PLAIN: no `undefined` and no bigint anywhere (a Date, NaN...), so plain
 * JSON.stringify already gives the driver's result. NEEDS_REPLACER otherwise.
 */
const jsonKind = (value: unknown): number => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return EXACT;
    case 'number':
      return Number.isFinite(value) && !(value === 0 && 1 / value < 0) ? EXACT : PLAIN;
    case 'undefined':
    case 'bigint':
      return NEEDS_REPLACER;
    case 'object': {
      if (value === null) return EXACT;
      let kind = EXACT;
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          if (!(i in value)) kind = PLAIN;
          else {
            const k = jsonKind(value[i]);
            if (k === NEEDS_REPLACER) return k;
            if (k > kind) kind = k;
          }
        }
        return kind;
      }
      const proto: unknown = Object.getPrototypeOf(value);
      if (proto !== OBJECT_PROTO) kind = PLAIN;
      for (const key in value) {
        const k = jsonKind((value as Record<string, unknown>)[key]);
        if (k === NEEDS_REPLACER) return k;
        if (k > kind) kind = k;
      }
      return kind;
    }
    default:
      return PLAIN; // functions and symbols: dropped by JSON.stringify, with or without the replacer
  }
};

const replacer = (_key: string, value: unknown): unknown => {
  if (typeof value === 'bigint') throw new ReadStoreError('INVALID_DOCUMENT', 'bigint values cannot be stored: use decimal strings', 400, false);
  return value === undefined ? null : value;
};

/**
 * JSON with MongoDB driver conventions: `undefined` fields are stored as null; bigint is refused.
 * The replacer costs ~2.4× a plain stringify (measured on a 1 KB read-model document), so it only
 * runs for the documents that need it.
 */
const serialize = (doc: Document): string => (jsonKind(doc) === NEEDS_REPLACER ? JSON.stringify(doc, replacer) : JSON.stringify(doc));

/** The serialised text, and whether `doc` itself equals what parsing that text gives back. */
const serializeExact = (doc: Document): { text: string; exact: boolean } => {
  const kind = jsonKind(doc);
  return kind === NEEDS_REPLACER ? { text: JSON.stringify(doc, replacer), exact: false } : { text: JSON.stringify(doc), exact: kind === EXACT };
};

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

const prepareNew = (doc: Record<string, unknown>): Document => {
  if (!isObject(doc)) throw new ReadStoreError('INVALID_DOCUMENT', 'a document must be an object', 400, false);
  const { _id, ...rest } = doc;
  const withId = { _id: _id === undefined ? newId() : _id, ...rest };
  assertDocumentId(withId);
  return JSON.parse(serialize(withId as Document)) as Document;
};

const insertRow = (engine: Engine, info: CollectionInfo, doc: Document): void => {
  engine.catalog.noteDocument(info, doc);
  try {
    engine.statement(info.name, `INSERT INTO ${info.table} (id, doc) VALUES (?, ?)`).run(doc._id, serialize(doc));
  } catch (error) {
    // SQLite may check a unique index before the primary key; MongoDB reports the _id clash first.
    const idTaken = (error as { code?: unknown }).code === 'SQLITE_CONSTRAINT_UNIQUE' &&
      engine.statement(info.name, `SELECT 1 FROM ${info.table} WHERE id=?`).get(doc._id) !== undefined;
    throw mapConstraintError(idTaken ? Object.assign(new Error('duplicate _id'), { code: 'SQLITE_CONSTRAINT_PRIMARYKEY' }) : error, info, doc);
  }
};

/** Stores `doc` over its row and returns it as stored (normalised through JSON). */
const rewriteRow = (engine: Engine, info: CollectionInfo, doc: Document): Document => {
  const text = serialize(doc);
  const stored = JSON.parse(text) as Document;
  engine.catalog.noteDocument(info, stored);
  try {
    engine.statement(info.name, `UPDATE ${info.table} SET doc=? WHERE id=?`).run(text, doc._id);
  } catch (error) {
    throw mapConstraintError(error, info, stored);
  }
  return stored;
};

export const insertOne = (engine: Engine, name: string, doc: Document): Document => {
  const prepared = prepareNew(doc);
  insertRow(engine, engine.catalog.ensure(name), prepared);
  return prepared;
};

type UpdateOutcome = UpdateResult & { readonly after: Document | null };

const NOTHING: UpdateOutcome = { matchedCount: 0, modifiedCount: 0, after: null };

export const updateOne = (engine: Engine, name: string, filter: Filter, update: Update, upsert = false): UpdateOutcome => {
  assertOperatorUpdate(update);
  const info = engine.catalog.get(name);
  const current = firstMatch(engine, info, filter);
  if (current && info) {
    const { doc, modified } = applyOperatorUpdate(current, update, false);
    const after = modified ? rewriteRow(engine, info, doc) : current;
    return { matchedCount: 1, modifiedCount: modified ? 1 : 0, after };
  }
  if (!upsert) return NOTHING;
  const inserted = insertOne(engine, name, upsertFromUpdate(filter, update));
  return { matchedCount: 0, modifiedCount: 0, upsertedId: inserted._id, after: inserted };
};

export const updateMany = (engine: Engine, name: string, filter: Filter, update: Update, upsert = false): UpdateResult => {
  assertOperatorUpdate(update);
  const info = engine.catalog.get(name);
  // Collect first: the connection cannot write while a SELECT is still being iterated.
  const targets = info ? [...matching(engine, info, filter)] : [];
  if (targets.length === 0) {
    const { after: _after, ...result } = upsert ? updateOne(engine, name, filter, update, true) : NOTHING;
    return result;
  }
  let modifiedCount = 0;
  for (const current of targets) {
    const { doc, modified } = applyOperatorUpdate(current, update, false);
    if (!modified) continue;
    rewriteRow(engine, info as CollectionInfo, doc);
    modifiedCount++;
  }
  return { matchedCount: targets.length, modifiedCount };
};

/** `{ _id: id, ...rest }`, without the copy when `_id` already comes first (a projection's folded document). */
const idFirst = (replacement: Document, id: string): Document => {
  for (const key in replacement) {
    if (key === '_id' && replacement._id === id) return replacement;
    break;
  }
  const { _id: _same, ...rest } = replacement;
  return { _id: id, ...rest } as Document;
};

/**
 * `replaceOne({ _id }, doc)` — how every document projection writes — without parsing the stored
 * document or diffing objects. One UPDATE that only matches when the stored text differs (both
 * are the JSON the store writes, so equal text means an unchanged document, which MongoDB reports
 * as matched-not-modified); only when it changed nothing does a lookup tell "unchanged" from
 * "missing" (then inserted when upserting). A changed document — the common case in a rebuild —
 * costs one serialisation and one statement, and its text never comes back from SQLite. The
 * index shapes are noted from the document itself when it reads back unchanged from its JSON.
 */
const replaceById = (engine: Engine, name: string, id: string, replacement: Document, upsert: boolean): UpdateResult => {
  const doc = idFirst(replacement, id);
  const { text, exact } = serializeExact(doc);
  const note = (info: CollectionInfo) => {
    if (info.indexes.length > 0) engine.catalog.noteDocument(info, exact ? doc : JSON.parse(text));
  };
  const write = (info: CollectionInfo, sql: string, ...params: string[]): number => {
    try {
      return engine.statement(info.name, sql).run(...params).changes;
    } catch (error) {
      throw mapConstraintError(error, info, doc);
    }
  };
  const existing = engine.catalog.get(name);
  if (existing) {
    if (write(existing, `UPDATE ${existing.table} SET doc=? WHERE id=? AND doc<>?`, text, id, text) > 0) {
      note(existing);
      return { matchedCount: 1, modifiedCount: 1 };
    }
    if (engine.statement(existing.name, `SELECT 1 FROM ${existing.table} WHERE id=?`).pluck(true).get(id) !== undefined) {
      return { matchedCount: 1, modifiedCount: 0 };
    }
  }
  if (!upsert) return { matchedCount: 0, modifiedCount: 0 };
  const info = existing ?? engine.catalog.ensure(name);
  note(info);
  write(info, `INSERT INTO ${info.table} (doc, id) VALUES (?, ?)`, text, id);
  return { matchedCount: 0, modifiedCount: 0, upsertedId: id };
};

export const replaceOne = (engine: Engine, name: string, filter: Filter, replacement: Document, upsert = false): UpdateResult => {
  assertReplacement(replacement);
  const id = idOnly(filter);
  if (id !== undefined && (replacement._id === undefined || replacement._id === id)) return replaceById(engine, name, id, replacement, upsert);
  const info = engine.catalog.get(name);
  const current = firstMatch(engine, info, filter);
  if (current && info) {
    const { doc, modified } = applyReplacement(current, replacement);
    if (modified) rewriteRow(engine, info, doc);
    return { matchedCount: 1, modifiedCount: modified ? 1 : 0 };
  }
  if (!upsert) return { matchedCount: 0, modifiedCount: 0 };
  const inserted = insertOne(engine, name, upsertFromReplacement(filter, replacement));
  return { matchedCount: 0, modifiedCount: 0, upsertedId: inserted._id };
};

const deleteIds = (engine: Engine, info: CollectionInfo, ids: string[]): number => {
  const stmt = engine.statement(info.name, `DELETE FROM ${info.table} WHERE id=?`);
  let n = 0;
  for (const id of ids) n += stmt.run(id).changes;
  return n;
};

export const deleteOne = (engine: Engine, name: string, filter: Filter): DeleteResult => {
  const info = engine.catalog.get(name);
  const doc = firstMatch(engine, info, filter);
  return { deletedCount: doc && info ? deleteIds(engine, info, [doc._id]) : 0 };
};

export const deleteMany = (engine: Engine, name: string, filter: Filter): DeleteResult => {
  const info = engine.catalog.get(name);
  if (!info) {
    firstMatch(engine, info, filter);
    return { deletedCount: 0 };
  }
  const plan = pushDownFilter(filter, engine.shapes(info));
  if (plan.exact) return { deletedCount: engine.statement(info.name, `DELETE FROM ${info.table} WHERE ${plan.sql}`).run(...plan.params).changes };
  const ids = [...matching(engine, info, filter)].map((d) => d._id);
  return { deletedCount: deleteIds(engine, info, ids) };
};

/** Ordered bulk write: operations run in order and the first error stops the rest. */
export const bulkWrite = (engine: Engine, name: string, operations: WriteOperation[]): BulkWriteResult => {
  const result = { insertedCount: 0, matchedCount: 0, modifiedCount: 0, deletedCount: 0, upsertedCount: 0 };
  const addUpdate = (r: UpdateResult) => {
    result.matchedCount += r.matchedCount;
    result.modifiedCount += r.modifiedCount;
    if (r.upsertedId !== undefined) result.upsertedCount++;
  };
  for (const op of operations) {
    if ('insertOne' in op) {
      insertOne(engine, name, op.insertOne.document);
      result.insertedCount++;
    } else if ('updateOne' in op) {
      const { after: _after, ...r } = updateOne(engine, name, op.updateOne.filter, op.updateOne.update, op.updateOne.upsert);
      addUpdate(r);
    } else if ('updateMany' in op) addUpdate(updateMany(engine, name, op.updateMany.filter, op.updateMany.update, op.updateMany.upsert));
    else if ('replaceOne' in op) addUpdate(replaceOne(engine, name, op.replaceOne.filter, op.replaceOne.replacement, op.replaceOne.upsert));
    else if ('deleteOne' in op) result.deletedCount += deleteOne(engine, name, op.deleteOne.filter).deletedCount;
    else if ('deleteMany' in op) result.deletedCount += deleteMany(engine, name, op.deleteMany.filter).deletedCount;
    else throw new ReadStoreError('INVALID_BULK_OPERATION', `unknown bulk operation ${JSON.stringify(Object.keys(op))}`, 400, false);
  }
  return result;
};
