// class-transformer's @Type reads Reflect.getMetadata while decorating: load the polyfill first.
import 'reflect-metadata';
import { Type } from 'class-transformer';
import {
  isISO31661Alpha2,
  isISO4217CurrencyCode,
  isISO8601,
  registerDecorator,
  ValidateNested,
  type ValidationArguments,
  type ValidationOptions,
} from 'class-validator';
import { minorUnits } from '../../domain/shared/money.js';
import type { DtoClass, JsonSchema } from './route.js';

/**
 * Reusable DTO decorators for the value kinds every feature accepts. Each is one named
 * class-validator rule with a message that says which field failed and why, and each has a JSON
 * Schema twin in `DECORATOR_SCHEMAS` so the OpenAPI document describes exactly what is enforced.
 */

export const ID_PATTERN = /^[A-Za-z0-9._:@~-]{1,128}$/;
export const DECIMAL_PATTERN = /^-?\d+(\.\d+)?$/;
const CURRENCY = /^[A-Z]{3}$/;
const COUNTRY = /^[A-Z]{2}$/;
/** Date, time and an explicit offset: a business instant without a zone is ambiguous. */
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;
/** C0 controls except tab, LF, CR, plus DEL: they break logs, CSV exports and terminals. */
// eslint-disable-next-line no-control-regex
const CONTROL_CHARS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

type Rule = Readonly<{
  name: string;
  constraints: unknown[];
  validate: (value: unknown, args: ValidationArguments) => boolean;
  message: (args: ValidationArguments) => string;
}>;

function rule(r: Rule, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name: r.name,
      target: target.constructor,
      propertyName: String(propertyName),
      constraints: r.constraints,
      options,
      validator: {
        validate: (value: unknown, args?: ValidationArguments) => r.validate(value, args!),
        defaultMessage: (args?: ValidationArguments) =>
          (options?.each ? 'each value in ' : '') + r.message(args!),
      },
    });
  };
}

export type QuantityOptions = Readonly<{ min?: number; max?: number }>;

/** A whole number of units, 1..max by default (quantities are never fractional or zero). */
export function IsQuantity(opts: QuantityOptions = {}, options?: ValidationOptions): PropertyDecorator {
  const min = opts.min ?? 1;
  const max = opts.max ?? 1_000_000;
  return rule(
    {
      name: 'isQuantity',
      constraints: [min, max],
      validate: (v) => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max,
      message: (a) =>
        min === 1
          ? `${a.property} must be a positive integer no greater than ${max}`
          : `${a.property} must be an integer between ${min} and ${max}`,
    },
    options,
  );
}

export type DecimalAmountOptions = Readonly<{
  /** Fixed number of fraction digits allowed. When absent, the sibling currency decides. */
  scale?: number;
  /** Sibling property holding the ISO currency whose minor units bound the scale. */
  currencyProperty?: string;
  /** Total significant digits (integer + fraction). */
  maxDigits?: number;
  allowNegative?: boolean;
}>;

const scaleFor = (opts: DecimalAmountOptions, object: object): { scale: number; currency?: string } => {
  if (opts.scale !== undefined) return { scale: opts.scale };
  const currency = (object as Record<string, unknown>)[opts.currencyProperty ?? 'currency'];
  return typeof currency === 'string' && CURRENCY.test(currency) ? { scale: minorUnits(currency), currency } : { scale: 2 };
};

/** Why an amount string is unacceptable, or undefined when it is fine. */
function decimalProblem(value: unknown, opts: DecimalAmountOptions, object: object): string | undefined {
  const maxDigits = opts.maxDigits ?? 18;
  if (typeof value !== 'string' || !DECIMAL_PATTERN.test(value)) return 'must be a decimal string such as "19.99"';
  if (!opts.allowNegative && value.startsWith('-')) return 'must not be negative';
  const [intPart = '', fraction = ''] = value.replace('-', '').split('.');
  const { scale, currency } = scaleFor(opts, object);
  if (fraction.length > scale) {
    return `must have at most ${scale} decimal places${currency ? ` for ${currency}` : ''}`;
  }
  if (intPart.replace(/^0+(?=\d)/, '').length + fraction.length > maxDigits) return `must have at most ${maxDigits} digits`;
  return undefined;
}

/** Money amounts travel as decimal strings (never JS numbers), bounded by the currency's minor units. */
export function IsDecimalAmount(opts: DecimalAmountOptions = {}, options?: ValidationOptions): PropertyDecorator {
  return rule(
    {
      name: 'isDecimalAmount',
      constraints: [opts],
      validate: (v, a) => decimalProblem(v, opts, a.object) === undefined,
      message: (a) => `${a.property} ${decimalProblem(a.value, opts, a.object) ?? 'is invalid'}`,
    },
    options,
  );
}

export function IsCurrencyCode(options?: ValidationOptions): PropertyDecorator {
  return rule(
    {
      name: 'isCurrencyCode',
      constraints: [],
      validate: (v) => typeof v === 'string' && CURRENCY.test(v) && isISO4217CurrencyCode(v),
      message: (a) => `${a.property} must be an ISO 4217 currency code in upper case, such as "EUR"`,
    },
    options,
  );
}

