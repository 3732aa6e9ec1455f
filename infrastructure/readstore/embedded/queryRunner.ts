import { Aggregator, Query, find as mingoFind } from 'mingo';
import { ReadStoreError, type Document, type Filter, type FindOptions } from '../readStore.js';
import type { CollectionInfo } from './catalog.js';
import type { Engine } from './engine.js';
import { pushDownFilter, pushDownSort } from './filterPushdown.js';

/**
 * Reads: SQL selects candidate rows (pushed-down predicates, ORDER BY when it is exact), rows are
 * parsed lazily, mingo checks the full filter unless the SQL was already exact, and skip/limit stop
 * the scan early. Only a sort SQL cannot do exactly, or an aggregation stage that needs everything,
 * holds the matching documents in memory.
 */
const invalidFilter = (error: unknown): ReadStoreError =>
  new ReadStoreError('INVALID_FILTER', error instanceof Error ? error.message : String(error), 400, false);

const compile = (filter: Filter): Query => {
  try {
    return new Query(filter, {});
  } catch (error) {
    throw invalidFilter(error);
  }
};

const test = (query: Query, doc: Document): boolean => {
  try {
    return query.test(doc);
  } catch (error) {
    throw invalidFilter(error);
  }
};

/**
 * Matching documents, lazily, after skipping `page.skip` of them. When SQL alone is exact it also
 * does the skipping and limiting (LIMIT/OFFSET); otherwise mingo filters and the skip happens here.
 * Callers must finish or `return()` the generator before writing.
 */
export function* matching(
  engine: Engine,
  info: CollectionInfo,
  filter: Filter,
  orderBy: string | null = null,
  page: { skip: number; limit: number } = { skip: 0, limit: 0 },
): Generator<Document> {
  const plan = pushDownFilter(filter, engine.shapes(info));
  const query = plan.exact ? null : compile(filter);
  let sql = `SELECT doc FROM ${info.table} WHERE ${plan.sql}${orderBy ? ` ORDER BY ${orderBy}` : ''}`;
  const params = [...plan.params];
  let skip = page.skip;
  if (plan.exact && (page.skip > 0 || page.limit > 0)) {
    sql += ' LIMIT ? OFFSET ?';
    params.push(page.limit > 0 ? page.limit : -1, page.skip);
    skip = 0;
  }
  const rows = engine.statement(info.name, sql).pluck(true).iterate(...params) as IterableIterator<string>;
  for (const text of rows) {
    const doc = JSON.parse(text) as Document;
    if (query && !test(query, doc)) continue;
    if (skip > 0) {
      skip--;
      continue;
    }
    yield doc;
  }
}

/** `{ _id: 'x' }`: the shape of nearly every read-model update, answered by one primary-key lookup. */
export const idOnly = (filter: Filter): string | undefined => {
  const keys = Object.keys(filter);
  return keys.length === 1 && keys[0] === '_id' && typeof filter._id === 'string' ? filter._id : undefined;
};

/**
 * `{ _id: 'x', field: 'v', … }`: a string `_id` plus top-level string equalities — the fence every
 * projection checkpoint write carries (`{ _id: processor, position: previous }`, once per batch).
 * Answered by the primary-key lookup; building and running a mingo query for it cost more than the
 * write it guards.
 */
const idWithStringFields = (filter: Filter): { id: string; fields: [string, string][] } | undefined => {
  if (typeof filter._id !== 'string') return undefined;
  const fields: [string, string][] = [];
  for (const key of Object.keys(filter)) {
    if (key === '_id') continue;
    const value = filter[key];
    if (typeof value !== 'string' || key.startsWith('$') || key.includes('.')) return undefined;
    fields.push([key, value]);
  }
  return { id: filter._id, fields };
};

export const firstMatch = (engine: Engine, info: CollectionInfo | undefined, filter: Filter): Document | null => {
  if (!info) {
    compile(filter);
    return null;
  }
  const keyed = idWithStringFields(filter);
  if (keyed !== undefined) {
    const text = engine.statement(info.name, `SELECT doc FROM ${info.table} WHERE id=?`).pluck(true).get(keyed.id) as string | undefined;
    if (text === undefined) return null;
    const doc = JSON.parse(text) as Document;
    for (const [key, value] of keyed.fields) {
      const actual = (doc as Record<string, unknown>)[key];
      if (typeof actual === 'string') {
        if (actual !== value) return null;
        continue;
      }
      // Missing, an array (matched element-wise), another type: MongoDB's own rules decide.
      return test(compile(filter), doc) ? doc : null;
    }
    return doc;
  }
  for (const doc of matching(engine, info, filter)) return doc;
  return null;
};

