import { isoDateFromDay } from './calendarDays.js';
import { addCarrierBusinessDays, type PreparedService } from './carrierService.js';
import { prepareNodeCalendar } from './nodeCalendar.js';
import { handover } from './nodeSchedule.js';
import { processingAtNodeCached, type ProcessingCache } from './processingCache.js';
import { linesReadyAt, stockedCandidates, supplySteps, type Candidate, type QuoteContext } from './quoteContext.js';
import type { LaneEnd } from './transitModel.js';
import type { CartLine, DeliveryOption, Destination, NodeLines, Unavailable } from './types.js';

/** One node's path to the customer for one service. */
export type NodeDelivery = Readonly<{
  nodeId: string;
  shipDay: number;
  shipByMs: number;
  transitDays: number;
  deliverDay: number;
  distanceKm: number;
}>;

export type DeliveryFailure = 'BEYOND_HORIZON' | 'NO_SERVICE';

const laneEnd = (n: { location: LaneEnd }): LaneEnd => n.location;

/** Release → processing → hand-over → transit for one node, one service; steps only when explaining. */
export const deliverFromNode = (
  ctx: QuoteContext,
  cache: ProcessingCache | undefined,
  candidate: Candidate,
  service: PreparedService,
  destination: LaneEnd,
  steps?: string[],
): NodeDelivery | DeliveryFailure => {
  const prep = prepareNodeCalendar(candidate.node);
  const done = processingAtNodeCached(ctx, cache, prep, candidate.readyMs, steps);
  if (!done) return 'BEYOND_HORIZON';
  const h = handover(prep, service, done.completeMs, ctx.lastDay, steps);
  if (!h) return 'BEYOND_HORIZON';
  const lane = { origin: laneEnd(candidate.node), destination, distanceKm: candidate.distanceKm };
  const transitDays = ctx.input.transitModel.quantileDays(lane, service.id, ctx.quantile, ctx.input.now);
  if (transitDays === null) {
    steps?.push(`${service.id}: lane ${candidate.node.location.country} → ${destination.country} not served`);
    return 'NO_SERVICE';
  }
  const deliverDay = addCarrierBusinessDays(service, h.shipDay, transitDays, steps);
  if (deliverDay === null) return 'NO_SERVICE';
  steps?.push(
    `${service.id}: ${transitDays} carrier business day(s) at q${ctx.quantile} over ${candidate.distanceKm} km → deliver by ${isoDateFromDay(deliverDay)}`,
  );
  return { nodeId: candidate.node.id, shipDay: h.shipDay, shipByMs: h.shipByMs, transitDays, deliverDay, distanceKm: candidate.distanceKm };
};

/** Earliest delivery first; then earlier hand-over, shorter distance, node id — a total, deterministic order. */
const better = (a: NodeDelivery, b: NodeDelivery): boolean =>
  a.deliverDay !== b.deliverDay
    ? a.deliverDay < b.deliverDay
    : a.shipByMs !== b.shipByMs
      ? a.shipByMs < b.shipByMs
      : a.distanceKm !== b.distanceKm
        ? a.distanceKm < b.distanceKm
        : a.nodeId < b.nodeId;

const bestFor = (
  ctx: QuoteContext,
  cache: ProcessingCache,
  candidates: readonly Candidate[],
  service: PreparedService,
  destination: LaneEnd,
): { best: { c: Candidate; d: NodeDelivery } | null; failure: DeliveryFailure } => {
  let best: { c: Candidate; d: NodeDelivery } | null = null;
  let failure: DeliveryFailure = 'NO_SERVICE';
  for (const c of candidates) {
    if (best) {
      // Cheap exact prune: even shipping on the release day cannot beat the best date found.
      const lane = { origin: laneEnd(c.node), destination, distanceKm: c.distanceKm };
      const transit = ctx.input.transitModel.quantileDays(lane, service.id, ctx.quantile, ctx.input.now);
      if (transit === null) continue;
      const earliest = addCarrierBusinessDays(service, prepareNodeCalendar(c.node).clock.localDay(c.readyMs), transit);
      if (earliest === null || earliest > best.d.deliverDay) continue;
    }
    const d = deliverFromNode(ctx, cache, c, service, destination);
    if (typeof d === 'string') {
      if (d === 'BEYOND_HORIZON') failure = d;
      continue;
    }
    if (!best || better(d, best.d)) best = { c, d };
  }
  return { best, failure };
};

