import { returnDecider, returnStreamName, type ReturnReceived } from '../../domain/return/index.js';
import type { ItemCondition } from '../../domain/return/vocabulary.js';
import { ValidationError } from '../../domain/shared/errors.js';
import { deriveEventId } from '../eventIds.js';
import { commandIdOf, metadataOf, type ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { reactToReturnEvent } from './returnReactions.js';
import { requireReturn, returnView, type ReturnView } from './returnView.js';

export type ReceiptLineInput = Readonly<{ sku?: string; lineId?: string; quantity: number; condition: ItemCondition }>;
export type ReceiveInput = Readonly<{ nodeId: string; receiptId?: string; lines: readonly ReceiptLineInput[] }>;

/**
 * Records goods arriving and their inspected condition (`POST /returns/:id/receipts`). The return
 * aggregate decides each unit's disposition; the follow-up (restock at the receiving node, refund
 * on receipt) runs right away with the ids the returns process would use, so the response already
 * reflects it and a crash in between is finished by the process.
 */
export const receiveReturn = async (deps: ReturnDeps, returnId: string, input: ReceiveInput, meta: ReturnCommandMeta): Promise<ReturnView> => {
  const state = await requireReturn(deps, returnId);
  const lines = input.lines.map((l, i) => {
    const lineId = l.lineId ?? state.lines.find((x) => x.sku === l.sku)?.lineId;
    if (lineId === undefined) throw new ValidationError('INVALID_RETURN_REQUEST', `lines[${i}] names ${l.sku ?? 'nothing'}, which is not part of return ${returnId}`, { field: `lines[${i}]` });
    return { lineId, quantity: l.quantity, condition: l.condition };
  });
  const receiptId = input.receiptId ?? `rcpt-${commandIdOf(meta, `receipt:${returnId}`)}`;
  const stream = returnStreamName(returnId);
  const metadata = metadataOf(meta, `receive:${returnId}:${receiptId}`, state.orderId!);
  deps.commands.cache.delete(stream);
  const result = await deps.commands.handle(returnDecider, stream, { type: 'ReceiveReturn', data: { returnId, receiptId, nodeId: input.nodeId, lines }, metadata });
  const received = result.newEvents.find((e): e is ReturnReceived => e.type === 'ReturnReceived');
  if (received) await reactToReturnEvent(deps, deriveEventId(metadata.commandId, stream, result.newEvents.indexOf(received)), received, meta.now);
  return returnView(deps, returnId);
};
