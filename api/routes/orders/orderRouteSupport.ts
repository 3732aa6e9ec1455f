import type { OrderCommandMeta, OrderCommandResult } from '../../../application/orders/orderCommands.js';
import type { Actor } from '../../../domain/shared/decider.js';
import type { HandlerResult, RouteContext } from '../../http/route.js';

/** Command metadata for an order command sent on behalf of `actor` (the caller, or the token's customer). */
export const commandMeta = (ctx: RouteContext<object, object, object>, actor: Actor): OrderCommandMeta => ({
  idempotencyKey: ctx.idempotencyKey!,
  keyScope: ctx.principal?.principalId ?? `${actor.kind}:${actor.id}`,
  now: ctx.now,
  actor,
});

/** 200 with the outcome: status after the command, stream revision, events recorded, the money side of a change. */
export const commandResponse = (result: OrderCommandResult, customerId: string): HandlerResult => {
  const { position, ...rest } = result;
  return {
    status: 200,
    body: { ...rest, ...(position !== undefined ? { position: position.toString() } : {}) },
    headers: { Location: `/orders/${result.orderId}` },
    personalDataOf: customerId,
  };
};

export const plain = <T>(dto: T): T => JSON.parse(JSON.stringify(dto)) as T;
