import { ConflictError } from '../../shared/errors.js';
import type { Order, OrderLine } from '../state.js';

/**
 * Plans compute what a command would do (which units move where) without deciding anything.
 * The transition table's guards run them to refuse a command; the handlers run them again to
 * build the events — one piece of logic, two uses.
 */
export type Refusal = Readonly<{ ok: false; code: string; message: string; details?: Record<string, unknown> }>;
export type Planned<T> = Readonly<{ ok: true; value: T }> | Refusal;
export type GuardResult = Readonly<{ ok: true }> | Refusal;

export const refuse = (code: string, message: string, details?: Record<string, unknown>): Refusal => ({
  ok: false,
  code,
  message,
  ...(details === undefined ? {} : { details }),
});
export const planned = <T>(value: T): Planned<T> => ({ ok: true, value });
export const allowed: GuardResult = { ok: true };

/** A refusal that reaches a handler (guards normally stop it earlier) becomes a 409. */
export const unwrap = <T>(p: Planned<T>, status: string, command: string): T => {
  if (p.ok) return p.value;
  throw new ConflictError(p.code, p.message, { state: status, command, ...p.details });
};

/** Lines are checked to exist by command validation before any plan runs. */
export const lineOf = (order: Order, lineId: string): OrderLine => {
  const line = order.lines.find((l) => l.lineId === lineId);
  if (line === undefined) throw new Error(`line ${lineId} not on order ${order.orderId}`);
  return line;
};
