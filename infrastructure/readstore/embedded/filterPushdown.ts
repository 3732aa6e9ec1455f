import { MISSING_KEY, arrayGuard, keyExpr, splitPath, typeExpr } from './sqlPaths.js';
import type { PathShape } from './sqlPaths.js';

/**
 * Translates the parts of a MongoDB filter that SQL can evaluate into a WHERE clause.
 *
 * The clause always selects a SUPERSET of the matching documents; mingo evaluates the full filter on
 * each candidate unless `exact` says the clause alone is already precise. Precision needs two things:
 *  - type bracketing like MongoDB's ({n: {$gt: 5}} matches only numbers): every comparison carries a
 *    json_type() check, so SQLite's cross-type ordering and true=1/false=0 cannot leak in;
 *  - no arrays at or on the way to the path (MongoDB compares element-wise). That is only known for
 *    indexed paths whose catalog shape is not 'multikey'; any other path gets an array guard
 *    (`... OR json_type(...)='array'`) and the result is marked inexact.
 * `_id` lives in its own TEXT column and is always a string, so its predicates are always exact.
 */
export type SqlFilter = { readonly sql: string; readonly params: unknown[]; readonly exact: boolean };

export type ShapeLookup = (path: string) => PathShape | undefined;

const TRUE: SqlFilter = { sql: '1', params: [], exact: true };
const FALSE: SqlFilter = { sql: '0', params: [], exact: true };
const UNKNOWN: SqlFilter = { sql: '1', params: [], exact: false };

const RANGE: Record<string, string> = { $gt: '>', $gte: '>=', $lt: '<', $lte: '<=' };

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype;

const and = (parts: SqlFilter[]): SqlFilter => {
  if (parts.some((p) => p.sql === '0' && p.exact)) return FALSE;
  const kept = parts.filter((p) => p.sql !== '1');
  const exact = parts.every((p) => p.exact);
  if (kept.length === 0) return { sql: '1', params: [], exact };
  return { sql: kept.map((p) => `(${p.sql})`).join(' AND '), params: kept.flatMap((p) => p.params), exact };
};

const or = (parts: SqlFilter[]): SqlFilter => {
  const exact = parts.every((p) => p.exact);
  if (parts.some((p) => p.sql === '1')) return { sql: '1', params: [], exact };
  const kept = parts.filter((p) => p.sql !== '0');
  if (kept.length === 0) return { sql: '0', params: [], exact };
  return { sql: kept.map((p) => `(${p.sql})`).join(' OR '), params: kept.flatMap((p) => p.params), exact };
};

type Scalar = string | number | boolean | null;
const isScalar = (v: unknown): v is Scalar =>
  v === null || typeof v === 'string' || typeof v === 'boolean' || (typeof v === 'number' && Number.isFinite(v));

/** Exact equality for a scalar at a path without arrays. */
const equals = (parts: string[], value: Scalar): SqlFilter => {
  const key = keyExpr(parts);
  const type = typeExpr(parts);
  if (value === null) return { sql: `${key}=${MISSING_KEY}`, params: [], exact: true };
  if (typeof value === 'string') return { sql: `${key}=? AND ${type}='text'`, params: [value], exact: true };
  if (typeof value === 'number') return { sql: `${key}=? AND ${type} IN ('integer','real')`, params: [value], exact: true };
  return { sql: `${key}=? AND ${type}='${value ? 'true' : 'false'}'`, params: [value ? 1 : 0], exact: true };
};

const inList = (parts: string[], values: Scalar[]): SqlFilter => {
  const key = keyExpr(parts);
  const type = typeExpr(parts);
  const strings = values.filter((v): v is string => typeof v === 'string');
  const numbers = values.filter((v): v is number => typeof v === 'number');
  const branches: SqlFilter[] = [];
  const marks = (n: number) => new Array(n).fill('?').join(',');
  if (strings.length) branches.push({ sql: `${key} IN (${marks(strings.length)}) AND ${type}='text'`, params: strings, exact: true });
  if (numbers.length) branches.push({ sql: `${key} IN (${marks(numbers.length)}) AND ${type} IN ('integer','real')`, params: numbers, exact: true });
  for (const v of values) if (v === null || typeof v === 'boolean') branches.push(equals(parts, v));
  return or(branches);
};

const not = (f: SqlFilter): SqlFilter => ({ sql: `NOT (${f.sql})`, params: f.params, exact: f.exact });

