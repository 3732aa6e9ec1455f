import {
  initialReturnState, returnDecider, returnStreamName, type ReturnCommand, type ReturnEvent, type ReturnState,
} from '../../domain/return/index.js';
import type { ReturnableOrderSnapshot } from '../../domain/return/snapshot.js';
import type { Order } from '../../domain/order/index.js';
import { ConflictError } from '../../domain/shared/errors.js';
import { loadOrderWithReturns, type OrderWithReturns } from './orderReturns.js';
import { appendToRegistry } from './registryAppend.js';
import { returnableSnapshot } from './returnableSnapshot.js';
import { metadataOf, type ReturnCommandMeta } from './returnCommandMeta.js';
import type { ReturnDeps } from './returnDeps.js';
import { returnSettings } from './returnSettings.js';

export type RequestContext = OrderWithReturns & Readonly<{ snapshot: ReturnableOrderSnapshot }>;
type RequestBody = Omit<Extract<ReturnCommand, { type: 'RequestReturn' | 'RequestExchange' | 'OpenClaim' }>, 'metadata'>;

export type SubmitResult = Readonly<{ returnId: string; state: ReturnState; events: readonly ReturnEvent[]; replayed: boolean }>;

const MAX_ATTEMPTS = 4;

/**
 * The common path of a return, exchange or claim request:
 *   read the order and its other returns fresh → build the snapshot → build the command →
 *   decide it on an empty stream first (a policy refusal throws here: nothing written) →
 *   `beforeAppend` (an exchange places its linked order) → link the return on the order's
 *   returns stream with the revision the checks used → append the request to `return-<id>`.
 * A concurrent request on the same order makes the link conflict; everything is re-checked.
 * A retried request (same Idempotency-Key) finds its command id in the return stream and writes nothing.
 */
export const submitRequest = async (
  deps: ReturnDeps,
  orderId: string,
  returnId: string,
  meta: ReturnCommandMeta,
  build: (ctx: RequestContext) => Promise<RequestBody> | RequestBody,
  beforeAppend?: (ctx: RequestContext, events: readonly ReturnEvent[], order: Order) => Promise<void>,
): Promise<SubmitResult> => {
  const stream = returnStreamName(returnId);
  const metadata = metadataOf(meta, `request:${returnId}`, orderId);
  for (let attempt = 1; ; attempt++) {
    const existing = await deps.commands.load(returnDecider, stream);
    if (existing.commandIds.has(metadata.commandId)) {
      return { returnId, state: existing.state as ReturnState, events: [], replayed: true };
    }
    const loaded = await loadOrderWithReturns(deps.eventStore, orderId);
    const ctx: RequestContext = { ...loaded, snapshot: returnableSnapshot(loaded.order, loaded.returns.filter((r) => r.returnId !== returnId), returnSettings(deps)) };
    const command = { ...(await build(ctx)), metadata } as ReturnCommand;
    const events = returnDecider.decide(command, existing.state as ReturnState ?? initialReturnState());
    await beforeAppend?.(ctx, events, loaded.order);
    const linked = await appendToRegistry(deps, orderId, loaded, {
      type: 'LinkReturn', data: { orderId, returnId, kind: events[0]?.type ?? 'unknown' },
      metadata: { ...metadata, commandId: `${metadata.commandId}:link` },
    });
    if (!linked) {
      if (attempt >= MAX_ATTEMPTS) throw new ConflictError('ORDER_RETURNS_BUSY', `order ${orderId} kept changing; retry the request`, { orderId });
      continue;
    }
    const result = await deps.commands.handle(returnDecider, stream, command);
    return { returnId, state: result.state, events: result.newEvents, replayed: result.replayed };
  }
};
