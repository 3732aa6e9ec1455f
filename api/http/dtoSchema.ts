import { getMetadataStorage } from 'class-validator';
import { createRequire } from 'node:module';
import { DECORATOR_SCHEMAS } from './decorators.js';
import type { DtoClass, JsonSchema } from './route.js';

/**
 * JSON Schema (2020-12, as OpenAPI 3.1 uses) derived from class-validator metadata, so the
 * published contract is generated from the very rules that validate requests. Covers the
 * decorators DTOs here use; an unknown rule adds nothing rather than guessing.
 */

type ValidationMeta = Readonly<{
  type: string;
  name?: string;
  propertyName: string;
  constraints?: unknown[];
  each?: boolean;
}>;

type TypeMetadataStorage = {
  findTypeMetadata(target: DtoClass, propertyName: string): { typeFunction: () => unknown } | undefined;
};

// class-transformer keeps @Type metadata in a module-level singleton it does not re-export; its
// package has no "exports" map, so the CommonJS file is the same instance `import` loads.
const transformerStorage = (createRequire(import.meta.url)('class-transformer/cjs/storage.js') as {
  defaultMetadataStorage: TypeMetadataStorage;
}).defaultMetadataStorage;

type Mutable = Record<string, unknown>;

const regexSource = (c: readonly unknown[]): string | undefined =>
  c[0] instanceof RegExp ? c[0].source : typeof c[0] === 'string' ? c[0] : undefined;

/** How each built-in class-validator rule narrows a schema. */
const BUILT_IN: Readonly<Record<string, (s: Mutable, c: readonly unknown[]) => void>> = {
  isString: (s) => void (s.type = 'string'),
  isInt: (s) => void (s.type = 'integer'),
  isNumber: (s) => void (s.type = 'number'),
  isBoolean: (s) => void (s.type = 'boolean'),
  isArray: (s) => void (s.type = 'array'),
  isObject: (s) => void (s.type = 'object'),
  min: (s, c) => void (s.minimum = c[0]),
  max: (s, c) => void (s.maximum = c[0]),
  isPositive: (s) => void (s.exclusiveMinimum = 0),
  isNegative: (s) => void (s.exclusiveMaximum = 0),
  isIn: (s, c) => void (s.enum = c[0]),
  isEnum: (s, c) => void (s.enum = c[1]),
  equals: (s, c) => void (s.const = c[0]),
  matches: (s, c) => void (s.pattern = regexSource(c)),
  isLength: (s, c) => {
    s.type ??= 'string';
    if (typeof c[0] === 'number') s.minLength = c[0];
    if (typeof c[1] === 'number') s.maxLength = c[1];
  },
  minLength: (s, c) => void (s.minLength = c[0]),
  maxLength: (s, c) => void (s.maxLength = c[0]),
  isNotEmpty: (s) => void (s.minLength ??= 1),
  arrayMinSize: (s, c) => void (s.minItems = c[0]),
  arrayMaxSize: (s, c) => void (s.maxItems = c[0]),
  arrayNotEmpty: (s) => void (s.minItems = 1),
  isIso8601: (s) => void ((s.type = 'string'), (s.format = 'date-time')),
  isRFC3339: (s) => void ((s.type = 'string'), (s.format = 'date-time')),
  isDateString: (s) => void ((s.type = 'string'), (s.format = 'date-time')),
  isUuid: (s) => void ((s.type = 'string'), (s.format = 'uuid')),
  isISO4217CurrencyCode: (s) => void ((s.type = 'string'), (s.pattern = '^[A-Za-z]{3}$')),
  isISO31661Alpha2: (s) => void ((s.type = 'string'), (s.pattern = '^[A-Za-z]{2}$')),
  isNotIn: (s, c) => void (s.not = { enum: c[0] }),
  isDecimal: (s) => void (s.type = 'string'),
  isNumberString: (s) => void (s.type = 'string'),
  isEmail: (s) => void ((s.type = 'string'), (s.format = 'email')),
  isUrl: (s) => void ((s.type = 'string'), (s.format = 'uri')),
};

const ruleName = (m: ValidationMeta): string => m.name ?? m.type;

function applyRule(schema: Mutable, m: ValidationMeta): void {
  const name = ruleName(m);
  const constraints = m.constraints ?? [];
  const builtIn = BUILT_IN[name];
  if (builtIn) return builtIn(schema, constraints);
  const custom = DECORATOR_SCHEMAS[name];
  if (custom) Object.assign(schema, custom(constraints));
}

/** Collects component schemas for DTO classes; names stay unique even if two classes share one. */
export type SchemaRegistry = {
  readonly schemas: Record<string, JsonSchema>;
  readonly names: Map<DtoClass, string>;
};

export const createSchemaRegistry = (): SchemaRegistry => ({ schemas: {}, names: new Map() });

/** A `$ref` to the DTO's component schema, registering it (and its nested DTOs) on first use. */
export function dtoRef(cls: DtoClass, registry: SchemaRegistry): JsonSchema {
  let name = registry.names.get(cls);
  if (name === undefined) {
    const base = cls.name || 'Anonymous';
    name = base;
    for (let i = 2; Object.hasOwn(registry.schemas, name); i += 1) name = `${base}${i}`;
    registry.names.set(cls, name);
    registry.schemas[name] = {}; // placeholder first: self-referencing DTOs terminate
    registry.schemas[name] = dtoObjectSchema(cls, registry);
  }
  return { $ref: `#/components/schemas/${name}` };
}

export type PropertySchema = Readonly<{ name: string; schema: JsonSchema; required: boolean }>;

/** One schema per decorated property, in declaration order. */
export function dtoProperties(cls: DtoClass, registry: SchemaRegistry): PropertySchema[] {
  const metas = getMetadataStorage().getTargetValidationMetadatas(cls, '', false, false) as unknown as ValidationMeta[];
  const byProperty = new Map<string, ValidationMeta[]>();
  for (const m of metas) byProperty.set(m.propertyName, [...(byProperty.get(m.propertyName) ?? []), m]);
  return [...byProperty.entries()].map(([name, list]) => {
    const own: Mutable = {};
    const items: Mutable = {};
    let required = true;
    let array = false;
    let nested = false;
    for (const m of list) {
      if (m.type === 'conditionalValidation') required = false; // IsOptional, ValidateIf
      else if (m.type === 'nestedValidation') {
        nested = true;
        if (m.each) array = true;
      } else if (m.type === 'customValidation' || m.type === 'isDefined') {
        if (m.each) {
          array = true;
          applyRule(items, m);
        } else applyRule(own, m);
      }
    }
    if (own.type === 'array') array = true;
    const nestedType = nested ? transformerStorage.findTypeMetadata(cls, name)?.typeFunction() : undefined;
    const target = array ? items : own;
    if (typeof nestedType === 'function') Object.assign(target, dtoRef(nestedType as DtoClass, registry));
    const schema: Mutable = array ? { ...own, type: 'array', ...(Object.keys(items).length > 0 ? { items } : {}) } : own;
    return { name, schema, required };
  });
}

/** The DTO as a closed object schema: unknown properties are rejected at runtime, so say so. */
export function dtoObjectSchema(cls: DtoClass, registry: SchemaRegistry): JsonSchema {
  const props = dtoProperties(cls, registry);
  const required = props.filter((p) => p.required).map((p) => p.name);
  return {
    type: 'object',
    properties: Object.fromEntries(props.map((p) => [p.name, p.schema])),
    ...(required.length > 0 ? { required } : {}),
    additionalProperties: false,
  };
}
