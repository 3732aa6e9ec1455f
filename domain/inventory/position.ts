import type { InventoryState } from './state.js';
import type { SupplyKind } from './events.js';

/** Open inbound supply as availability sees it: what is still expected and when. */
export type OpenSupply = Readonly<{ supplyId: string; kind: SupplyKind; quantity: number; eta: string }>;

/**
 * The JSON snapshot of one inventory position that availability calculations consume. Read models
 * store exactly this shape, so `computeAts` gives the same answer over a projection as over a
 * freshly folded stream.
 */
export type InventoryPosition = Readonly<{
  nodeId: string;
  sku: string;
  onHand: number;
  /** Σ active (held + confirmed) reservations. */
  reserved: number;
  safetyStock: number;
  /** Open supplies only, `quantity` = units still expected. */
  supplies: readonly OpenSupply[];
  /** Inventory stream version the snapshot reflects (stream revision + 1). */
  version: number;
}>;

/** Snapshot of a folded position; undefined for a stream that has no events yet. */
export const positionFromState = (state: InventoryState): InventoryPosition | undefined => {
  if (state.nodeId === null || state.sku === null) return undefined;
  const supplies: OpenSupply[] = [...state.supplies.values()]
    .filter((s) => s.status === 'expected')
    .map((s) => ({ supplyId: s.supplyId, kind: s.kind, quantity: s.quantity - s.arrived, eta: s.eta }))
    .sort((a, b) => (a.supplyId < b.supplyId ? -1 : a.supplyId > b.supplyId ? 1 : 0));
  return {
    nodeId: state.nodeId,
    sku: state.sku,
    onHand: state.onHand,
    reserved: state.reserved,
    safetyStock: state.safetyStock,
    supplies,
    version: state.version,
  };
};

