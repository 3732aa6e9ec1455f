import { ValidationError } from '../shared/errors.js';
import { CURRENCY_PATTERN } from '../shared/money.js';
import { DELIVERY_METHODS } from '../pricing/types.js';
import { readMoney } from '../pricing/validate.js';
import type { LineQuantity, OrderCommand } from './commands.js';
import type { Address, Order } from './state.js';
import { CHANNELS } from './status.js';

/**
 * Structural checks on command data (422 ValidationError): shapes, references to lines and
 * shipments, currencies. Business rules that depend on where the order is are guards in the
 * transition table (409).
 */
const invalid = (field: string, reason: string, value?: unknown): never => {
  throw new ValidationError('INVALID_COMMAND', `${field} ${reason}`, { field, reason, ...(value === undefined ? {} : { value }) });
};

export const text = (v: unknown, field: string): string =>
  typeof v === 'string' && v.trim().length > 0 && v.length <= 500 ? v : invalid(field, 'must be a non-empty string (≤ 500 characters)', v);

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/;
export const instant = (v: unknown, field: string): string =>
  typeof v === 'string' && ISO_INSTANT.test(v) && !Number.isNaN(Date.parse(v)) ? v : invalid(field, 'must be an ISO-8601 instant with offset', v);

const positiveInt = (v: unknown, field: string): number =>
  typeof v === 'number' && Number.isSafeInteger(v) && v > 0 ? v : invalid(field, 'must be a positive integer', v);

const list = <T>(v: unknown, field: string, allowEmpty = false): readonly T[] =>
  Array.isArray(v) && (allowEmpty || v.length > 0) ? (v as T[]) : invalid(field, allowEmpty ? 'must be an array' : 'must be a non-empty array', v);

export const address = (v: unknown, field: string): Address => {
  if (v === null || typeof v !== 'object') return invalid(field, 'must be an address');
  const a = v as Address;
  if (a.line1 !== undefined) text(a.line1, `${field}.line1`);
  if (a.city !== undefined) text(a.city, `${field}.city`);
  if (typeof a.country !== 'string' || !/^[A-Z]{2}$/.test(a.country)) invalid(`${field}.country`, 'must be an ISO 3166-1 alpha-2 code', a.country);
  const coordinate = (x: unknown, limit: number) => typeof x === 'number' && Number.isFinite(x) && Math.abs(x) <= limit;
  if ((a.lat !== undefined || a.lng !== undefined) && !(coordinate(a.lat, 90) && coordinate(a.lng, 180))) {
    invalid(`${field}.lat`, 'and lng must be WGS84 degrees (|lat| ≤ 90, |lng| ≤ 180)');
  }
  // A parcel needs a street address (in clear or sealed) or a geocoded point; either is enough to promise and source.
  if ((a.line1 === undefined || a.city === undefined) && a.lat === undefined && a.personal === undefined) invalid(field, 'needs line1 and city, or lat and lng');
  return a;
};

const knownLine = (order: Order, lineId: unknown, field: string): string => {
  const id = text(lineId, field);
  if (!order.lines.some((l) => l.lineId === id)) throw new ValidationError('UNKNOWN_LINE', `line ${id} is not on order ${order.orderId}`, { field, lineId: id });
  return id;
};

const lineQuantities = (order: Order, v: unknown, field: string, allowEmpty = false): void => {
  list<LineQuantity>(v, field, allowEmpty).forEach((l, i) => {
    knownLine(order, l?.lineId, `${field}[${i}].lineId`);
    positiveInt(l.quantity, `${field}[${i}].quantity`);
  });
};

const allocations = (order: Order, v: unknown, field: string): void => {
  list<{ lineId: string; node: string; quantity: number }>(v, field, true).forEach((a, i) => {
    knownLine(order, a?.lineId, `${field}[${i}].lineId`);
    text(a.node, `${field}[${i}].node`);
    positiveInt(a.quantity, `${field}[${i}].quantity`);
  });
};

/** PlaceOrder is validated on its own (there is no order yet); see decide/placement.ts. */
export const validatePlaceOrderShape = (data: Extract<OrderCommand, { type: 'PlaceOrder' }>['data']): void => {
  text(data.orderId, 'orderId');
  if (!(CHANNELS as readonly string[]).includes(data.channel)) invalid('channel', `must be one of ${CHANNELS.join(', ')}`, data.channel);
  text(data.customerId, 'customerId');
  if (typeof data.currency !== 'string' || !CURRENCY_PATTERN.test(data.currency)) invalid('currency', 'must be an ISO 4217 code', data.currency);
  if (!(DELIVERY_METHODS as readonly string[]).includes(data.deliveryMethod)) invalid('deliveryMethod', `must be one of ${DELIVERY_METHODS.join(', ')}`, data.deliveryMethod);
  if (data.deliveryMethod === 'standard' || data.deliveryMethod === 'express') address(data.destination, 'destination');
  else text(data.pickupNode, 'pickupNode');
  text(data.trackingTokenHash, 'trackingTokenHash');
  text(data.locale, 'locale');
  list<string>(data.reservationIds, 'reservationIds', true).forEach((r, i) => text(r, `reservationIds[${i}]`));
  const ids = new Set<string>();
  list<(typeof data.lines)[number]>(data.lines, 'lines').forEach((l, i) => {
    const id = text(l?.lineId, `lines[${i}].lineId`);
    if (ids.has(id)) invalid(`lines[${i}].lineId`, 'is duplicated', id);
    ids.add(id);
    text(l.sku, `lines[${i}].sku`);
    positiveInt(l.quantity, `lines[${i}].quantity`);
    readMoney(l.unitPrice, data.currency, `lines[${i}].unitPrice`);
    text(l.taxClass, `lines[${i}].taxClass`);
  });
  if (data.promise !== undefined) {
    instant(data.promise.earliest, 'promise.earliest');
    instant(data.promise.latest, 'promise.latest');
  }
};

