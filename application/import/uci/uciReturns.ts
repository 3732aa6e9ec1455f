import { receiveReturn } from '../../returns/receiveReturn.js';
import { requestReturn } from '../../returns/requestReturn.js';
import type { ReturnDeps } from '../../returns/returnDeps.js';
import { DEFAULT_RETURN_POLICY, type ReturnSettings } from '../../returns/returnSettings.js';
import { UCI_ACTOR, UCI_KEY_SCOPE, type UciReturns } from './uciOrderSteps.js';

/**
 * Returns policy for the replay: the wholesaler credited returns months after delivery (the file
 * has cancellation invoices up to a year after the sale), so the window is 365 days from
 * delivery; refunds on receipt, as by default.
 */
export const uciReturnSettings = (): Partial<ReturnSettings> => ({
  policy: { ...DEFAULT_RETURN_POLICY, policyId: 'uci-wholesale', window: { ...DEFAULT_RETURN_POLICY.window, defaultDays: 365 } },
});

/**
 * A delivered unit named on a cancellation invoice goes back through the returns use cases: the
 * return is requested (policy, routing) and received in new condition at the node routing chose,
 * which restocks it and refunds the original card on receipt. The credit note's date is when the
 * goods were back, so request and receipt share it. Keys derive from the cancellation invoice.
 */
export const uciReturns = (deps: ReturnDeps): UciReturns => async ({ orderId, invoiceNo, lines, now }) => {
  const key = `return/${invoiceNo}/${orderId}`;
  const meta = { idempotencyKey: key, keyScope: UCI_KEY_SCOPE, now, actor: UCI_ACTOR };
  const requested = await requestReturn(
    deps,
    { orderId, lines: lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, reason: 'other', note: `UCI cancellation invoice ${invoiceNo}` })), method: 'carrier_label', channel: 'web' },
    meta,
  );
  const view = requested.return;
  const nodeId = view.receivingNodeId ?? view.routing?.nodeId;
  if (!nodeId) throw new Error(`return ${view.returnId} has no receiving node`);
  await receiveReturn(deps, view.returnId, { nodeId, lines: lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, condition: 'new' })) }, { ...meta, idempotencyKey: `${key}/receipt` });
  return { returnId: view.returnId, units: lines.reduce((n, l) => n + l.quantity, 0) };
};
