import { DomainError } from '../../domain/shared/errors.js';
import { sourceOrder } from '../../domain/sourcing/index.js';
import { buildSourcingInput } from '../orders/sourcingContext.js';
import type { OrderDeps } from '../orders/orderRuntime.js';
import type { Sourcer } from './sourcer.js';

/**
 * The production sourcer: the same optimiser and sourcing context checkout uses
 * (`application/orders/sourcingContext.ts`), asked for just the units that need a node, with the
 * nodes the process must avoid excluded.
 */
export const createOptimizingSourcer = (deps: OrderDeps): Sourcer => async (request) => {
  const input = await buildSourcingInput(deps, request.order, {
    lines: request.needs.map((n) => ({ lineId: n.lineId, quantity: n.quantity })),
    excludeNodes: request.excludedNodes.map((nodeId) => ({ nodeId, reason: 'excluded by the fulfilment process' })),
  });
  try {
    return sourceOrder(input).assignments.map((a) => ({ lineId: a.lineId, node: a.node, quantity: a.quantity }));
  } catch (error) {
    // The optimiser refusing the request (no eligible node for a pickup, say) means "no proposal":
    // the process then applies its no-stock policy.
    if (error instanceof DomainError) return [];
    throw error;
  }
};
