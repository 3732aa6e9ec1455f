import {
  availableOf, type AdjustmentReason, type CountReason, type InventoryCommand, type InventoryState, type SupplyKind,
} from '../../domain/inventory/index.js';
import type { CommandMetadata } from '../../domain/shared/decider.js';

/**
 * Stock movements as the API and WMS/POS feeds send them (`node`, `sku` as in the public contract),
 * each one line of a batch or a single request, and the inventory command each becomes.
 */
type Key = Readonly<{ node: string; sku: string }>;
export type ReceiptLine = Key & Readonly<{ quantity: number; reference: string }>;
export type AdjustmentLine = Key & Readonly<{ delta: number; reason: AdjustmentReason; reference?: string; note?: string }>;
export type CountLine = Key & Readonly<{ counted: number; reason?: CountReason; reference?: string }>;
export type SupplyLine = Key & Readonly<{ supplyId: string; kind: SupplyKind; quantity: number; eta: string; reference?: string }>;
export type ArrivalLine = Key & Readonly<{ supplyId: string; quantity: number; reference?: string }>;
export type SupplyCancellationLine = Key & Readonly<{ supplyId: string; reason?: string }>;
export type SupplyRescheduleLine = Key & Readonly<{ supplyId: string; eta: string; reason?: string }>;
export type SafetyStockLine = Key & Readonly<{ quantity: number }>;

export type LineKinds = {
  receipt: ReceiptLine;
  adjustment: AdjustmentLine;
  count: CountLine;
  supply: SupplyLine;
  arrival: ArrivalLine;
  supplyCancellation: SupplyCancellationLine;
  supplyReschedule: SupplyRescheduleLine;
  safetyStock: SafetyStockLine;
};
export type LineKind = keyof LineKinds;
export type AnyLine = LineKinds[LineKind];

const present = <T extends object>(o: T): T =>
  Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;

const BUILDERS: { [K in LineKind]: (line: LineKinds[K]) => Omit<InventoryCommand, 'metadata'> } = {
  receipt: (l) => ({ type: 'ReceiveStock', data: { nodeId: l.node, sku: l.sku, quantity: l.quantity, reference: l.reference } }),
  adjustment: (l) => ({ type: 'AdjustStock', data: present({ nodeId: l.node, sku: l.sku, delta: l.delta, reason: l.reason, reference: l.reference, note: l.note }) }),
  count: (l) => ({ type: 'CountStock', data: present({ nodeId: l.node, sku: l.sku, counted: l.counted, reason: l.reason, reference: l.reference }) }),
  supply: (l) => ({
    type: 'ExpectSupply',
    data: present({ nodeId: l.node, sku: l.sku, supplyId: l.supplyId, kind: l.kind, quantity: l.quantity, eta: l.eta, reference: l.reference }),
  }),
  arrival: (l) => ({ type: 'ReceiveSupply', data: present({ nodeId: l.node, sku: l.sku, supplyId: l.supplyId, quantity: l.quantity, reference: l.reference }) }),
  supplyCancellation: (l) => ({ type: 'CancelSupply', data: present({ nodeId: l.node, sku: l.sku, supplyId: l.supplyId, reason: l.reason }) }),
  supplyReschedule: (l) => ({ type: 'RescheduleSupply', data: present({ nodeId: l.node, sku: l.sku, supplyId: l.supplyId, eta: l.eta, reason: l.reason }) }),
  safetyStock: (l) => ({ type: 'SetSafetyStock', data: { nodeId: l.node, sku: l.sku, quantity: l.quantity } }),
};

export const lineCommand = <K extends LineKind>(kind: K, line: LineKinds[K], metadata: CommandMetadata): InventoryCommand =>
  ({ ...BUILDERS[kind](line), metadata }) as InventoryCommand;

/** The position after a command, as every inventory response reports it. */
export type PositionSummary = Readonly<{
  node: string;
  sku: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  /** Stream version (events folded): increases with every change to this position. */
  version: number;
}>;

export const positionSummary = (node: string, sku: string, state: InventoryState): PositionSummary => ({
  node, sku, onHand: state.onHand, reserved: state.reserved, safetyStock: state.safetyStock, available: availableOf(state), version: state.version,
});
