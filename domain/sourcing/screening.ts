import type { FulfilmentNode, NodeType } from '../network/node.js';
import { geoGridOf, withinRadius } from '../geo/geoGrid.js';
import { haversineKm, roundKm, type LatLng } from '../geo/haversine.js';
import { dayFromIsoDate } from '../promise/calendarDays.js';
import { NotFoundError, ValidationError } from '../shared/errors.js';
import { microToNano, parseMicro } from './fixedPoint.js';
import type { Exclusion, SourcingInput } from './types.js';

/** A node that passed every order-level check, with what the optimiser needs as plain numbers. */
export type Candidate = {
  readonly node: FulfilmentNode;
  readonly distanceKm: number;
  readonly metres: number;
  /** false = the pickup store serving from its own shelf: handling only, no carrier. */
  readonly shipping: boolean;
  /** Available now per order SKU index. */
  readonly stock: readonly number[];
  readonly capacityLeft: number;
  readonly estimatedDelivery?: string;
  readonly daysLate: number;
  readonly baseMicro: number;
  readonly perKgMicro: number;
  readonly perKmMicro: number;
  readonly handlingNano: number;
};

export type Screening = Readonly<{
  origin: LatLng;
  candidates: Candidate[];
  excluded: Exclusion[];
  /** Exclusions counted but not listed (summary mode: far and stock-less nodes). */
  unlisted: Readonly<Partial<Record<Exclusion['reason'], number>>>;
}>;

type Rates = { baseMicro: number; perKgMicro: number; perKmMicro: number } | null;

const originOf = (input: SourcingInput, nodeById: ReadonlyMap<string, FulfilmentNode>): { origin: LatLng; pickupNode?: FulfilmentNode } => {
  if (input.deliveryMethod === 'delivery') {
    if (!input.destination) throw new ValidationError('NO_DESTINATION', 'delivery sourcing needs a destination');
    return { origin: input.destination };
  }
  const pickupNode = input.pickupNodeId ? nodeById.get(input.pickupNodeId) : undefined;
  if (!pickupNode) throw new NotFoundError('UNKNOWN_PICKUP_NODE', `pickup node not found: ${input.pickupNodeId ?? '(none)'}`, { nodeId: input.pickupNodeId });
  return { origin: pickupNode.location, pickupNode };
};

/**
 * Order-level screening of the whole network, in a fixed precedence so each node gets exactly one
 * reason: rejected → too far → closed → channel blocked → capability/rate → no stock → capacity
 * full → promise impossible. Distance comes from a grid search when a radius is set, so far nodes
 * cost no trigonometry; stock checks only run on nodes that survived the cheap checks.
 */