const explainNode = (ctx: QuoteContext, c: Candidate, lines: readonly CartLine[], service: PreparedService, destination: LaneEnd): string[] => {
  const steps = [`${c.node.id} (${c.node.type}, ${c.distanceKm} km) serves ${lines.map((l) => `${l.quantity}× ${l.sku}`).join(', ')}`];
  supplySteps(ctx, c.node.id, lines, steps);
  deliverFromNode(ctx, undefined, c, service, destination, steps);
  return steps;
};

const option = (
  ctx: QuoteContext,
  service: PreparedService,
  parts: readonly { c: Candidate; d: NodeDelivery; lines: readonly CartLine[] }[],
  destination: LaneEnd,
): DeliveryOption => {
  const last = parts.reduce((a, b) => (b.d.deliverDay > a.d.deliverDay || (b.d.deliverDay === a.d.deliverDay && b.d.shipByMs > a.d.shipByMs) ? b : a));
  const latestShip = parts.reduce((a, b) => (b.d.shipByMs > a.d.shipByMs ? b : a));
  const explanation = parts.flatMap((p) => explainNode(ctx, p.c, p.lines, service, destination));
  if (parts.length > 1) explanation.push(`split over ${parts.length} nodes → deliver by the latest: ${isoDateFromDay(last.d.deliverDay)}`);
  const nodes: NodeLines[] = parts.map((p) => ({ nodeId: p.c.node.id, lines: p.lines }));
  return {
    method: 'delivery',
    service: service.id,
    nodes,
    split: parts.length > 1,
    shipBy: prepareNodeCalendar(latestShip.c.node).clock.formatIso(latestShip.d.shipByMs),
    shipDate: isoDateFromDay(latestShip.d.shipDay),
    deliverBy: isoDateFromDay(last.d.deliverDay),
    transitDays: last.d.transitDays,
    quantile: ctx.quantile,
    confidence: ctx.quantile,
    distanceKm: Math.max(...parts.map((p) => p.d.distanceKm)),
    explanation,
  };
};

/**
 * Per SKU, the node that delivers it earliest; SKUs landing on one node travel together. Used only
 * when no single node holds the whole cart — a heuristic, not an optimum over all splits.
 */
const splitDelivery = (
  ctx: QuoteContext,
  cache: ProcessingCache,
  service: PreparedService,
  destination: Destination,
): DeliveryOption | null => {
  const chosen = new Map<string, { c: Candidate; lines: CartLine[] }>();
  for (const line of ctx.cart) {
    const { best } = bestFor(ctx, cache, stockedCandidates(ctx, destination, 'ship', [line]), service, destination);
    if (!best) return null;
    const group = chosen.get(best.c.node.id);
    if (group) group.lines.push(line);
    else chosen.set(best.c.node.id, { c: best.c, lines: [line] });
  }
  const parts: { c: Candidate; d: NodeDelivery; lines: CartLine[] }[] = [];
  for (const { c, lines } of chosen.values()) {
    // Re-derive readiness for all SKUs this node now ships (the slowest supply decides).
    const readyMs = linesReadyAt(ctx, c.node.id, lines);
    if (readyMs === null) return null;
    const merged: Candidate = { ...c, readyMs };
    const d = deliverFromNode(ctx, cache, merged, service, destination);
    if (typeof d === 'string') return null;
    parts.push({ c: merged, d, lines });
  }
  return option(ctx, service, parts, destination);
};

export const deliveryOptions = (ctx: QuoteContext, cache: ProcessingCache): { options: DeliveryOption[]; unavailable: Unavailable[]; evaluated: number } => {
  const destination = ctx.input.destination;
  if (!destination) {
    return { options: [], unavailable: [{ method: 'delivery', reason: 'NO_DESTINATION', detail: 'delivery needs a destination' }], evaluated: 0 };
  }
  const candidates = stockedCandidates(ctx, destination, 'ship');
  const options: DeliveryOption[] = [];
  const unavailable: Unavailable[] = [];
  for (const service of ctx.services) {
    const { best, failure } = bestFor(ctx, cache, candidates, service, destination);
    if (best) {
      options.push(option(ctx, service, [{ ...best, lines: ctx.cart }], destination));
      continue;
    }
    const split = candidates.length === 0 && ctx.cart.length > 1 ? splitDelivery(ctx, cache, service, destination) : null;
    if (split) options.push(split);
    else if (candidates.length === 0) {
      unavailable.push({ method: 'delivery', service: service.id, reason: 'NO_STOCK', detail: 'no eligible ship node within range holds the cart, not even split by SKU' });
    } else {
      unavailable.push({ method: 'delivery', service: service.id, reason: failure, detail: `${candidates.length} stocked node(s) evaluated, none can deliver` });
    }
  }
  return { options, unavailable, evaluated: candidates.length };
};
