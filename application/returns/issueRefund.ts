import { returnDecider, returnStreamName, type RefundIssued, type ReturnState } from '../../domain/return/index.js';
import { ConflictError, DomainError } from '../../domain/shared/errors.js';
import { deriveEventId } from '../eventIds.js';
import { loadOrderWithReturns } from './orderReturns.js';
import { currentTenders } from './returnableSnapshot.js';
import { commandIdOf, metadataOf, type ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { returnSettings } from './returnSettings.js';
import { payRefund } from './payAtGateway.js';
import { appendToRegistry } from './registryAppend.js';
import { requireReturn } from './returnView.js';

export type RefundResult = Readonly<{ refund: RefundIssued['data'] | null; replayed: boolean }>;

const MAX_ATTEMPTS = 4;

/**
 * Issues the refund a return owes now (`POST /returns/:id/refunds`; the returns process calls it on
 * receipt). The amount is computed by the return aggregate from its frozen terms, never supplied.
 * Against over-refunding across returns of one order, the refund is first sequenced on the order's
 * returns stream with the revision its tender balances were read at, then decided with those
 * balances. The money is then paid back at the gateway (idempotent; the process retries it).
 */
export const issueRefund = async (deps: ReturnDeps, returnId: string, input: Readonly<{ refundId?: string }>, meta: ReturnCommandMeta): Promise<RefundResult> => {
  const state = await requireReturn(deps, returnId);
  const refundId = input.refundId ?? `rf-${commandIdOf(meta, `refund:${returnId}`)}`;
  const stream = returnStreamName(returnId);
  const metadata = metadataOf(meta, `refund:${returnId}:${refundId}`, state.orderId!);
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadOrderWithReturns(deps.eventStore, state.orderId!);
    const current = loaded.returns.find((r) => r.returnId === returnId) ?? state;
    if (current.refundIds.includes(refundId)) return { refund: null, replayed: true };
    const command = { type: 'IssueRefund' as const, data: { returnId, refundId, tenders: currentTenders(loaded.order, loaded.returns, returnSettings(deps)) }, metadata };
    returnDecider.decide(command, current); // a refusal throws here, before anything is written
    const sequenced = await appendToRegistry(deps, state.orderId!, loaded, {
      type: 'SequenceRefund', data: { orderId: state.orderId!, returnId, refundId }, metadata: { ...metadata, commandId: `${metadata.commandId}:seq` },
    });
    if (!sequenced) {
      if (attempt >= MAX_ATTEMPTS) throw new ConflictError('ORDER_RETURNS_BUSY', `order ${state.orderId} kept changing; retry the refund`, { orderId: state.orderId });
      continue;
    }
    deps.commands.cache.delete(stream);
    const result = await deps.commands.handle(returnDecider, stream, command);
    const issued = result.newEvents.find((e): e is RefundIssued => e.type === 'RefundIssued');
    if (issued) {
      const eventId = deriveEventId(metadata.commandId, stream, result.newEvents.indexOf(issued));
      await payRefund(deps, issued.data, eventId, meta.now).catch(() => undefined); // the returns process retries it
    }
    return { refund: issued?.data ?? null, replayed: result.replayed };
  }
};

/** Issues the refund if one is due now; "nothing due yet" and "nothing left" are not errors here. */
export const refundIfDue = async (deps: ReturnDeps, returnId: string, meta: ReturnCommandMeta, refundId?: string): Promise<RefundResult> => {
  try {
    return await issueRefund(deps, returnId, refundId ? { refundId } : {}, meta);
  } catch (error) {
    if (error instanceof DomainError && ['NOTHING_TO_REFUND', 'REFUND_NOT_YET_DUE', 'RETURN_NOT_APPROVED'].includes(error.code)) return { refund: null, replayed: false };
    throw error;
  }
};

export type { ReturnState };