const validateSort = (sort: Record<string, unknown>): void => {
  for (const [key, dir] of Object.entries(sort)) {
    if (dir !== 1 && dir !== -1) throw new ReadStoreError('INVALID_SORT', `sort direction for '${key}' must be 1 or -1`, 400, false);
  }
};

const project = (docs: Document[], projection: FindOptions['projection']): Document[] => {
  if (!projection || Object.keys(projection).length === 0) return docs;
  try {
    return mingoFind(docs, {}, projection).all() as Document[];
  } catch (error) {
    throw new ReadStoreError('INVALID_PROJECTION', error instanceof Error ? error.message : String(error), 400, false);
  }
};

export const findDocuments = (engine: Engine, info: CollectionInfo | undefined, filter: Filter, options: FindOptions = {}): Document[] => {
  const skip = Math.max(0, options.skip ?? 0);
  const limit = Math.abs(options.limit ?? 0);
  const sort = options.sort && Object.keys(options.sort).length > 0 ? options.sort : undefined;
  if (sort) validateSort(sort);
  if (!info) {
    compile(filter);
    return [];
  }
  const orderBy = sort ? pushDownSort(sort, engine.shapes(info)) : null;
  if (sort && orderBy === null) {
    // SQL's cross-type order differs from MongoDB's for these keys: let mingo sort.
    let cursor = mingoFind([...matching(engine, info, filter)], {}).sort(sort).skip(skip);
    if (limit > 0) cursor = cursor.limit(limit);
    return project(cursor.all() as Document[], options.projection);
  }
  const out: Document[] = [];
  for (const doc of matching(engine, info, filter, orderBy, { skip, limit })) {
    out.push(doc);
    if (limit > 0 && out.length >= limit) break;
  }
  return project(out, options.projection);
};

export const countDocuments = (engine: Engine, info: CollectionInfo | undefined, filter: Filter): number => {
  if (!info) {
    compile(filter);
    return 0;
  }
  const plan = pushDownFilter(filter, engine.shapes(info));
  if (plan.exact) {
    return engine.statement(info.name, `SELECT count(*) FROM ${info.table} WHERE ${plan.sql}`).pluck(true).get(...plan.params) as number;
  }
  let n = 0;
  for (const _ of matching(engine, info, filter)) n++;
  return n;
};

const UNSUPPORTED_STAGES = new Set(['$out', '$merge', '$changeStream', '$currentOp', '$collStats', '$indexStats', '$listSessions']);

/**
 * Runs a pipeline with mingo. Leading `$match` stages become the pushed-down filter so indexes
 * still help; `$lookup` reads the other collection through the same engine.
 */
export const aggregate = (engine: Engine, name: string, pipeline: Record<string, unknown>[]): Record<string, unknown>[] => {
  if (!Array.isArray(pipeline)) throw new ReadStoreError('INVALID_PIPELINE', 'a pipeline must be an array of stages', 400, false);
  for (const stage of pipeline) {
    const op = Object.keys(stage)[0] ?? '';
    if (UNSUPPORTED_STAGES.has(op)) throw new ReadStoreError('INVALID_PIPELINE', `stage ${op} is not supported by the embedded read store`, 400, false);
  }
  let first = 0;
  const matches: Filter[] = [];
  while (first < pipeline.length && pipeline[first]?.$match !== undefined) matches.push(pipeline[first++]?.$match as Filter);
  const filter: Filter = matches.length === 0 ? {} : matches.length === 1 ? (matches[0] as Filter) : { $and: matches };
  const info = engine.catalog.get(name);
  if (!info) compile(filter);
  const source: Generator<Document> = info ? matching(engine, info, filter) : (function* () {})();
  const resolve = (other: string): Document[] => {
    const otherInfo = engine.catalog.get(other);
    return otherInfo ? [...matching(engine, otherInfo, {})] : [];
  };
  // MongoDB defines $count as $group + $project, which yields nothing (not { n: 0 }) on empty input; mingo's $count does not.
  const stages = pipeline.slice(first).flatMap((stage) =>
    typeof stage.$count === 'string' ? [{ $group: { _id: null, [stage.$count]: { $sum: 1 } } }, { $project: { _id: 0 } }] : [stage],
  );
  try {
    return new Aggregator(stages, { collectionResolver: resolve }).run<Record<string, unknown>>(source);
  } catch (error) {
    if (error instanceof ReadStoreError) throw error;
    throw new ReadStoreError('INVALID_PIPELINE', error instanceof Error ? error.message : String(error), 400, false);
  } finally {
    source.return(undefined);
  }
};
