import * as updateOperators from 'mingo/operators/update';
import { ReadStoreError, type Document, type Update } from '../readStore.js';

/**
 * MongoDB update-operator semantics over a plain document, on top of mingo's update operators.
 * mingo covers $set/$unset/$inc/$mul/$rename/$push($each, $slice, $sort, $position)/$addToSet/$pull/
 * $pullAll/$pop/$max/$min and path conflicts within one operator; what it lacks is added here:
 * $setOnInsert, conflicts across operators, `_id` immutability, and MongoDB's type errors for
 * $inc/$mul on non-numbers. The operators are called directly: mingo's `update()` rebuilds its whole
 * operator context on every call (~1 ms), which would dominate every write.
 */
type OperatorFn = (expr: Record<string, unknown>) => (doc: Record<string, unknown>) => string[];
const MINGO_OPERATORS = updateOperators as unknown as Record<string, OperatorFn>;
const OPERATORS = new Set(['$set', '$unset', '$inc', '$mul', '$rename', '$push', '$addToSet', '$pull', '$pullAll', '$pop', '$max', '$min', '$setOnInsert']);

export const invalidUpdate = (message: string): ReadStoreError => new ReadStoreError('INVALID_UPDATE', message, 400, false);

const immutableId = (): ReadStoreError =>
  new ReadStoreError('IMMUTABLE_FIELD', "Performing an update on the path '_id' would modify the immutable field '_id'", 400, false);

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True for `{ $set: ... }`-style updates, false for replacement documents; mixed documents are rejected. */
export const isOperatorUpdate = (update: Update): boolean => {
  const keys = Object.keys(update);
  const operators = keys.filter((k) => k.startsWith('$')).length;
  if (operators > 0 && operators < keys.length) throw invalidUpdate('an update document cannot mix operators and plain fields');
  return keys.length > 0 && operators === keys.length;
};

export const assertOperatorUpdate = (update: Update): void => {
  if (!isObject(update) || !isOperatorUpdate(update)) throw invalidUpdate('update document requires atomic operators ($set, $inc, ...)');
  for (const [op, fields] of Object.entries(update)) {
    if (!OPERATORS.has(op)) throw invalidUpdate(`Unknown modifier: ${op}`);
    if (!isObject(fields)) throw invalidUpdate(`Modifiers operate on fields but we found a ${typeof fields} instead: {${op}: ...}`);
  }
};

export const assertReplacement = (replacement: unknown): void => {
  if (!isObject(replacement)) throw invalidUpdate('a replacement must be a document');
  if (Object.keys(replacement).some((k) => k.startsWith('$'))) throw invalidUpdate('a replacement document must not contain update operators');
};

const conflicts = (a: string, b: string): boolean => a === b || a.startsWith(`${b}.`) || b.startsWith(`${a}.`);

const valueAt = (doc: unknown, path: string): unknown => {
  let value = doc;
  for (const part of path.split('.')) {
    if (!isObject(value) && !Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
};

const checkArithmetic = (doc: Document, op: '$inc' | '$mul', fields: Record<string, unknown>): void => {
  for (const [path, operand] of Object.entries(fields)) {
    if (typeof operand !== 'number') throw invalidUpdate(`Cannot ${op === '$inc' ? 'increment' : 'multiply'} with non-numeric argument: {${path}: ${JSON.stringify(operand)}}`);
    const current = valueAt(doc, path);
    if (current !== undefined && typeof current !== 'number') {
      throw new ReadStoreError('TYPE_MISMATCH', `Cannot apply ${op} to a value of non-numeric type at '${path}'`, 400, false);
    }
  }
};

export type UpdateOutcome = { readonly doc: Document; readonly modified: boolean };

/**
 * Applies an operator update to a copy of `doc`. With `isInsert` (the upsert path) `$setOnInsert`
 * applies and `_id` may be set; otherwise `_id` must not change.
 */
export const applyOperatorUpdate = (doc: Document, update: Update, isInsert: boolean): UpdateOutcome => {
  assertOperatorUpdate(update);
  const modifier: Record<string, Record<string, unknown>> = {};
  let newId: unknown;
  for (const [op, raw] of Object.entries(update) as [string, Record<string, unknown>][]) {
    if (op === '$setOnInsert' && !isInsert) continue;
    const target = op === '$setOnInsert' ? '$set' : op;
    const fields: Record<string, unknown> = {};
    for (const [path, value] of Object.entries(raw)) {
      if (path === '_id' && (op === '$set' || op === '$setOnInsert')) {
        if (isInsert ? doc._id !== undefined && value !== doc._id : value !== doc._id) throw immutableId();
        newId = value;
        continue;
      }
      if (path === '_id' || path.startsWith('_id.') || (op === '$rename' && (value === '_id' || String(value).startsWith('_id.')))) throw immutableId();
      const other = Object.entries(modifier).find(([, existing]) => Object.keys(existing).some((p) => conflicts(p, path)));
      if (other) throw invalidUpdate(`Updating the path '${path}' would create a conflict at '${path}'`);
      fields[path] = value;
    }
    if (op === '$inc' || op === '$mul') checkArithmetic(doc, op, fields);
    if (Object.keys(fields).length > 0) modifier[target] = { ...(modifier[target] ?? {}), ...fields };
  }
  const next = structuredClone(doc);
  let changed = 0;
  try {
    for (const [op, fields] of Object.entries(modifier)) changed += (MINGO_OPERATORS[op] as OperatorFn)(fields)(next).length;
  } catch (error) {
    throw invalidUpdate(error instanceof Error ? error.message : String(error));
  }
  if (isInsert && newId !== undefined && next._id === undefined) {
    // MongoDB keeps _id as the first field.
    const { _id: _ignored, ...rest } = next;
    return { doc: { _id: newId as string, ...rest }, modified: true };
  }
  return { doc: next, modified: changed > 0 };
};

/** A replacement keeps the matched document's `_id` (a different `_id` in the replacement is an error). */
export const applyReplacement = (current: Document, replacement: Record<string, unknown>): UpdateOutcome => {
  assertReplacement(replacement);
  if (replacement._id !== undefined && replacement._id !== current._id) throw immutableId();
  const { _id: _ignored, ...rest } = replacement;
  const doc = { _id: current._id, ...structuredClone(rest) } as Document;
  return { doc, modified: JSON.stringify(doc) !== JSON.stringify(current) };
};
