import { inventoryDecider, inventoryStreamName, type InventoryState } from '../../domain/inventory/index.js';
import { sealAddress, type AddressSealer } from '../privacy/addressPrivacy.js';
import { activeQuantity, orderStreamName, transitionFor, type Address, type Order, type OrderPlaced } from '../../domain/order/index.js';
import { unitsIn } from '../../domain/order/units.js';
import { normaliseCode, pricingToJson, priceOrder, type DeliveryMethod, type PricingJson } from '../../domain/pricing/index.js';
import { ConflictError, ValidationError } from '../../domain/shared/errors.js';
import { findNode } from '../inventory/references.js';
import { deriveCommandId } from '../eventIds.js';
import { resolvePickupNode } from './cartLines.js';
import { releaseHolds, takeHolds, type Hold } from './checkoutHolds.js';
import { currencyPricing } from './checkoutPricing.js';
import { sendOrderCommand, type OrderCommandMeta, type OrderCommandResult } from './orderCommands.js';
import { orderRuntime, type OrderDeps, type OrderRuntime } from './orderRuntime.js';
import type { DestinationInput } from './placeOrder.js';

/**
 * Post-purchase changes that move money (Medusa-style order edits): each is re-priced here with
 * the order's own unit prices, the coupons it was placed with (judged at placement time, so a
 * promotion that has since ended still holds) and the current tax, shipping and duty rules, then
 * decided by the order aggregate, which records the actor, the reason and the money difference.
 */

const couponsOf = async (rt: OrderRuntime, order: Order): Promise<string[]> => {
  for await (const e of rt.eventStore.readStream(orderStreamName(order.orderId), { maxCount: 1 })) {
    const codes = (e.data as unknown as OrderPlaced['data']).promotions.flatMap((p) => (p.code ? [p.code] : []));
    const known = new Set(currencyPricing(rt.settings, order.currency).promotions.flatMap((p) => (p.code ? [normaliseCode(p.code)] : [])));
    return codes.filter((c) => known.has(normaliseCode(c)));
  }
  return [];
};

type Situation = Readonly<{ method: DeliveryMethod; taxDestination: { country: string; region?: string }; quantities?: ReadonlyMap<string, number> }>;

/** The order re-priced for a new situation: only lines that keep active units, at the prices the customer accepted. */
export const repriceOrder = async (rt: OrderRuntime, deps: OrderDeps, order: Order, s: Situation): Promise<PricingJson> => {
  const pricing = currencyPricing(rt.settings, order.currency);
  const origins = new Map<string, string | undefined>();
  const originOf = async (node: string | undefined) => {
    if (node === undefined) return undefined;
    if (!origins.has(node)) origins.set(node, (await findNode(deps, node))?.location.country);
    return origins.get(node);
  };
  const lines = [];
  for (const l of order.lines) {
    const quantity = s.quantities?.get(l.lineId) ?? activeQuantity(l);
    if (quantity <= 0) continue;
    const node = s.method === 'pickup' ? undefined : l.units.find((u) => u.node !== undefined)?.node ?? l.proposedNode;
    const origin = await originOf(node);
    lines.push({
      lineId: l.lineId, sku: l.sku, quantity, unitPrice: l.unitPrice, taxClass: l.taxClass,
      ...(l.weightGrams !== undefined ? { weightGrams: l.weightGrams } : {}), ...(origin ? { originCountry: origin } : {}),
    });
  }
  return pricingToJson(priceOrder({
    currency: order.currency,
    lines,
    destination: s.taxDestination,
    deliveryMethod: s.method,
    coupons: await couponsOf(rt, order),
    promotions: pricing.promotions,
    taxRules: rt.settings.taxRules,
    shippingRates: pricing.shippingRates,
    dutyRules: pricing.dutyRules,
    at: order.placedAt,
  }));
};

const toAddress = (d: DestinationInput): Address => {
  const out: Record<string, unknown> = {};
  for (const k of ['name', 'line1', 'line2', 'city', 'region', 'postalCode', 'country', 'lat', 'lng'] as const) if (d[k] !== undefined) out[k] = d[k];
  return out as Address;
};

const taxAt = (a: { country: string; region?: string }) => ({ country: a.country, ...(a.region ? { region: a.region } : {}) });

const storeTax = async (deps: OrderDeps, nodeId: string, method: 'pickup' | 'ship_to_store') => taxAt((await resolvePickupNode(deps, nodeId, method)).location);

export type ChangeAction =
  | Readonly<{ action: 'changeAddress'; destination: DestinationInput; reason: string }>
  | Readonly<{ action: 'changeMethod'; deliveryMethod: 'standard' | 'express' | 'ship_to_store'; destination?: DestinationInput; pickupNode?: string; reason: string }>
  | Readonly<{ action: 'reduceQuantity'; lineId: string; quantity: number; reason: string }>
  | Readonly<{ action: 'switchToPickup'; pickupNode: string; reason: string }>;

