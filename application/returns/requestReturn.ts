import { createHash } from 'node:crypto';
import type { ReturnRequestLine } from '../../domain/return/snapshot.js';
import type { ReturnChannel, ReturnMethod } from '../../domain/return/vocabulary.js';
import { ValidationError } from '../../domain/shared/errors.js';
import type { RequestContext } from './submitRequest.js';
import { submitRequest } from './submitRequest.js';
import { returnIdFor, type ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { routeReturnFor } from './returnRouting.js';
import { returnSettings } from './returnSettings.js';
import { refundIfDue } from './issueRefund.js';
import { returnView, type ReturnView } from './returnView.js';

/** A return line as callers name it: by SKU (the API's contract) or by order line id. */
export type ReturnLineInput = Readonly<{ sku?: string; lineId?: string; quantity: number; reason: string; condition?: string; note?: string }>;

export type RequestReturnInput = Readonly<{
  orderId: string;
  lines: readonly ReturnLineInput[];
  method: ReturnMethod;
  /** Channel the return is started on (any channel, whatever the order's). */
  channel: ReturnChannel;
  /** For in-store returns: the store at whose counter the goods are handed over. */
  storeNodeId?: string;
  /** Explicit id (importers); default derived from the Idempotency-Key. */
  returnId?: string;
}>;

export type RequestResult = Readonly<{ created: boolean; return: ReturnView; qrToken?: string }>;

/**
 * Maps SKU-addressed lines onto order lines. A SKU on several lines is split over them in order
 * (units not yet returned first), so "3 × TEE" works whatever the order's line split. An unknown
 * SKU keeps its name as the line id, which the policy refuses as UNKNOWN_LINE.
 */
export const resolveLines = (ctx: RequestContext, lines: readonly ReturnLineInput[]): ReturnRequestLine[] => {
  const out: ReturnRequestLine[] = [];
  const taken = new Map<string, number>();
  for (const [i, l] of lines.entries()) {
    const extra = { ...(l.condition ? { condition: l.condition } : {}), ...(l.note ? { note: l.note } : {}) };
    if (l.lineId !== undefined) {
      out.push({ lineId: l.lineId, quantity: l.quantity, reason: l.reason, ...extra });
      continue;
    }
    if (l.sku === undefined) throw new ValidationError('INVALID_RETURN_REQUEST', `lines[${i}] must name a sku or a lineId`, { field: `lines[${i}]` });
    const candidates = ctx.snapshot.lines.filter((s) => s.sku === l.sku);
    if (candidates.length === 0) {
      out.push({ lineId: l.sku, quantity: l.quantity, reason: l.reason, ...extra });
      continue;
    }
    let left = l.quantity;
    for (const c of candidates) {
      const open = c.quantityDelivered - c.quantityReturned - (taken.get(c.lineId) ?? 0);
      const q = Math.min(open, left);
      if (q <= 0) continue;
      out.push({ lineId: c.lineId, quantity: q, reason: l.reason, ...extra });
      taken.set(c.lineId, (taken.get(c.lineId) ?? 0) + q);
      left -= q;
    }
    // More than delivered: the remainder goes on the first line so the policy names the refusal.
    if (left > 0) {
      const first = out.find((o) => o.lineId === candidates[0]!.lineId);
      if (first) out[out.indexOf(first)] = { ...first, quantity: first.quantity + left };
      else out.push({ lineId: candidates[0]!.lineId, quantity: left, reason: l.reason, ...extra });
    }
  }
  return out;
};

/** The QR token of a box-free return: shown to the customer once, only its hash is recorded. */
export const qrTokenFor = (returnId: string, scopedKey: string): string =>
  `qr_${createHash('sha256').update(`oms-return-qr:v1:${returnId}:${scopedKey}`).digest('base64url').slice(0, 32)}`;
export const qrTokenHash = (token: string): string => createHash('sha256').update(token, 'utf8').digest('hex');

/** Shared by returns and exchanges: routing and the shipment part of the command. */
export const shipmentPart = async (deps: ReturnDeps, ctx: RequestContext, input: RequestReturnInput, lines: readonly ReturnRequestLine[], qrHash: string | undefined) => {
  const skuOf = new Map(ctx.snapshot.lines.map((l) => [l.lineId, l]));
  const routed = lines.flatMap((l) => (skuOf.has(l.lineId) ? [{ sku: skuOf.get(l.lineId)!.sku, quantity: l.quantity }] : []));
  const origin = lines.map((l) => skuOf.get(l.lineId)?.shippedFromNode).find((n) => n !== undefined);
  const routing = await routeReturnFor(deps, returnSettings(deps), {
    order: ctx.order, lines: routed.length > 0 ? routed : [{ sku: 'unknown', quantity: 1 }], method: input.method, channel: input.channel,
    ...(input.storeNodeId ? { dropOffNodeId: input.storeNodeId } : {}), ...(origin ? { originNode: origin } : {}),
  });
  return { method: input.method, routing, ...(qrHash ? { qrTokenHash: qrHash } : {}) };
};

/**
 * Requests a return of delivered units (`POST /returns`; also the entry point for importers).
 * The policy in force decides eligibility; routing picks the receiving node. For refund-on-request
 * policies the refund is issued at once (through the process's idempotent path).
 */
export const requestReturn = async (deps: ReturnDeps, input: RequestReturnInput, meta: ReturnCommandMeta): Promise<RequestResult> => {
  const returnId = input.returnId ?? returnIdFor(meta);
  const settings = returnSettings(deps);
  const qr = input.method === 'box_free' ? qrTokenFor(returnId, `${meta.keyScope}\n${meta.idempotencyKey}`) : undefined;
  const result = await submitRequest(deps, input.orderId, returnId, meta, async (ctx) => {
    const lines = resolveLines(ctx, input.lines);
    return {
      type: 'RequestReturn' as const,
      data: {
        returnId, orderId: input.orderId, channel: input.channel, lines, snapshot: ctx.snapshot, policy: settings.policy,
        ...(await shipmentPart(deps, ctx, input, lines, qr ? qrTokenHash(qr) : undefined)),
      },
    };
  });
  if (result.state.terms?.refundTiming === 'on_request' && result.state.status === 'authorized') await refundIfDue(deps, returnId, meta);
  return { created: !result.replayed, return: await returnView(deps, returnId), ...(qr ? { qrToken: qr } : {}) };
};