export const validateCommand = (command: OrderCommand, order: Order): void => {
  const d = command.data as Record<string, unknown>;
  switch (command.type) {
    case 'PlaceOrder':
    case 'ApproveReview':
    case 'NodeAccepted':
    case 'Complete':
    case 'ExpirePickup':
      break;
    case 'PlaceOnFraudHold':
    case 'RejectReview':
      list<string>(d.reasons, 'reasons').forEach((r, i) => text(r, `reasons[${i}]`));
      break;
    case 'RecordPaymentAuthorized':
    case 'RecordPaymentPending':
    case 'RecordPaymentDeclined':
      text(d.tenderId, 'tenderId');
      text(d.method, 'method');
      readMoney(command.data.amount, order.currency, 'amount');
      if (command.type === 'RecordPaymentDeclined') text(command.data.reason, 'reason');
      break;
    case 'RecordSourcing':
      allocations(order, command.data.allocations, 'allocations');
      lineQuantities(order, command.data.backordered ?? [], 'backordered', true);
      lineQuantities(order, command.data.preordered ?? [], 'preordered', true);
      (command.data.preordered ?? []).forEach((p, i) => instant(p.expectedAt, `preordered[${i}].expectedAt`));
      break;
    case 'Resourced':
      allocations(order, command.data.allocations, 'allocations');
      lineQuantities(order, command.data.backordered ?? [], 'backordered', true);
      break;
    case 'ReleaseToNode':
    case 'NodeRejected':
      text(command.data.node, 'node');
      if (command.data.lines !== undefined) lineQuantities(order, command.data.lines, 'lines');
      if (command.type === 'NodeRejected') text(command.data.reason, 'reason');
      break;
    case 'RecordPicked':
    case 'RecordPacked':
      text(command.data.node, 'node');
      lineQuantities(order, command.data.lines, 'lines');
      break;
    case 'RecordShipped':
      text(command.data.shipmentId, 'shipmentId');
      text(command.data.node, 'node');
      lineQuantities(order, command.data.lines, 'lines');
      text(command.data.carrier, 'carrier');
      text(command.data.trackingNumber, 'trackingNumber');
      instant(command.data.shippedAt, 'shippedAt');
      break;
    case 'RecordDelivered':
      text(command.data.shipmentId, 'shipmentId');
      instant(command.data.deliveredAt, 'deliveredAt');
      break;
    case 'MarkReadyForPickup':
      text(command.data.node, 'node');
      instant(command.data.deadline, 'deadline');
      if (command.data.lines !== undefined) lineQuantities(order, command.data.lines, 'lines');
      break;
    case 'RecordPickedUp':
      text(command.data.node, 'node');
      instant(command.data.pickedUpAt, 'pickedUpAt');
      if (command.data.lines !== undefined) lineQuantities(order, command.data.lines, 'lines');
      break;
    case 'CancelOrder':
      text(command.data.reason, 'reason');
      break;
    case 'CancelLines':
      lineQuantities(order, command.data.lines, 'lines');
      text(command.data.reason, 'reason');
      break;
    case 'ChangeShippingAddress':
      address(command.data.destination, 'destination');
      text(command.data.reason, 'reason');
      break;
    case 'ChangeDeliveryMethod': {
      const method = command.data.deliveryMethod as string;
      if (!['standard', 'express', 'ship_to_store'].includes(method)) invalid('deliveryMethod', 'must be standard, express or ship_to_store (use SwitchToPickup for pickup)', method);
      if (method === 'ship_to_store') text(command.data.pickupNode, 'pickupNode');
      else if (command.data.destination !== undefined) address(command.data.destination, 'destination');
      else if (order.destination === undefined) invalid('destination', 'is required: the order has no delivery address');
      text(command.data.reason, 'reason');
      break;
    }
    case 'ReduceLineQuantity':
      knownLine(order, command.data.lineId, 'lineId');
      positiveInt(command.data.quantity, 'quantity');
      text(command.data.reason, 'reason');
      break;
    case 'SwitchToPickup':
      text(command.data.node, 'node');
      text(command.data.reason, 'reason');
      break;
    case 'RecordPromiseRevised':
      instant(command.data.promise?.earliest, 'promise.earliest');
      instant(command.data.promise?.latest, 'promise.latest');
      text(command.data.reason, 'reason');
      break;
    case 'RevokeTrackingToken':
      text(command.data.reason, 'reason');
      break;
    case 'IssueTrackingToken':
      positiveInt(command.data.generation, 'generation');
      if (typeof command.data.tokenHash !== 'string' || !/^sha256:[0-9a-f]{64}$/.test(command.data.tokenHash)) invalid('tokenHash', 'must be sha256:<64 hex digits>');
      text(command.data.reason, 'reason');
      break;
    default: {
      const unknown: never = command;
      throw new ValidationError('UNKNOWN_COMMAND', `unknown order command ${(unknown as { type: string }).type}`);
    }
  }
};
