import type { ReplacementLineInput } from '../../domain/return/commands.js';
import type { ReturnChannel } from '../../domain/return/vocabulary.js';
import { orderIdFor } from '../orders/placeOrder.js';
import { creditLinkedOrder, placeLinkedOrder } from './linkedOrder.js';
import { refundIfDue } from './issueRefund.js';
import { resolveLines, type RequestResult, type ReturnLineInput } from './requestReturn.js';
import { returnIdFor, type ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { returnSettings } from './returnSettings.js';
import { submitRequest } from './submitRequest.js';
import { returnView } from './returnView.js';

export type OpenClaimInput = Readonly<{
  orderId: string;
  /** Reasons must be claim reasons: missing, damaged, wrong_item, defective. */
  lines: readonly ReturnLineInput[];
  resolution: 'refund' | 'replace';
  channel: ReturnChannel;
  claimId?: string;
}>;

/**
 * A claim (`POST /orders/:id/claims`): delivered goods missing or damaged, nothing sent back.
 * `refund`: the claimed units are refunded right away (claims refund on request, no fee).
 * `replace`: the same SKUs and quantities are placed as a linked replacement order through the
 * normal checkout (stock reserved at once), paid with exchange credit.
 */
export const openClaim = async (deps: ReturnDeps, input: OpenClaimInput, meta: ReturnCommandMeta): Promise<RequestResult> => {
  const returnId = input.claimId ?? returnIdFor(meta, 'clm');
  const settings = returnSettings(deps);
  const replacementOrderId = orderIdFor('returns', `linked:${returnId}`);
  const result = await submitRequest(deps, input.orderId, returnId, meta, (ctx) => {
    const lines = resolveLines(ctx, input.lines);
    const byLine = new Map(ctx.snapshot.lines.map((l) => [l.lineId, l]));
    const replacementLines: ReplacementLineInput[] = lines.flatMap((l, i) => {
      const s = byLine.get(l.lineId);
      return s ? [{ lineId: `R${i + 1}`, sku: s.sku, quantity: l.quantity, unitPrice: s.unitPricePaid, taxPerUnit: s.taxPerUnit }] : [];
    });
    return {
      type: 'OpenClaim' as const,
      data: {
        returnId, orderId: input.orderId, channel: input.channel, lines, snapshot: ctx.snapshot, policy: settings.policy, resolution: input.resolution,
        ...(input.resolution === 'replace' ? { replacementOrderId, replacementLines } : {}),
      },
    };
  }, async (ctx, events, order) => {
    if (input.resolution !== 'replace') return;
    const claimed = events[0]?.type === 'ClaimOpened' ? events[0].data.lines : [];
    await placeLinkedOrder(deps, order, returnId, claimed.map((l) => ({ sku: l.sku, quantity: l.quantity })), meta);
    await creditLinkedOrder(deps, replacementOrderId, returnId, meta);
    void ctx;
  });
  if (input.resolution === 'refund' && result.state.status === 'authorized') await refundIfDue(deps, returnId, meta);
  return { created: !result.replayed, return: await returnView(deps, returnId) };
};
