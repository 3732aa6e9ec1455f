import { ConflictError } from '../shared/errors.js';
import { isKey } from '../network/identifier.js';
import type { ReceiveReturn } from './commands.js';
import type { ReceivedLine, ReturnReceived } from './events.js';
import { existing, requireKind, requireStatus } from './guards.js';
import { conditionRuleFor } from './policy.js';
import { countOf, type ReturnState } from './state.js';
import { check, checkReference, isQuantity } from './validateReturnInput.js';
import { ITEM_CONDITIONS, isOneOf } from './vocabulary.js';

/**
 * Receiving records what arrived, in which inspected condition, and what happens to it. The
 * disposition follows the frozen condition rules (damaged → dispose, opened → restock by default),
 * so the inventory process restocks only `restock` units at the receiving node.
 * A receipt id already recorded makes the command a no-op (a retried scan).
 */
export const decideReceiveReturn = ({ data: d, metadata }: ReceiveReturn, s: ReturnState): ReturnReceived[] => {
  const state = existing(s, d.returnId);
  requireKind(state, ['return', 'exchange'], 'receive goods');
  checkReference(d.receiptId, 'receiptId');
  if (state.receiptIds.includes(d.receiptId)) return [];
  requireStatus(state, ['authorized', 'in_transit', 'partially_received'], 'receive goods');
  check(isKey(d.nodeId), 'nodeId', 'must be a node id', d.nodeId);
  check(Array.isArray(d.lines) && d.lines.length > 0, 'lines', 'must list at least one received line');
  const incoming = new Map<string, number>();
  const lines: ReceivedLine[] = d.lines.map((r, i) => {
    const line = state.lines.find((l) => l.lineId === r.lineId);
    check(line !== undefined, `lines[${i}].lineId`, `is not part of return ${state.returnId}`, r.lineId);
    check(isQuantity(r.quantity), `lines[${i}].quantity`, 'must be a whole number ≥ 1', r.quantity);
    check(isOneOf(ITEM_CONDITIONS, r.condition), `lines[${i}].condition`, `must be one of ${ITEM_CONDITIONS.join(', ')}`, r.condition);
    incoming.set(r.lineId, (incoming.get(r.lineId) ?? 0) + r.quantity);
    const open = line!.quantity - countOf(line!.received);
    if (incoming.get(r.lineId)! > open) {
      throw new ConflictError('QUANTITY_EXCEEDS_REQUESTED', `line ${r.lineId}: ${incoming.get(r.lineId)} received but only ${open} of ${line!.quantity} are still expected`, {
        lineId: r.lineId, received: incoming.get(r.lineId), expected: open,
      });
    }
    const { disposition } = conditionRuleFor(state.terms!.conditionRules, line!.category, r.condition);
    return { lineId: r.lineId, sku: line!.sku, quantity: r.quantity, condition: r.condition, disposition };
  });
  const complete = state.lines.every((l) => countOf(l.received) + (incoming.get(l.lineId) ?? 0) >= l.quantity);
  return [{
    type: 'ReturnReceived',
    data: {
      returnId: state.returnId!, receiptId: d.receiptId, orderId: state.orderId!, nodeId: d.nodeId,
      plannedNodeId: state.receivingNodeId!, lines, complete, at: metadata.now,
    },
  }];
};