export const screenNodes = (
  input: SourcingInput,
  skus: readonly string[],
  demandBySku: readonly number[],
  nodeById: ReadonlyMap<string, FulfilmentNode>,
): Screening => {
  const { origin, pickupNode } = originOf(input, nodeById);
  const service = input.service ?? 'standard';
  const serviceRates = input.rateCard.services[service];
  // Pickup from the store's own shelf needs no carrier rate.
  if (!serviceRates && input.deliveryMethod !== 'pickup') throw new ValidationError('UNKNOWN_SERVICE', `rate card has no service ${service}`, { service });
  const rateCache = new Map<NodeType, Rates>();
  const ratesFor = (type: NodeType): Rates => {
    if (!rateCache.has(type)) {
      const r = serviceRates?.[type];
      rateCache.set(type, r ? { baseMicro: parseMicro(r.base, 'base'), perKgMicro: parseMicro(r.perKg, 'perKg'), perKmMicro: parseMicro(r.perKm, 'perKm') } : null);
    }
    return rateCache.get(type)!;
  };
  const handlingCache = new Map<NodeType, number>();
  const handlingFor = (type: NodeType): number => {
    let h = handlingCache.get(type);
    if (h === undefined) handlingCache.set(type, (h = microToNano(parseMicro(input.handlingCost[type] ?? '0', 'handlingCost'))));
    return h;
  };
  const rejected = new Map((input.excludedNodes ?? []).map((e) => [e.nodeId, e.reason]));
  const maxKm = input.deliveryMethod === 'pickup' ? Number.POSITIVE_INFINITY : input.maxDistanceKm ?? Number.POSITIVE_INFINITY;
  const near = Number.isFinite(maxKm) ? withinRadius(geoGridOf(input.nodes), origin, maxKm) : null;
  const inRange = near ? new Map(near.map((n) => [n.item.id, n.distanceKm])) : null;
  // Summary mode lists only nodes worth reading about: on a 3,000-node network the far and
  // stock-less ones are counted, not listed, and far nodes are never even visited.
  const summary = input.explain === 'summary';
  const unlisted: Partial<Record<Exclusion['reason'], number>> = {};
  const holders = skus.map((sku) => input.availability.get(sku));
  const deliverByDay = input.promise && input.deliveryMethod === 'delivery' ? dayFromIsoDate(input.promise.deliverBy) : null;

  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  let universe: readonly FulfilmentNode[] = input.nodes;
  if (input.deliveryMethod === 'pickup') universe = [pickupNode!];
  else if (summary && near) {
    const visit = new Set([...near.map((n) => n.item), ...(pickupNode ? [pickupNode] : []), ...[...rejected.keys()].flatMap((id) => nodeById.get(id) ?? [])]);
    unlisted.TOO_FAR = input.nodes.length - visit.size;
    universe = [...visit];
  }
  const tooFar = `> ${maxKm} km`;
  const atPickupId = (id: string): boolean => pickupNode !== undefined && id === pickupNode.id;
  const blocked = input.channel;
  let node: FulfilmentNode;
  const exclude = (reason: Exclusion['reason'], detail?: string): void => {
    if (summary && (reason === 'TOO_FAR' || reason === 'NO_STOCK')) unlisted[reason] = (unlisted[reason] ?? 0) + 1;
    else excluded.push(detail === undefined ? { node: node.id, reason } : { node: node.id, reason, detail });
  };
  for (node of universe) {
    if (rejected.has(node.id)) {
      exclude('EXCLUDED_REJECTED', rejected.get(node.id) ?? 'rejected');
      continue;
    }
    // Geography first: on a 3,000-node network most nodes are out of range, and this keeps them
    // to one set lookup each.
    if (inRange && !atPickupId(node.id) && !inRange.has(node.id)) { exclude('TOO_FAR', tooFar); continue; }
    if (node.status !== 'open') { exclude('CLOSED'); continue; }
    if (node.blockedChannels.includes(input.channel)) { exclude('CHANNEL_BLOCKED', blocked); continue; }
    const atPickup = pickupNode !== undefined && node.id === pickupNode.id;
    const capability = atPickup ? 'pickup' : 'ship';
    if (!node.capabilities.includes(capability)) { exclude('NO_CAPABILITY', capability); continue; }
    const rates = atPickup ? null : ratesFor(node.type);
    if (!atPickup && !rates) { exclude('NO_CAPABILITY', `no ${service} rate for ${node.type}`); continue; }
    let distanceKm = atPickup ? 0 : inRange ? inRange.get(node.id) : undefined;
    const stock = holders.map((h) => Math.max(0, h?.get(node.id)?.available ?? 0));
    if (!stock.some((q) => q > 0)) { exclude('NO_STOCK'); continue; }
    distanceKm ??= roundKm(haversineKm(origin, node.location));
    const capacityLeft = input.capacityLeft?.[node.id] ?? node.dailyCapacity;
    if (capacityLeft <= 0) { exclude('CAPACITY_FULL', `${capacityLeft} left`); continue; }
    let estimatedDelivery: string | undefined;
    let daysLate = 0;
    if (deliverByDay !== null && input.promise) {
      const lines = skus.flatMap((sku, i) => (stock[i]! > 0 ? [{ sku, quantity: Math.min(stock[i]!, demandBySku[i]!) }] : []));
      const est = input.promise.estimate(node, lines);
      if (est === null) { exclude('PROMISE_MISSED', 'cannot deliver at all'); continue; }
      estimatedDelivery = est;
      daysLate = Math.max(0, dayFromIsoDate(est) - deliverByDay);
    }
    const metres = Math.round(distanceKm * 1000);
    candidates.push({
      node,
      distanceKm,
      metres,
      shipping: !atPickup,
      stock,
      capacityLeft,
      ...(estimatedDelivery ? { estimatedDelivery } : {}),
      daysLate,
      baseMicro: rates?.baseMicro ?? 0,
      perKgMicro: rates?.perKgMicro ?? 0,
      perKmMicro: rates?.perKmMicro ?? 0,
      handlingNano: handlingFor(node.type),
    });
  }
  return { origin, candidates, excluded, unlisted };
};
