import { isKey } from '../network/identifier.js';
import { BadRequestError, ValidationError } from '../shared/errors.js';
import type { InventoryCommand } from './commands.js';
import { confirmReservation, consumeReservation, expireReservations, releaseReservation, reserveStock } from './decideReservation.js';
import { adjustStock, countStock, receiveStock, setSafetyStock } from './decideStock.js';
import { cancelSupply, expectSupply, receiveSupply, rescheduleSupply } from './decideSupply.js';
import type { InventoryEvent } from './events.js';
import { requireNow } from './instant.js';
import type { InventoryState, PositionKey } from './state.js';

/** The position a command addresses must be well-formed and, once the stream exists, the stream's own. */
const positionKey = (command: InventoryCommand, state: InventoryState): PositionKey => {
  const { nodeId, sku } = command.data;
  for (const [field, value] of [['nodeId', nodeId], ['sku', sku]] as const) {
    if (!isKey(value)) {
      throw new ValidationError('INVALID_INVENTORY_COMMAND', `${field} must be a node/sku key`, { field, reason: 'not a key', value });
    }
  }
  if ((state.nodeId !== null && state.nodeId !== nodeId) || (state.sku !== null && state.sku !== sku)) {
    throw new BadRequestError('INVENTORY_KEY_MISMATCH', `command for ${nodeId}~${sku} sent to ${state.nodeId}~${state.sku}`, {
      nodeId, sku, streamNodeId: state.nodeId, streamSku: state.sku,
    });
  }
  return { nodeId, sku };
};

export const decideInventory = (command: InventoryCommand, state: InventoryState): InventoryEvent[] => {
  const now = requireNow(command.metadata?.now);
  const key = positionKey(command, state);
  switch (command.type) {
    case 'ReceiveStock': return receiveStock(command, state, key);
    case 'AdjustStock': return adjustStock(command, state, key);
    case 'CountStock': return countStock(command, state, key);
    case 'SetSafetyStock': return setSafetyStock(command, state, key);
    case 'ExpectSupply': return expectSupply(command, state, key);
    case 'ReceiveSupply': return receiveSupply(command, state, key);
    case 'CancelSupply': return cancelSupply(command, state, key);
    case 'RescheduleSupply': return rescheduleSupply(command, state, key);
    case 'ReserveStock': return reserveStock(command, state, key, now);
    case 'ConfirmReservation': return confirmReservation(command, state, key, now);
    case 'ReleaseReservation': return releaseReservation(command, state, key);
    case 'ConsumeReservation': return consumeReservation(command, state, key);
    case 'ExpireReservations': return expireReservations(command, state, key, now);
    default: {
      const unknown: never = command;
      throw new ValidationError('UNKNOWN_COMMAND', `unknown inventory command ${(unknown as { type: string }).type}`);
    }
  }
};
