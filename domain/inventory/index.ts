import type { Decider } from '../shared/decider.js';
import { streamId } from '../network/identifier.js';
import type { InventoryCommand } from './commands.js';
import { decideInventory } from './decide.js';
import type { InventoryEvent } from './events.js';
import { evolveInventory } from './evolve.js';
import { initialInventoryState, type InventoryState } from './state.js';

/** Stream `inventory-<nodeId>~<sku>`: one SKU at one node, the single writer of its stock and reservations. */
export const inventoryDecider: Decider<InventoryState, InventoryCommand, InventoryEvent> = {
  decide: decideInventory,
  evolve: evolveInventory,
  initialState: initialInventoryState,
};

export const inventoryStreamName = (nodeId: string, sku: string): string => `inventory-${streamId(nodeId)}~${streamId(sku)}`;

export * from './commands.js';
export * from './events.js';
export * from './state.js';
export { availableToSell, shortfallOf, type StockLevels } from './available.js';
export { expiredReservations, nextExpiry } from './reaper.js';
export { positionFromState, type InventoryPosition, type OpenSupply } from './position.js';
export { reservationsAtRisk } from './decideStock.js';
export { MAX_LINE_QUANTITY, MAX_STOCK_LEVEL } from './quantity.js';
export { parseInstant } from './instant.js';
export { decideInventory } from './decide.js';
export { evolveInventory } from './evolve.js';
