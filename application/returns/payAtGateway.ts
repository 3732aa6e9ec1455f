import type { RefundIssued } from '../../domain/return/events.js';
import { deriveCommandId } from '../eventIds.js';
import type { PaymentGateway } from '../processes/paymentGateway.js';
import type { OrderDeps } from '../orders/orderRuntime.js';
import { returnPaymentsDecider, returnPaymentsStreamName, type ReturnPaymentEvent } from './returnPayments.js';

export type PaymentDeps = OrderDeps & Readonly<{ gateway: PaymentGateway }>;

const SYSTEM = { kind: 'system' as const, id: 'returns' };

/** Records one gateway operation on the order's return-payments stream (once per operation key). */
export const recordPayment = async (deps: OrderDeps, orderId: string, event: ReturnPaymentEvent, now: string): Promise<void> => {
  await deps.commands.handle(returnPaymentsDecider, returnPaymentsStreamName(orderId), {
    type: 'RecordReturnPayment', data: { event },
    metadata: { now, commandId: `${event.data.operationKey}:record`, actor: SYSTEM, correlationId: orderId },
  });
};

/**
 * Pays a decided refund back to each tender at the gateway. Keys derive from the RefundIssued
 * event id and the tender, so the inline attempt (right after the decision) and the returns
 * process (after a crash) make the same calls and the PSP refunds once.
 */
export const payRefund = async (deps: PaymentDeps, refund: RefundIssued['data'], eventId: string, now: string): Promise<void> => {
  for (const t of refund.tenders) {
    if (/^0*(\.0*)?$/.test(t.amount.amount)) continue;
    const key = deriveCommandId(eventId, `refund:${t.tenderId}`);
    const moved = await deps.gateway.refund({ idempotencyKey: key, authorizationId: t.tenderId, amount: t.amount });
    await recordPayment(deps, refund.orderId, {
      type: 'ReturnGatewayOperation',
      data: { operation: 'refund', orderId: refund.orderId, returnId: refund.returnId, tenderId: t.tenderId, amount: t.amount, reference: moved.reference, operationKey: key, at: now },
    }, now);
  }
};
