import 'reflect-metadata';
import { plainToInstance } from 'class-transformer';
import { validate, type ValidationError as ClassValidationError } from 'class-validator';
import { HttpProblem } from './problem.js';
import type { DtoClass } from './route.js';

export * from './decorators.js';

/**
 * Input validation at the edge: prototype-pollution guard, then class-transformer +
 * class-validator with whitelisting. Every failure is a 400 VALIDATION_FAILED problem listing
 * each offending field by its full path (`lines[0].quantity`) with a reason.
 */

export type InputLocation = 'body' | 'query' | 'params';

export type FieldError = Readonly<{ field: string; message: string; constraint: string; location: InputLocation }>;

/**
 * Keys that reach Object.prototype (or a constructor) when code merges input into objects, plus
 * every other Object.prototype member name (`hasOwnProperty`, `toString`, ...): class-transformer
 * silently drops those instead of letting the whitelist reject them, and shadowing them breaks
 * code that calls them. No field of this API is named like that.
 */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set([
  '__proto__',
  'constructor',
  'prototype',
  ...Object.getOwnPropertyNames(Object.prototype),
]);

/** Deeper than any legitimate payload; bounds the recursion in class-transformer/validator. */
export const MAX_DEPTH = 32;

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export const joinPath = (parent: string, key: string, parentIsArray: boolean): string => {
  if (parentIsArray) return `${parent}[${key}]`;
  const segment = IDENTIFIER.test(key) ? key : `[${JSON.stringify(key)}]`;
  return parent === '' || segment.startsWith('[') ? parent + segment : `${parent}.${segment}`;
};

/**
 * Walks parsed input iteratively (deeply nested garbage must not overflow the stack) and reports
 * forbidden own keys and excessive depth. JSON.parse keeps `__proto__` as an own property, so
 * scanning the parsed value sees it even when written with escapes (`"\u005f_proto__"`).
 */
export function scanInput(value: unknown, location: InputLocation, maxDepth = MAX_DEPTH): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: '', depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v !== 'object' || v === null) continue;
    if (depth >= maxDepth) {
      errors.push({ field: path || location, message: `${path || location} nests deeper than ${maxDepth} levels`, constraint: 'maxDepth', location });
      continue;
    }
    const isArray = Array.isArray(v);
    for (const key of Object.keys(v)) {
      const childPath = joinPath(path, key, isArray);
      if (!isArray && FORBIDDEN_KEYS.has(key)) {
        errors.push({ field: childPath, message: `${childPath} is not allowed: "${key}" is a reserved key`, constraint: 'forbiddenKey', location });
        continue;
      }
      stack.push({ value: (v as Record<string, unknown>)[key], path: childPath, depth: depth + 1 });
    }
  }
  return errors.sort((a, b) => (a.field < b.field ? -1 : a.field > b.field ? 1 : 0));
}

const rewordConstraint = (name: string, message: string, field: string, property: string): string => {
  // class-validator's own wording for these does not say why in client terms.
  if (name === 'whitelistValidation') return `${field || property} is not an accepted field`;
  if (name === 'unknownValue' || name === 'nestedValidation') return `${field || property} must be an object`;
  return message;
};

/** "must be an object" adds nothing when the same field already failed a more specific rule (e.g. "must be an array"). */
const relevantConstraints = (constraints: Record<string, string>): Array<[string, string]> => {
  const entries = Object.entries(constraints);
  return entries.length > 1 ? entries.filter(([name]) => name !== 'nestedValidation') : entries;
};

/** Flattens class-validator's error tree into one entry per failed constraint with full paths. */
export function flattenErrors(errors: readonly ClassValidationError[], location: InputLocation, parent = '', parentIsArray = false): FieldError[] {
  const out: FieldError[] = [];
  for (const e of errors) {
    const field = e.property === undefined || e.property === '' ? parent : joinPath(parent, e.property, parentIsArray);
    for (const [constraint, message] of relevantConstraints(e.constraints ?? {})) {
      out.push({ field: field || location, message: rewordConstraint(constraint, message, field, e.property), constraint, location });
    }
    if (e.children && e.children.length > 0) {
      out.push(...flattenErrors(e.children, location, field, Array.isArray(e.value)));
    }
  }
  return out;
}

export const validationFailed = (errors: readonly FieldError[]): HttpProblem =>
  new HttpProblem(
    400,
    'VALIDATION_FAILED',
    errors.length === 1 ? errors[0]!.message : `${errors.length} fields are invalid: ${errors.map((e) => e.field).join(', ')}`,
    { errors },
  );

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Turns untrusted input into a validated DTO instance or throws VALIDATION_FAILED. `errors`
 * carry no values: echoing input back would reflect whatever an attacker sent into logs and UIs.
 */
export async function validateDto<T extends object>(cls: DtoClass<T>, input: unknown, location: InputLocation): Promise<T> {
  if (!isPlainObject(input)) {
    throw validationFailed([{ field: location, message: `the request ${location} must be a JSON object`, constraint: 'isObject', location }]);
  }
  const scanned = scanInput(input, location);
  if (scanned.length > 0) throw validationFailed(scanned);
  const instance = plainToInstance(cls, input, { excludeExtraneousValues: false });
  const errors = await validate(instance, {
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    // Values are kept on the tree only to tell arrays from objects while flattening.
    validationError: { target: false, value: true },
  });
  if (errors.length > 0) throw validationFailed(flattenErrors(errors, location));
  return instance;
}

/** For routes that declare no DTO for a location: nothing may be sent there. */
export function rejectUndeclared(input: unknown, location: InputLocation): void {
  if (input === undefined || input === null) return;
  if (!isPlainObject(input)) {
    throw validationFailed([{ field: location, message: `this route accepts no ${location}`, constraint: 'noInput', location }]);
  }
  const keys = Object.keys(input);
  if (keys.length > 0) {
    throw validationFailed(
      keys.slice(0, 20).map((k) => {
        const field = joinPath('', k, false);
        return { field, message: `${field} is not accepted: this route takes no ${location}`, constraint: 'noInput', location };
      }),
    );
  }
}