/** `POST /orders/:id/changes`: one typed action, re-priced, decided and recorded with its money difference. */
/** `addressSealer`: a new delivery address is sealed like the one given at checkout (never in clear in events). */
export const changeOrder = async (deps: OrderDeps & Readonly<{ addressSealer: AddressSealer }>, orderId: string, change: ChangeAction, meta: OrderCommandMeta): Promise<OrderCommandResult> => {
  const rt = orderRuntime(deps);
  const m = { ...meta, reason: change.reason };
  switch (change.action) {
    case 'changeAddress':
      return sendOrderCommand(deps, orderId, m, async (order) => ({
        type: 'ChangeShippingAddress',
        data: {
          destination: await sealAddress(deps.addressSealer, order.customerId, toAddress(change.destination)),
          pricing: await repriceOrder(rt, deps, order, { method: order.deliveryMethod, taxDestination: taxAt(change.destination) }),
          reason: change.reason,
        },
      }));
    case 'changeMethod':
      return sendOrderCommand(deps, orderId, m, async (order) => {
        const toStore = change.deliveryMethod === 'ship_to_store';
        if (toStore && !change.pickupNode) throw new ValidationError('PICKUP_NODE_REQUIRED', 'pickupNode is required for ship_to_store', { field: 'pickupNode' });
        const destination = change.destination ?? (order.destination ? undefined : null);
        if (!toStore && destination === null) throw new ValidationError('DESTINATION_REQUIRED', 'destination is required: the order has no delivery address', { field: 'destination' });
        const taxDestination = toStore ? await storeTax(deps, change.pickupNode!, 'ship_to_store') : taxAt(change.destination ?? order.destination!);
        return {
          type: 'ChangeDeliveryMethod',
          data: {
            deliveryMethod: change.deliveryMethod,
            ...(change.destination && !toStore ? { destination: await sealAddress(deps.addressSealer, order.customerId, toAddress(change.destination)) } : {}),
            ...(toStore ? { pickupNode: change.pickupNode! } : {}),
            pricing: await repriceOrder(rt, deps, order, { method: change.deliveryMethod, taxDestination }),
            reason: change.reason,
          },
        };
      });
    case 'reduceQuantity':
      return sendOrderCommand(deps, orderId, m, async (order) => ({
        type: 'ReduceLineQuantity',
        data: {
          lineId: change.lineId,
          quantity: change.quantity,
          pricing: await repriceOrder(rt, deps, order, {
            method: order.deliveryMethod,
            taxDestination: order.destination ? taxAt(order.destination) : await storeTax(deps, order.pickupNode!, 'pickup'),
            quantities: new Map([[change.lineId, change.quantity]]),
          }),
          reason: change.reason,
        },
      }));
    case 'switchToPickup':
      return switchToPickup(rt, deps, orderId, change.pickupNode, change.reason, m);
  }
};

/**
 * Switching to pickup needs the stock at the store before the order says so: every unit waiting
 * elsewhere (checkout holds and allocations) is reserved at the store first; if the store cannot
 * cover it, 409 OUT_OF_STOCK and nothing changes. The holds elsewhere are listed in the event for
 * the process manager to release.
 */
const switchToPickup = async (rt: OrderRuntime, deps: OrderDeps, orderId: string, node: string, reason: string, meta: OrderCommandMeta) => {
  let holds: Hold[] = [];
  const holdMeta = { orderId, now: meta.now, actor: meta.actor };
  try {
    return await sendOrderCommand(deps, orderId, meta, async (order) => {
      // Refuse before holding anything when the order is past the point of changes.
      transitionFor(order.status, 'SwitchToPickup');
      const taxDestination = await storeTax(deps, node, 'pickup');
      const wanted = order.lines
        .map((l) => ({ l, quantity: unitsIn(l, 'allocated') - unitsIn(l, 'allocated', node) + (l.proposedNode !== node ? unitsIn(l, 'open') : 0) }))
        .filter((w) => w.quantity > 0);
      const requested: Hold[] = [];
      for (const w of wanted) {
        const position = (await rt.commands.load(inventoryDecider, inventoryStreamName(node, w.l.sku))).state as InventoryState;
        const already = [...position.reservations.values()].some((r) => r.orderId === orderId && r.lineId === w.l.lineId);
        if (already) continue;
        requested.push({
          lineId: w.l.lineId, sku: w.l.sku, node, quantity: w.quantity,
          reservationId: deriveCommandId(orderId, `pickup:${order.version}:${w.l.lineId}:${node}`),
        });
      }
      const expiresAt = new Date(Date.parse(meta.now) + rt.settings.holdTtlSeconds * 1000).toISOString();
      const { taken, lost, faults } = await takeHolds(rt, requested, { ...holdMeta, expiresAt });
      holds = taken;
      if (faults.length > 0) throw faults[0];
      if (lost.length > 0) {
        const skus = [...new Set(lost.map((l) => l.sku))].sort().map((sku) => ({ sku, requested: lost.filter((l) => l.sku === sku).reduce((n, l) => n + l.quantity, 0), available: lost.find((l) => l.sku === sku)?.available ?? 0 }));
        throw new ConflictError('OUT_OF_STOCK', `${node} cannot hold ${skus.map((s) => `${s.sku} (${s.requested} needed, ${s.available} available)`).join(', ')}`, { node, skus });
      }
      return { type: 'SwitchToPickup', data: { node, pricing: await repriceOrder(rt, deps, order, { method: 'pickup', taxDestination }), reason } };
    });
  } catch (error) {
    await releaseHolds(rt, holds, holdMeta);
    throw error;
  }
};
