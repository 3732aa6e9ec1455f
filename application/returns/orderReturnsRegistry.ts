import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import { streamId } from '../../domain/network/identifier.js';

/**
 * `process-orderReturns-<orderId>`: the returns, exchanges and claims of one order, and every
 * refund decided on them, in sequence. EventStoreDB has no multi-stream transaction, so this
 * stream is the order-level serialisation point: a new return or a refund is appended here with
 * the revision its checks were made against, and a concurrent one (any instance) conflicts and is
 * re-checked. That keeps "returned ≤ delivered" and "refunded ≤ captured per tender" true across
 * returns of one order. A link whose return stream was never written (crash in between) is harmless:
 * the return loads as non-existent and counts for nothing.
 */
export const ORDER_RETURNS_PROCESS = 'orderReturns';
export const orderReturnsStreamName = (orderId: string): string => `process-${ORDER_RETURNS_PROCESS}-${streamId(orderId)}`;

export type RegistryEvent =
  | DomainEvent<'OrderReturnLinked', Readonly<{ orderId: string; returnId: string; kind: string; at: string }>>
  | DomainEvent<'OrderRefundSequenced', Readonly<{ orderId: string; returnId: string; refundId: string; at: string }>>;

export type RegistryCommand =
  | Command<'LinkReturn', Readonly<{ orderId: string; returnId: string; kind: string }>>
  | Command<'SequenceRefund', Readonly<{ orderId: string; returnId: string; refundId: string }>>;

export type RegistryState = Readonly<{ returnIds: readonly string[]; refunds: readonly string[] }>;

export const orderReturnsDecider: Decider<RegistryState, RegistryCommand, RegistryEvent> = {
  initialState: () => ({ returnIds: [], refunds: [] }),
  decide: (command, state) => {
    const at = command.metadata.now;
    if (command.type === 'LinkReturn') {
      return state.returnIds.includes(command.data.returnId) ? [] : [{ type: 'OrderReturnLinked', data: { ...command.data, at } }];
    }
    const key = `${command.data.returnId}/${command.data.refundId}`;
    return state.refunds.includes(key) ? [] : [{ type: 'OrderRefundSequenced', data: { ...command.data, at } }];
  },
  evolve: (state, event) =>
    event.type === 'OrderReturnLinked'
      ? { ...state, returnIds: [...state.returnIds, event.data.returnId] }
      : { ...state, refunds: [...state.refunds, `${event.data.returnId}/${event.data.refundId}`] },
};
