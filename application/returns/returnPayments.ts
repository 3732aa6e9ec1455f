import type { PaymentFact } from '../../domain/finance/paymentFacts.js';
import { streamId } from '../../domain/network/identifier.js';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import type { MoneyJson } from '../../domain/shared/money.js';

/**
 * `process-returnPayments-<orderId>`: what the returns feature did at the payment gateway for an
 * order, one event per gateway operation, recorded once per idempotency key (`operationKey`).
 * - `ReturnGatewayOperation`: a refund paid out for a RefundIssued, or an exchange difference
 *   charged. The money itself is in the return stream (RefundIssued / ExchangeDifferenceCharged,
 *   which the finance ledger counts); this is the PSP's receipt for it (reference), so an audit
 *   can match every decided refund with its execution.
 * - `PaymentAuthorized` (PaymentFact shape, counted by the finance ledger): the exchange credit
 *   authorised on a linked exchange or replacement order, funded by the returned goods.
 * - `ExchangeCreditPledged`: written *before* the linked order is placed, so the fulfilment process
 *   (which authorizes every new order's total) knows this order is paid by exchange credit and
 *   waits for that authorization instead of charging the customer's card.
 */
export const RETURN_PAYMENTS_PROCESS = 'returnPayments';
export const returnPaymentsStreamName = (orderId: string): string => `process-${RETURN_PAYMENTS_PROCESS}-${streamId(orderId)}`;

export type GatewayOperation = Readonly<{
  operation: 'refund' | 'charge';
  orderId: string;
  returnId: string;
  tenderId: string;
  amount: MoneyJson;
  reference: string;
  operationKey: string;
  at: string;
}>;
export type CreditFact = PaymentFact & Readonly<{ operationKey: string; reference: string; returnId: string }>;

export type CreditPledge = Readonly<{ orderId: string; returnId: string; operationKey: string }>;

export type ReturnPaymentEvent =
  | DomainEvent<'ReturnGatewayOperation', GatewayOperation>
  | DomainEvent<'PaymentAuthorized', CreditFact>
  | DomainEvent<'ExchangeCreditPledged', CreditPledge>;
export type ReturnPaymentCommand = Command<'RecordReturnPayment', Readonly<{ event: ReturnPaymentEvent }>>;
export type ReturnPaymentState = Readonly<{ operations: ReadonlySet<string> }>;

export const returnPaymentsDecider: Decider<ReturnPaymentState, ReturnPaymentCommand, ReturnPaymentEvent> = {
  initialState: () => ({ operations: new Set() }),
  decide: (command, state) => (state.operations.has(command.data.event.data.operationKey) ? [] : [command.data.event]),
  evolve: (state, event) => ({ operations: new Set([...state.operations, event.data.operationKey]) }),
};
