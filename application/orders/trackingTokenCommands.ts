import { orderStreamName, trackingTokenOf } from '../../domain/order/index.js';
import type { GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';
import { trackingTokenHash, type TrackingTokens } from '../security/trackingTokens.js';
import { sendOrderCommand, type OrderCommandMeta, type OrderCommandResult } from './orderCommands.js';
import type { OrderDeps } from './orderRuntime.js';

/**
 * Staff revoke or re-issue an order's tracking token (a leaked link, a customer who lost the
 * e-mail). Both are order events (`OrderTrackingTokenRevoked` / `OrderTrackingTokenIssued`), so
 * they appear in the order's history with actor and reason. The new token is returned once, in
 * the response; only its hash is recorded. Afterwards this instance forgets its cached token
 * state for the order, so the old token stops working here at once (elsewhere within the cache
 * window of application/security/trackingTokenStatus.ts).
 */
export type TrackingTokenDeps = OrderDeps & Readonly<{ trackingTokens: TrackingTokens }>;

export type RevokedTokenResult = OrderCommandResult & Readonly<{ generation: number }>;
export type IssuedTokenResult = OrderCommandResult & Readonly<{ generation: number; trackingToken: string }>;

export const revokeTrackingToken = async (
  deps: TrackingTokenDeps, orderId: string, input: Readonly<{ reason: string }>, meta: OrderCommandMeta,
): Promise<RevokedTokenResult> => {
  let generation = 0;
  const result = await sendOrderCommand(deps, orderId, { ...meta, reason: input.reason }, (order) => {
    generation = trackingTokenOf(order).generation;
    return { type: 'RevokeTrackingToken', data: { reason: input.reason } };
  });
  deps.trackingTokens.forget(orderId);
  return { ...result, generation };
};

/** The generation a replayed re-issue minted: the event its command recorded, found by position. */
const generationIssuedAt = async (deps: OrderDeps, orderId: string, position: GlobalPosition | undefined): Promise<number> => {
  for await (const e of deps.eventStore.readStream(orderStreamName(orderId), { direction: 'backwards' })) {
    if (e.position === position && e.type === 'OrderTrackingTokenIssued') return Number((e.data as { generation: unknown }).generation);
  }
  throw new Error(`replayed tracking-token re-issue for order ${orderId}: no OrderTrackingTokenIssued at position ${String(position)}`);
};

export const reissueTrackingToken = async (
  deps: TrackingTokenDeps, orderId: string, input: Readonly<{ reason: string }>, meta: OrderCommandMeta,
): Promise<IssuedTokenResult> => {
  let minted = 0;
  const result = await sendOrderCommand(deps, orderId, { ...meta, reason: input.reason }, async (order) => {
    minted = trackingTokenOf(order).generation + 1;
    const token = await deps.trackingTokens.issue(orderId, minted);
    return { type: 'IssueTrackingToken', data: { generation: minted, tokenHash: trackingTokenHash(token), reason: input.reason } };
  });
  deps.trackingTokens.forget(orderId);
  // Tokens are deterministic (HMAC of order id and generation): a retried request gets the token
  // its first execution minted, even when the stream says it was already recorded.
  const generation = result.replayed ? await generationIssuedAt(deps, orderId, result.position) : minted;
  return { ...result, generation, trackingToken: await deps.trackingTokens.issue(orderId, generation) };
};