export function IsCountryCode(options?: ValidationOptions): PropertyDecorator {
  return rule(
    {
      name: 'isCountryCode',
      constraints: [],
      validate: (v) => typeof v === 'string' && COUNTRY.test(v) && isISO31661Alpha2(v),
      message: (a) => `${a.property} must be an ISO 3166-1 alpha-2 country code in upper case, such as "DE"`,
    },
    options,
  );
}

export function IsIsoDateTime(options?: ValidationOptions): PropertyDecorator {
  return rule(
    {
      name: 'isIsoDateTime',
      constraints: [],
      // The regex fixes the shape; strict isISO8601 rejects impossible dates such as Feb 30.
      validate: (v) => typeof v === 'string' && DATE_TIME.test(v) && isISO8601(v, { strict: true }),
      message: (a) => `${a.property} must be an ISO 8601 date-time with offset, such as "2025-01-31T12:00:00Z"`,
    },
    options,
  );
}

export type BoundedStringOptions = Readonly<{ min?: number; max?: number }>;

/** Free text with a length bound and no control characters. */
export function IsBoundedString(opts: BoundedStringOptions = {}, options?: ValidationOptions): PropertyDecorator {
  const min = opts.min ?? 1;
  const max = opts.max ?? 256;
  return rule(
    {
      name: 'isBoundedString',
      constraints: [min, max],
      validate: (v) => typeof v === 'string' && v.length >= min && v.length <= max && !CONTROL_CHARS.test(v),
      message: (a) => `${a.property} must be a string of ${min} to ${max} characters without control characters`,
    },
    options,
  );
}

export function IsId(options?: ValidationOptions): PropertyDecorator {
  return rule(
    {
      name: 'isId',
      constraints: [ID_PATTERN.source],
      validate: (v) => typeof v === 'string' && ID_PATTERN.test(v),
      message: (a) => `${a.property} must be an id of 1 to 128 characters from [A-Za-z0-9._:@~-]`,
    },
    options,
  );
}

const compose =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) => {
    for (const d of decorators) d(target, key);
  };

/**
 * A nested DTO. tsx emits no decorator metadata, so class-transformer needs the explicit type
 * and class-validator the explicit ValidateNested; this keeps the two together.
 */
export function NestedDto(type: () => DtoClass, options?: ValidationOptions): PropertyDecorator {
  return compose(Type(type), ValidateNested(options));
}

export type NestedArrayOptions = Readonly<{ minItems?: number; maxItems?: number }>;

/** An array of nested DTOs with bounded length (an unbounded array is a denial-of-service vector). */
export function NestedDtoArray(type: () => DtoClass, opts: NestedArrayOptions = {}): PropertyDecorator {
  const minItems = opts.minItems ?? 1;
  const maxItems = opts.maxItems ?? 1000;
  return compose(
    Type(type),
    // One rule, one message: separate IsArray/ArrayMinSize/ArrayMaxSize all fire on a non-array.
    rule({
      name: 'isBoundedArray',
      constraints: [minItems, maxItems],
      validate: (v) => Array.isArray(v) && v.length >= minItems && v.length <= maxItems,
      message: (a) => `${a.property} must be an array of ${minItems} to ${maxItems} items`,
    }),
    ValidateNested({ each: true }),
  );
}

const pattern = (re: RegExp): string => re.source;

/** JSON Schema for the custom rules above, keyed by rule name; used by the OpenAPI generator. */
export const DECORATOR_SCHEMAS: Readonly<Record<string, (constraints: readonly unknown[]) => JsonSchema>> = {
  isQuantity: ([min, max]) => ({ type: 'integer', minimum: min, maximum: max }),
  isDecimalAmount: ([opts]) => {
    const o = (opts ?? {}) as DecimalAmountOptions;
    const scale = o.scale !== undefined ? `at most ${o.scale}` : "at most the currency's minor-unit";
    return {
      type: 'string',
      pattern: o.allowNegative ? pattern(DECIMAL_PATTERN) : '^\\d+(\\.\\d+)?$',
      maxLength: (o.maxDigits ?? 18) + 2,
      description: `decimal string with ${scale} decimal places`,
      examples: ['19.99'],
    };
  },
  isCurrencyCode: () => ({ type: 'string', pattern: pattern(CURRENCY), examples: ['EUR'] }),
  isCountryCode: () => ({ type: 'string', pattern: pattern(COUNTRY), examples: ['DE'] }),
  isIsoDateTime: () => ({ type: 'string', format: 'date-time' }),
  isBoundedString: ([min, max]) => ({ type: 'string', minLength: min, maxLength: max }),
  isId: () => ({ type: 'string', pattern: pattern(ID_PATTERN) }),
  isBoundedArray: ([min, max]) => ({ type: 'array', minItems: min, maxItems: max }),
};
