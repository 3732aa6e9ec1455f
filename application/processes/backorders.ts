import type { InventoryEvent } from '../../domain/inventory/index.js';
import { nodeDecider, nodeFromState, nodeStreamName } from '../../domain/network/index.js';
import type { Order } from '../../domain/order/index.js';
import { unitsIn } from '../../domain/order/units.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { loadAggregate } from '../commandHandler.js';
import { childTrigger, type FulfilmentContext, type Trigger } from './fulfilmentContext.js';
import { confirm, reserveAt } from './reservationSteps.js';
import { readyForFulfilment, releaseAllocated } from './sourcingSteps.js';

/**
 * Backordered (and preordered) units wait for supply. The process keeps a small read model of
 * them — one document per order line, rewritten from the order's state after each of its events —
 * and, when stock arrives at a node (a receipt, a supply arrival, a positive adjustment or count,
 * or a hold given back), offers it to the waiting lines of that SKU, oldest order first.
 */
export const BACKORDERS = 'process_fulfilment_backorders';

type BackorderDocument = { _id: string; orderId: string; lineId: string; sku: string; quantity: number; placedAt: string; pickupNode?: string };

const WAITING = ['backordered', 'preordered'] as const;

/** Supply looks the waiting lines of a SKU up, oldest order first. */
export const setupBackorders = async (store: ReadStore): Promise<void> => {
  await store.collection(BACKORDERS).createIndex({ keys: { sku: 1, placedAt: 1 } });
};

export const syncBackorders = async (store: ReadStore, order: Order): Promise<void> => {
  const docs = store.collection<BackorderDocument>(BACKORDERS);
  for (const line of order.lines) {
    const id = `${order.orderId}:${line.lineId}`;
    const quantity = order.status === 'cancelled' || order.completed ? 0 : unitsIn(line, [...WAITING]);
    if (quantity === 0) await docs.deleteOne({ _id: id });
    else {
      await docs.replaceOne(
        { _id: id },
        { _id: id, orderId: order.orderId, lineId: line.lineId, sku: line.sku, quantity, placedAt: order.placedAt, ...(order.deliveryMethod === 'pickup' && order.pickupNode ? { pickupNode: order.pickupNode } : {}) },
        { upsert: true },
      );
    }
  }
};

/** Inventory events after which a node may have units to give. */
export const freesStock = (event: InventoryEvent): boolean => {
  switch (event.type) {
    case 'StockReceived':
    case 'SupplyArrived':
      return true;
    // Not after a compensation: a failed allocation gives its hold back, which must not retrigger it.
    case 'ReservationReleased':
      return event.data.reason !== 'compensation';
    case 'StockAdjusted':
      return event.data.delta > 0;
    case 'StockCounted':
      return event.data.delta > 0;
    default:
      return false;
  }
};

const nodeCanServe = async (ctx: FulfilmentContext, nodeId: string, order: Order): Promise<boolean> => {
  const node = nodeFromState((await loadAggregate(ctx.eventStore, nodeDecider, nodeStreamName(nodeId))).state);
  if (!node || node.status !== 'open' || node.blockedChannels.includes(order.channel)) return false;
  return order.deliveryMethod === 'pickup' ? nodeId === order.pickupNode : node.capabilities.includes('ship');
};

export const offerSupply = async (ctx: FulfilmentContext, trigger: Trigger, event: InventoryEvent): Promise<void> => {
  const { nodeId, sku } = event.data;
  const waiting = await ctx.readStore.collection<BackorderDocument>(BACKORDERS).find({ sku }, { sort: { placedAt: 1, _id: 1 } });
  for (const doc of waiting) {
    if (doc.pickupNode !== undefined && doc.pickupNode !== nodeId) continue;
    const order = await ctx.loadOrder(doc.orderId);
    const line = order?.lines.find((l) => l.lineId === doc.lineId);
    if (!order || !line || !readyForFulfilment(order) || line.rejectedBy.includes(nodeId)) continue;
    const quantity = unitsIn(line, [...WAITING]);
    if (quantity === 0 || !(await nodeCanServe(ctx, nodeId, order))) continue;
    const t = childTrigger(trigger, `backorder:${order.orderId}:${line.lineId}`);
    const held = await reserveAt(ctx, t, 'supply', order, line, nodeId, quantity);
    if (held.quantity === 0 || !held.reservationId) return; // nothing left at this node for anyone
    const reservationId = held.reservationId;
    try {
      await ctx.order(t, 'allocate', order.orderId, { type: 'RecordSourcing', data: { allocations: [{ lineId: line.lineId, node: nodeId, quantity: held.quantity }] } });
    } catch (error) {
      await ctx.inventory(t, 'compensate', { type: 'ReleaseReservation', data: { nodeId, sku, reservationId, reason: 'compensation' } });
      throw error;
    }
    await confirm(ctx, t, nodeId, sku, reservationId);
    const after = await ctx.loadOrder(order.orderId);
    if (after) {
      await releaseAllocated(ctx, t, after);
      await syncBackorders(ctx.readStore, after);
    }
  }
};
