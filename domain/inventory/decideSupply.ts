import { ConflictError, NotFoundError } from '../shared/errors.js';
import type { CancelSupply, ExpectSupply, ReceiveSupply, RescheduleSupply } from './commands.js';
import { SUPPLY_KINDS, type InventoryEvent } from './events.js';
import { requireInstant } from './instant.js';
import { requireQuantity } from './quantity.js';
import type { InventoryState, PositionKey, Supply } from './state.js';
import { optional, optionalReference, optionalText, requireOneOf, requireReference } from './validateInput.js';

const CODE = 'INVALID_SUPPLY';

/** Announces inbound supply: a purchase order from a supplier or a transfer from another node (in transit). */
export const expectSupply = ({ data }: ExpectSupply, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const supplyId = requireReference(data.supplyId, 'supplyId', CODE);
  const kind = requireOneOf(SUPPLY_KINDS, data.kind, 'kind', CODE);
  const quantity = requireQuantity(data.quantity);
  requireInstant(data.eta, 'eta', CODE);
  const reference = optionalReference(data.reference, 'reference', CODE);
  const existing = state.supplies.get(supplyId);
  if (existing) {
    // Same announcement again (a retried feed): nothing to record. Anything else reuses an id.
    if (existing.kind === kind && existing.quantity === quantity && existing.eta === data.eta) return [];
    throw new ConflictError('SUPPLY_CONFLICT', `supply ${supplyId} already exists with other details`, { ...key, supplyId });
  }
  return [{ type: 'SupplyExpected', data: { ...key, supplyId, kind, quantity, eta: data.eta, ...optional('reference', reference) } }];
};

const openSupply = (state: InventoryState, supplyId: string, key: PositionKey): Supply => {
  const supply = state.supplies.get(supplyId);
  if (!supply) throw new NotFoundError('SUPPLY_NOT_FOUND', `no supply ${supplyId} is expected here`, { ...key, supplyId });
  return supply;
};

/**
 * Units of an expected supply arrive and become on-hand. Partial arrivals keep the rest expected.
 * Arriving more than announced is accepted (the units are physically there) and closes the supply.
 */
export const receiveSupply = ({ data }: ReceiveSupply, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const supplyId = requireReference(data.supplyId, 'supplyId', CODE);
  const quantity = requireQuantity(data.quantity);
  const reference = optionalReference(data.reference, 'reference', CODE);
  const supply = openSupply(state, supplyId, key);
  if (supply.status !== 'expected') {
    throw new ConflictError('SUPPLY_CLOSED', `supply ${supplyId} is ${supply.status}`, { ...key, supplyId, status: supply.status });
  }
  const remaining = Math.max(0, supply.quantity - supply.arrived - quantity);
  return [{
    type: 'SupplyArrived',
    data: { ...key, supplyId, kind: supply.kind, quantity, remaining, ...optional('reference', reference), onHand: state.onHand + quantity },
  }];
};

/** Cancels what is still expected. Cancelling twice is a no-op; a fully arrived supply cannot be cancelled. */
export const cancelSupply = ({ data }: CancelSupply, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const supplyId = requireReference(data.supplyId, 'supplyId', CODE);
  const reason = optionalText(data.reason, 'reason', CODE);
  const supply = openSupply(state, supplyId, key);
  if (supply.status === 'cancelled') return [];
  if (supply.status === 'arrived') {
    throw new ConflictError('SUPPLY_CLOSED', `supply ${supplyId} has fully arrived`, { ...key, supplyId, status: supply.status });
  }
  return [{
    type: 'SupplyCancelled',
    data: { ...key, supplyId, kind: supply.kind, quantity: supply.quantity - supply.arrived, ...optional('reason', reason) },
  }];
};

/**
 * Moves the ETA of what is still expected. The same ETA again (a retried feed, or the same instant
 * spelled otherwise) records nothing; an arrived or cancelled supply has no ETA left to move.
 */
export const rescheduleSupply = ({ data }: RescheduleSupply, state: InventoryState, key: PositionKey): InventoryEvent[] => {
  const supplyId = requireReference(data.supplyId, 'supplyId', CODE);
  const eta = requireInstant(data.eta, 'eta', CODE);
  const reason = optionalText(data.reason, 'reason', CODE);
  const supply = openSupply(state, supplyId, key);
  if (supply.status !== 'expected') {
    throw new ConflictError('SUPPLY_CLOSED', `supply ${supplyId} is ${supply.status}`, { ...key, supplyId, status: supply.status });
  }
  if (eta === Date.parse(supply.eta)) return [];
  return [{
    type: 'SupplyRescheduled',
    data: { ...key, supplyId, kind: supply.kind, quantity: supply.quantity - supply.arrived, previousEta: supply.eta, eta: data.eta, ...optional('reason', reason) },
  }];
};
