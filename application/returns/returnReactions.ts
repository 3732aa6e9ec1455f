import type { RefundIssued, ReturnEvent, ReturnReceived } from '../../domain/return/events.js';
import { deriveCommandId } from '../eventIds.js';
import { applyMovement } from '../inventory/stockMovements.js';
import { createKeyedMutex, type KeyedMutex } from '../keyedMutex.js';
import { refundIfDue } from './issueRefund.js';
import { payRefund } from './payAtGateway.js';
import type { ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { requireReturn } from './returnView.js';

/**
 * One reaction per return at a time in this process: the use case's inline follow-up and the
 * returns process may react to the same event together, and the inventory writer must not batch
 * two copies of one command (same event ids) into one append.
 */
const mutexes = new WeakMap<object, KeyedMutex>();
export const withReturnLock = <T>(deps: ReturnDeps, returnId: string, work: () => Promise<T>): Promise<T> => {
  let m = mutexes.get(deps.commands);
  if (!m) mutexes.set(deps.commands, (m = createKeyedMutex()));
  return m.run(`return:${returnId}`, work);
};

export const RETURNS_ACTOR = { kind: 'system' as const, id: 'returns-process' };

/** The metadata of work done on behalf of an event: every id follows from the event id. */
export const processMeta = (eventId: string, now: string): ReturnCommandMeta => ({ idempotencyKey: eventId, keyScope: 'returns-process', now, actor: RETURNS_ACTOR });

/**
 * Received units go where inspection sent them: `restock` units back to available stock at the
 * node that received them — an inventory adjustment (reason `returned`), so the availability
 * projection shows them as soon as it is appended; `refurbish` and `dispose` units stay out of
 * sellable stock. Then the refund, if the policy refunds on receipt.
 */
export const onReturnReceived = async (deps: ReturnDeps, eventId: string, data: ReturnReceived['data'], now: string): Promise<void> => {
  for (const [i, line] of data.lines.entries()) {
    if (line.disposition !== 'restock') continue;
    await applyMovement(deps, 'adjustment', { node: data.nodeId, sku: line.sku, delta: line.quantity, reason: 'returned', reference: data.receiptId, note: `return ${data.returnId}` }, {
      now, commandId: deriveCommandId(eventId, `restock:${i}:${line.lineId}`), actor: RETURNS_ACTOR, correlationId: data.orderId,
    });
  }
  const state = await requireReturn(deps, data.returnId);
  if (state.kind !== 'claim' && state.terms?.refundTiming === 'on_receipt') {
    await refundIfDue(deps, data.returnId, processMeta(eventId, now), `rf-${deriveCommandId(eventId, 'refund')}`);
  }
};

/**
 * The returns process's reaction to one return event. Idempotent: inventory and refund command ids
 * and gateway keys derive from the event id, so re-delivery after a crash writes nothing twice.
 */
export const reactToReturnEvent = (deps: ReturnDeps, eventId: string, event: ReturnEvent, now: string): Promise<void> =>
  withReturnLock(deps, (event.data as { returnId: string }).returnId, () => react(deps, eventId, event, now));

const react = async (deps: ReturnDeps, eventId: string, event: ReturnEvent, now: string): Promise<void> => {
  switch (event.type) {
    case 'ReturnReceived':
      return onReturnReceived(deps, eventId, event.data, now);
    case 'RefundIssued':
      return payRefund(deps, (event as RefundIssued).data, eventId, now);
    case 'ReturnApproved': {
      const state = await requireReturn(deps, event.data.returnId);
      if (state.terms?.refundTiming === 'on_request' || state.kind === 'claim') await refundIfDue(deps, event.data.returnId, processMeta(eventId, now), `rf-${deriveCommandId(eventId, 'refund')}`);
      return;
    }
    default:
      return;
  }
};
