/**
 * Structural equality of JSON-shaped values (objects compared key by key regardless of key order;
 * `undefined`-valued keys count as absent, as they would after JSON serialisation). Used to decide
 * that a re-sent definition or an update changes nothing, so no event is written.
 */
export const jsonEqual = (a: unknown, b: unknown): boolean => {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => jsonEqual(v, b[i]));
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const ka = Object.keys(ra).filter((k) => ra[k] !== undefined);
  const kb = Object.keys(rb).filter((k) => rb[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(rb, k) && jsonEqual(ra[k], rb[k]));
};

/** Keeps only the keys of `next` whose value differs from `current`: the payload of an `…Updated` event. */
export const changedFields = <T extends Record<string, unknown>>(current: T, next: T, keys: readonly (keyof T)[]): Partial<T> => {
  const changes: Partial<T> = {};
  for (const key of keys) if (!jsonEqual(current[key], next[key])) changes[key] = next[key];
  return changes;
};
