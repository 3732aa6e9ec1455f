import type { AtsView } from '../../domain/availability/index.js';
import { nodeAvailability, type NodeAvailability } from '../../domain/availability/index.js';
import type { InventoryPosition } from '../../domain/inventory/index.js';
import type { FulfilmentNode } from '../../domain/network/index.js';

/**
 * Collections of the `availability` projection (logical names; physical ones get `_v<version>`).
 * docs/read-models.md documents every field and index.
 */
export const AVAILABILITY = 'availability';
export const POSITIONS = 'inventory_positions';
export const ATS = 'ats';
export const VISIBILITY = 'inventory_visibility';
/** The projection's own copy of node and view configuration, so it can be rebuilt on its own. */
export const ATS_CONFIG = 'ats_config';

/** Per (node, SKU): the position snapshot plus the view-free availability figures. */
export type PositionDocument = InventoryPosition & NodeAvailability & {
  _id: string;
  /** Global position (decimal string) and business time of the last event applied. */
  lastPosition: string;
  lastEventAt: string;
};

export type ConfigDocument =
  | { _id: string; kind: 'node'; node: FulfilmentNode }
  | { _id: string; kind: 'view'; view: AtsView };

export const positionDocId = (nodeId: string, sku: string): string => `${nodeId}~${sku}`;
export const nodeConfigId = (nodeId: string): string => `node~${nodeId}`;
export const viewConfigId = (name: string): string => `view~${name}`;

export const positionDocument = (p: InventoryPosition, lastPosition: string, lastEventAt: string): PositionDocument => ({
  _id: positionDocId(p.nodeId, p.sku),
  ...p,
  ...nodeAvailability(p),
  lastPosition,
  lastEventAt,
});

/** The position part of a stored document (drops the derived figures and bookkeeping). */
export const positionOf = (d: PositionDocument): InventoryPosition => ({
  nodeId: d.nodeId, sku: d.sku, onHand: d.onHand, reserved: d.reserved, safetyStock: d.safetyStock, supplies: d.supplies, version: d.version,
});
