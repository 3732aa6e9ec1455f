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
  // Summary mode lists only nodes worth reading about: on a 3,000-node network the far and
  // stock-less ones are counted, not listed, and far nodes are never even visited.
  const summary = input.explain === 'summary';
  const unlisted: Partial<Record<Exclusion['reason'], number>> = {};
  const holders = skus.map((sku) => input.availability.get(sku));
  const deliverByDay = input.promise && input.deliveryMethod === 'delivery' ? dayFromIsoDate(input.promise.deliverBy) : null;

  const candidates: Candidate[] = [];
  const excluded: Exclusion[] = [];
  // What to visit, with the grid's distance where it has one (undefined = out of range, or no
  // radius). Summary mode visits the in-range nodes in grid order, then the pickup node and the
  // rejected nodes not already among them — so far nodes cost nothing, not even a lookup.
  let universe: readonly FulfilmentNode[] = input.nodes;
  let gridKm: (i: number, node: FulfilmentNode) => number | undefined = () => undefined;
  if (input.deliveryMethod === 'pickup') universe = [pickupNode!];
  else if (summary && near && nodeById.size === input.nodes.length) {
    // Ids are unique, so the grid's list has no repeats and its distances serve as they are.
    const visit = near.map((n) => n.item);
    const extra = [...(pickupNode ? [pickupNode] : []), ...[...rejected.keys()].flatMap((id) => nodeById.get(id) ?? [])];
    if (extra.length > 0) {
      const seen = new Set(visit);
      for (const n of extra) if (!seen.has(n)) { seen.add(n); visit.push(n); }
    }
    unlisted.TOO_FAR = input.nodes.length - visit.length;
    universe = visit;
    gridKm = (i) => near[i]?.distanceKm;
  } else if (near) {
    const inRange = new Map(near.map((n) => [n.item.id, n.distanceKm]));
    if (summary) {
      const visit = new Set([...near.map((n) => n.item), ...(pickupNode ? [pickupNode] : []), ...[...rejected.keys()].flatMap((id) => nodeById.get(id) ?? [])]);
      unlisted.TOO_FAR = input.nodes.length - visit.size;
      universe = [...visit];
    }
    gridKm = (_, n) => inRange.get(n.id);
  }
  const tooFar = `> ${maxKm} km`;
  const blocked = input.channel;
  const stock = new Array<number>(skus.length).fill(0);
  let node: FulfilmentNode;
  const exclude = (reason: Exclusion['reason'], detail?: string): void => {
    if (summary && (reason === 'TOO_FAR' || reason === 'NO_STOCK')) unlisted[reason] = (unlisted[reason] ?? 0) + 1;
    else excluded.push(detail === undefined ? { node: node.id, reason } : { node: node.id, reason, detail });
  };
  for (let i = 0; i < universe.length; i++) {
    node = universe[i]!;
    if (rejected.size > 0 && rejected.has(node.id)) {
      exclude('EXCLUDED_REJECTED', rejected.get(node.id) ?? 'rejected');
      continue;
    }
    const atPickup = pickupNode !== undefined && node.id === pickupNode.id;
    const inRangeKm = near ? gridKm(i, node) : undefined;
    // Geography first: on a 3,000-node network most nodes are out of range, and this keeps them
    // to one lookup each.
    if (near && !atPickup && inRangeKm === undefined) { exclude('TOO_FAR', tooFar); continue; }
    if (node.status !== 'open') { exclude('CLOSED'); continue; }
    if (node.blockedChannels.includes(input.channel)) { exclude('CHANNEL_BLOCKED', blocked); continue; }
    const capability = atPickup ? 'pickup' : 'ship';
    if (!node.capabilities.includes(capability)) { exclude('NO_CAPABILITY', capability); continue; }
    const rates = atPickup ? null : ratesFor(node.type);
    if (!atPickup && !rates) { exclude('NO_CAPABILITY', `no ${service} rate for ${node.type}`); continue; }
    // Stock last among the cheap checks: one availability lookup per order SKU.
    let any = false;
    for (let s = 0; s < holders.length; s++) {
      const a = holders[s]?.get(node.id)?.available ?? 0;
      const q = Math.max(0, a);
      stock[s] = q;
      if (q > 0) any = true;
    }
    if (!any) { exclude('NO_STOCK'); continue; }
    const distanceKm = atPickup ? 0 : inRangeKm ?? roundKm(haversineKm(origin, node.location));
    const capacityLeft = input.capacityLeft?.[node.id] ?? node.dailyCapacity;
    if (capacityLeft <= 0) { exclude('CAPACITY_FULL', `${capacityLeft} left`); continue; }
    let estimatedDelivery: string | undefined;
    let daysLate = 0;
    if (deliverByDay !== null && input.promise) {
      const lines = skus.flatMap((sku, k) => (stock[k]! > 0 ? [{ sku, quantity: Math.min(stock[k]!, demandBySku[k]!) }] : []));
      const est = input.promise.estimate(node, lines);
      if (est === null) { exclude('PROMISE_MISSED', 'cannot deliver at all'); continue; }
      estimatedDelivery = est;
      daysLate = Math.max(0, dayFromIsoDate(est) - deliverByDay);
    }
    const metres = Math.round(distanceKm * 1000);
    const candidate: Candidate = {
      node,
      distanceKm,
      metres,
      shipping: !atPickup,
      stock: stock.slice(),
      capacityLeft,
      daysLate,
      baseMicro: rates?.baseMicro ?? 0,
      perKgMicro: rates?.perKgMicro ?? 0,
      perKmMicro: rates?.perKmMicro ?? 0,
      handlingNano: handlingFor(node.type),
    };
    candidates.push(estimatedDelivery ? { ...candidate, estimatedDelivery } : candidate);
  }
  return { origin, candidates, excluded, unlisted };
};
