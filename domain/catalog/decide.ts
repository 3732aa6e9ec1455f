import { ConflictError, NotFoundError, ValidationError } from '../shared/errors.js';
import { changedFields, jsonEqual } from '../network/jsonEqual.js';
import type { DefineSku, SkuCommand, UpdateSku } from './commands.js';
import { UPDATABLE_SKU_FIELDS, type SkuEvent } from './events.js';
import type { SkuState } from './state.js';
import { validateSkuDefinition } from './validateSku.js';

/** Defining the same SKU again is a no-op (safe retry); a different definition is a conflict (use UpdateSku). */
const define = ({ data }: DefineSku, state: SkuState): SkuEvent[] => {
  const definition = validateSkuDefinition({ ...data, status: data.status ?? 'active' });
  if (state.definition !== null) {
    if (jsonEqual(state.definition, definition)) return [];
    throw new ConflictError('SKU_ALREADY_EXISTS', `sku ${data.sku} is already defined with another definition`, { sku: data.sku });
  }
  return [{ type: 'SkuDefined', data: { sku: definition.sku, definition, version: state.version + 1 } }];
};

/** Validates the merged result and records only the fields that changed; nothing changed → no event. */
const update = ({ data }: UpdateSku, state: SkuState): SkuEvent[] => {
  const current = state.definition;
  if (current === null) throw new NotFoundError('SKU_NOT_FOUND', `sku ${data.sku} is not defined`, { sku: data.sku });
  if (current.sku !== data.sku) {
    throw new ValidationError('INVALID_SKU', `command for sku ${data.sku} sent to sku ${current.sku}`, { field: 'sku', reason: 'does not match the stream' });
  }
  const c = data.changes ?? {};
  const unknown = Object.keys(c).filter((k) => !(UPDATABLE_SKU_FIELDS as readonly string[]).includes(k));
  if (unknown.length > 0) {
    throw new ValidationError('INVALID_SKU', `sku fields ${unknown.join(', ')} cannot be updated`, { field: unknown[0], reason: 'not updatable' });
  }
  const next = validateSkuDefinition({
    ...current,
    ...(c.name !== undefined ? { name: c.name } : {}),
    ...(c.weightGrams !== undefined ? { weightGrams: c.weightGrams } : {}),
    ...(c.taxClass !== undefined ? { taxClass: c.taxClass } : {}),
    ...(c.prices !== undefined ? { prices: c.prices } : {}),
    ...(c.status !== undefined ? { status: c.status } : {}),
    dimensions: { ...current.dimensions, ...c.dimensions },
  });
  const changes = changedFields(current, next, UPDATABLE_SKU_FIELDS);
  const changed = UPDATABLE_SKU_FIELDS.filter((f) => f in changes);
  if (changed.length === 0) return [];
  return [{ type: 'SkuUpdated', data: { sku: current.sku, changes, changedFields: changed, version: state.version + 1 } }];
};

export const decideSku = (command: SkuCommand, state: SkuState): SkuEvent[] => {
  switch (command.type) {
    case 'DefineSku': return define(command, state);
    case 'UpdateSku': return update(command, state);
    default: {
      const unknown: never = command;
      throw new ValidationError('UNKNOWN_COMMAND', `unknown sku command ${(unknown as { type: string }).type}`);
    }
  }
};