/** One `{ path: { $op: operand } }` condition at a path known to hold no arrays. */
const exactOperator = (parts: string[], op: string, operand: unknown): SqlFilter => {
  const type = typeExpr(parts);
  if (op === '$eq' || op === '$ne') {
    if (!isScalar(operand)) return UNKNOWN;
    return op === '$eq' ? equals(parts, operand) : not(equals(parts, operand));
  }
  if (op === '$in' || op === '$nin') {
    if (!Array.isArray(operand) || !operand.every(isScalar)) return UNKNOWN;
    return op === '$in' ? inList(parts, operand) : not(inList(parts, operand));
  }
  if (op in RANGE) {
    if (typeof operand === 'string') return { sql: `${keyExpr(parts)}${RANGE[op]}? AND ${type}='text'`, params: [operand], exact: true };
    if (typeof operand === 'number' && Number.isFinite(operand)) {
      return { sql: `${keyExpr(parts)}${RANGE[op]}? AND ${type} IN ('integer','real')`, params: [operand], exact: true };
    }
    return UNKNOWN;
  }
  if (op === '$exists') return { sql: operand ? `${type} IS NOT NULL` : `${type} IS NULL`, params: [], exact: true };
  return UNKNOWN;
};

/** The same condition where arrays may occur: a superset that lets array-bearing rows through to mingo. */
const guardedOperator = (parts: string[], op: string, operand: unknown): SqlFilter => {
  // Negations cannot be guarded (NOT (x OR guard) would drop array rows that match).
  if (op === '$ne' || op === '$nin' || (op === '$exists' && !operand)) return UNKNOWN;
  const inner = exactOperator(parts, op, operand);
  if (inner.sql === '1') return UNKNOWN;
  return { sql: `(${inner.sql}) OR ${arrayGuard(parts)}`, params: inner.params, exact: false };
};

const idCondition = (op: string, operand: unknown): SqlFilter => {
  if (op === '$eq') return typeof operand === 'string' ? { sql: 'id=?', params: [operand], exact: true } : FALSE;
  if (op === '$ne') return typeof operand === 'string' ? { sql: 'id<>?', params: [operand], exact: true } : TRUE;
  if (op === '$in' || op === '$nin') {
    if (!Array.isArray(operand) || !operand.every(isScalar)) return UNKNOWN;
    const ids = operand.filter((v): v is string => typeof v === 'string');
    if (ids.length === 0) return op === '$in' ? FALSE : TRUE;
    const sql = `id ${op === '$in' ? 'IN' : 'NOT IN'} (${ids.map(() => '?').join(',')})`;
    return { sql, params: ids, exact: true };
  }
  if (op in RANGE) return typeof operand === 'string' ? { sql: `id${RANGE[op]}?`, params: [operand], exact: true } : UNKNOWN;
  if (op === '$exists') return operand ? TRUE : FALSE;
  return UNKNOWN;
};

const fieldCondition = (path: string, condition: unknown, shapeOf: ShapeLookup): SqlFilter => {
  const operators = isPlainObject(condition) && Object.keys(condition).length > 0 && Object.keys(condition).every((k) => k.startsWith('$'));
  const entries: [string, unknown][] = operators ? Object.entries(condition as Record<string, unknown>) : [['$eq', condition]];
  // `$regex` pairs with `$options`; `$not`, `$elemMatch`, `$size`, `$type`... are left to mingo.
  if (path === '_id') return and(entries.map(([op, operand]) => idCondition(op, operand)));
  const parts = splitPath(path);
  if (!parts) return UNKNOWN;
  const shape = shapeOf(path);
  const exact = shape !== undefined && shape !== 'multikey';
  return and(entries.map(([op, operand]) => (exact ? exactOperator(parts, op, operand) : guardedOperator(parts, op, operand))));
};

export const pushDownFilter = (filter: Record<string, unknown>, shapeOf: ShapeLookup): SqlFilter => {
  const parts: SqlFilter[] = [];
  for (const [key, value] of Object.entries(filter)) {
    if (key === '$and' && Array.isArray(value)) parts.push(and(value.map((f) => (isPlainObject(f) ? pushDownFilter(f, shapeOf) : UNKNOWN))));
    else if (key === '$or' && Array.isArray(value) && value.length > 0) {
      parts.push(or(value.map((f) => (isPlainObject(f) ? pushDownFilter(f, shapeOf) : UNKNOWN))));
    } else if (key === '$comment') parts.push(TRUE);
    else if (key.startsWith('$')) parts.push(UNKNOWN);
    else parts.push(fieldCondition(key, value, shapeOf));
  }
  return and(parts);
};

/**
 * ORDER BY for a sort spec, or null when SQL's order could differ from MongoDB's (any key that is not
 * `_id` or an indexed path known to hold only null/missing, numbers and strings). `rowid` breaks ties
 * so the result is deterministic.
 */
export const pushDownSort = (sort: Record<string, 1 | -1>, shapeOf: ShapeLookup): string | null => {
  const terms: string[] = [];
  for (const [path, direction] of Object.entries(sort)) {
    const dir = direction === -1 ? 'DESC' : 'ASC';
    if (path === '_id') {
      terms.push(`id ${dir}`);
      continue;
    }
    const parts = splitPath(path);
    if (!parts || shapeOf(path) !== 'scalar') return null;
    terms.push(`${keyExpr(parts)} ${dir}`);
  }
  terms.push('rowid');
  return terms.join(', ');
};
