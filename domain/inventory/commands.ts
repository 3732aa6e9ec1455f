import type { Command } from '../shared/decider.js';
import type { AdjustmentReason, CountReason, ReleaseReason, SupplyKind } from './events.js';

/** Every inventory command names its position; the decider refuses one sent to another stream. */
type Key = { nodeId: string; sku: string };
type C<T extends string, D> = Command<T, Readonly<Key & D>>;

export type ReceiveStock = C<'ReceiveStock', { quantity: number; reference: string }>;
export type AdjustStock = C<'AdjustStock', { delta: number; reason: AdjustmentReason; reference?: string; note?: string }>;
/** `reason` defaults to `cycle_count`. */
export type CountStock = C<'CountStock', { counted: number; reason?: CountReason; reference?: string }>;
export type SetSafetyStock = C<'SetSafetyStock', { quantity: number }>;

export type ExpectSupply = C<'ExpectSupply', { supplyId: string; kind: SupplyKind; quantity: number; eta: string; reference?: string }>;
/** Records (part of) an expected supply arriving at the node: the units become on-hand. */
export type ReceiveSupply = C<'ReceiveSupply', { supplyId: string; quantity: number; reference?: string }>;
export type CancelSupply = C<'CancelSupply', { supplyId: string; reason?: string }>;
/** The supplier or carrier moves the ETA of what is still expected (a PO confirmation, a transfer delay). */
export type RescheduleSupply = C<'RescheduleSupply', { supplyId: string; eta: string; reason?: string }>;

export type ReserveStock = C<'ReserveStock', { reservationId: string; orderId: string; lineId: string; quantity: number; expiresAt: string }>;
export type ConfirmReservation = C<'ConfirmReservation', { reservationId: string }>;
export type ReleaseReservation = C<'ReleaseReservation', { reservationId: string; reason: ReleaseReason }>;
/** `shipmentId` makes consumption idempotent: the same shipment is never consumed twice. */
export type ConsumeReservation = C<'ConsumeReservation', { reservationId: string; shipmentId: string; quantity: number }>;
/** Releases every held reservation whose `expiresAt` ≤ `metadata.now`. */
export type ExpireReservations = C<'ExpireReservations', Record<never, never>>;

export type InventoryCommand =
  | ReceiveStock | AdjustStock | CountStock | SetSafetyStock
  | ExpectSupply | ReceiveSupply | CancelSupply | RescheduleSupply
  | ReserveStock | ConfirmReservation | ReleaseReservation | ConsumeReservation | ExpireReservations;
