import type { Order } from '../../domain/order/index.js';
import { routeReturn, type ReturnRoutingDecision, type StockNeed } from '../../domain/return/routeReturn.js';
import type { ReturnMethod } from '../../domain/return/vocabulary.js';
import { orderRuntime, type OrderDeps } from '../orders/orderRuntime.js';
import { loadNodes, loadPositions } from '../orders/sourcingContext.js';
import type { ReturnSettings } from './returnSettings.js';

export type RoutingRequest = Readonly<{
  order: Order;
  lines: readonly Readonly<{ sku: string; quantity: number }>[];
  method: ReturnMethod;
  /** Store at whose counter an in-store return is handed over. */
  dropOffNodeId?: string;
  channel: string;
  originNode?: string;
}>;

/**
 * Chooses the node that receives a return (`domain/return/routeReturn.ts`) from the registered
 * network and current availability: a node needs a returned SKU up to `routingTargetStock`
 * available units, and the customer's delivery address gives the distances. The decision keeps
 * every candidate with its reasons, so "why this node" is answered from the event.
 */
export const routeReturnFor = async (deps: OrderDeps, settings: ReturnSettings, req: RoutingRequest): Promise<ReturnRoutingDecision> => {
  const rt = orderRuntime(deps);
  const skus = [...new Set(req.lines.map((l) => l.sku))];
  const [nodes, rows] = await Promise.all([loadNodes(rt), loadPositions(rt, skus)]);
  const available = new Map(rows.map((r) => [`${r.nodeId}\n${r.sku}`, r.available]));
  const stockNeed: StockNeed[] = [];
  for (const node of nodes) {
    for (const sku of skus) {
      const need = settings.routingTargetStock - (available.get(`${node.id}\n${sku}`) ?? 0);
      if (need > 0) stockNeed.push({ nodeId: node.id, sku, quantity: need });
    }
  }
  const d = req.order.destination;
  return routeReturn({
    lines: req.lines,
    nodes,
    stockNeed,
    method: req.method,
    channel: req.channel,
    ...(d?.lat !== undefined && d.lng !== undefined ? { customerLocation: { lat: d.lat, lng: d.lng } } : {}),
    ...(req.originNode ? { originNode: req.originNode } : {}),
    ...(req.dropOffNodeId ? { dropOffNodeId: req.dropOffNodeId } : {}),
    ...(settings.routingCosts ? { costs: settings.routingCosts } : {}),
  });
};
