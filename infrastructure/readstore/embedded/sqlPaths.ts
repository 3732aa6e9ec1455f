/**
 * SQL fragments over the JSON `doc` column. Every index and every pushed-down predicate must spell a
 * field's key expression exactly the same way, or SQLite will not match the query to the index —
 * so all of them come from here.
 */

/** Every collection lives in its own table `rm_<name>`; the catalog is `rm_$catalog` (`$` cannot occur in a collection name). */
export const TABLE_PREFIX = 'rm_';
export const CATALOG_TABLE = 'rm_$catalog';

/**
 * SQL literal for -Infinity. JSON cannot hold it, so it is a unique stand-in for "null or missing":
 * it sorts before every number (MongoDB sorts null/missing first) and makes null and missing the
 * same key in unique indexes, as in MongoDB.
 */
export const MISSING_KEY = '-9e999';

export const quoteIdent = (name: string): string => `"${name.replace(/"/g, '""')}"`;

export const tableName = (collection: string): string => quoteIdent(TABLE_PREFIX + collection);

export const indexSqlName = (collection: string, index: string): string => `${TABLE_PREFIX}${collection}$${index}`;

/**
 * Splits a dotted field path into JSON-path components, or null when a component cannot be written
 * safely inside a SQL string literal and a quoted JSON-path label (such paths are simply not pushed
 * down; mingo still evaluates them).
 */
export const splitPath = (path: string): string[] | null => {
  const parts = path.split('.');
  for (const part of parts) {
    if (part.length === 0 || part.startsWith('$') || /["'\\\u0000-\u001f]/.test(part)) return null;
  }
  return parts;
};

const jsonPath = (parts: readonly string[]): string => `'$${parts.map((p) => `."${p}"`).join('')}'`;

/** The value at the path as SQL (JSON null and missing both become MISSING_KEY). */
export const keyExpr = (parts: readonly string[]): string => `ifnull(json_extract(doc,${jsonPath(parts)}),${MISSING_KEY})`;

/** 'null' | 'true' | 'false' | 'integer' | 'real' | 'text' | 'array' | 'object', or SQL NULL when missing. */
export const typeExpr = (parts: readonly string[]): string => `json_type(doc,${jsonPath(parts)})`;

/**
 * True when an array sits at the path or on the way to it. MongoDB then matches element-wise, which
 * plain SQL comparisons cannot express, so such rows must always reach mingo.
 */
export const arrayGuard = (parts: readonly string[]): string =>
  `(${parts.map((_, i) => `${typeExpr(parts.slice(0, i + 1))}='array'`).join(' OR ')})`;

export type PathShape = 'scalar' | 'nonScalar' | 'multikey';

/**
 * How a document's value at a path would look to an index: `multikey` when an array is met on the
 * way or at the end (MongoDB's multikey), `nonScalar` for booleans and objects (their SQL order differs
 * from MongoDB's), `scalar` for null, missing, numbers and strings.
 */
export const pathShape = (doc: unknown, parts: readonly string[]): PathShape => {
  let value: unknown = doc;
  for (const part of parts) {
    if (Array.isArray(value)) return 'multikey';
    if (value === null || typeof value !== 'object') return 'scalar';
    value = (value as Record<string, unknown>)[part];
  }
  if (Array.isArray(value)) return 'multikey';
  if (typeof value === 'boolean' || (value !== null && typeof value === 'object')) return 'nonScalar';
  return 'scalar';
};
