import type { FulfilmentNode, NodeCapability } from '../network/node.js';
import { geoGridOf, nearestAccepted } from '../geo/geoGrid.js';
import { haversineKm, roundKm } from '../geo/haversine.js';
import { isoDateFromDay } from './calendarDays.js';
import { addCarrierBusinessDays } from './carrierService.js';
import { isWorkingDay, nextWorkingDay, prepareNodeCalendar, windowStart } from './nodeCalendar.js';
import { addWorkingTime, handover, readyInsideOpeningHours } from './nodeSchedule.js';
import { processingAtNodeCached, type ProcessingCache } from './processingCache.js';
import { ineligibility, linesReadyAt, stockedCandidates, supplySteps, type Candidate, type QuoteContext } from './quoteContext.js';
import type { PickupOption, ShipToStoreOption, Unavailable } from './types.js';

type Built<T> = { options: T[]; unavailable: Unavailable[]; evaluated: number };

/** The chosen store, or the nearest eligible stores around the destination when none was chosen. */
const pickupTargets = (ctx: QuoteContext, capability: NodeCapability, limit: number): { nodes: FulfilmentNode[]; unavailable: Unavailable[] } => {
  const method = capability === 'pickup' ? 'pickup' : 'shipToStore';
  const { pickupNodeId, destination, channel } = ctx.input;
  if (pickupNodeId) {
    const node = ctx.nodeById.get(pickupNodeId);
    if (!node) return { nodes: [], unavailable: [{ method, node: pickupNodeId, reason: 'UNKNOWN_NODE', detail: 'no such node' }] };
    if (ctx.excluded.has(node.id)) return { nodes: [], unavailable: [{ method, node: node.id, reason: 'EXCLUDED', detail: `${node.id} is excluded` }] };
    const why = ineligibility(node, channel, capability);
    if (why) return { nodes: [], unavailable: [{ method, node: node.id, reason: why, detail: `${node.id} cannot serve ${method}` }] };
    return { nodes: [node], unavailable: [] };
  }
  if (!destination) return { nodes: [], unavailable: [{ method, reason: 'NO_DESTINATION', detail: 'needs a pickup node or a destination' }] };
  const radius = ctx.input.options?.pickupRadiusKm ?? 30;
  const near = nearestAccepted(
    geoGridOf(ctx.input.nodes),
    destination,
    limit,
    radius,
    (n) => !ctx.excluded.has(n.id) && ineligibility(n, channel, capability) === null,
    (n) => n.id,
  );
  return { nodes: near.map((x) => x.item), unavailable: [] };
};

export const pickupOptions = (ctx: QuoteContext, cache: ProcessingCache): Built<PickupOption> => {
  const limit = ctx.input.options?.maxPickupOptions ?? 3;
  // Without a chosen store, look a little wider than `limit`: the nearest stores may lack stock.
  const { nodes, unavailable } = pickupTargets(ctx, 'pickup', ctx.input.pickupNodeId ? 1 : limit * 4);
  const options: { option: PickupOption; readyMs: number }[] = [];
  for (const node of nodes) {
    const readyMs = linesReadyAt(ctx, node.id);
    if (readyMs === null) {
      unavailable.push({ method: 'pickup', node: node.id, reason: 'NO_STOCK', detail: `${node.id} cannot cover the cart, even with expected supply` });
      continue;
    }
    const prep = prepareNodeCalendar(node);
    const done = processingAtNodeCached(ctx, cache, prep, readyMs);
    const ready = done && readyInsideOpeningHours(prep, done.completeMs, ctx.lastDay);
    if (!done || ready === null) {
      unavailable.push({ method: 'pickup', node: node.id, reason: 'BEYOND_HORIZON', detail: 'no working day within the horizon' });
      continue;
    }
    const explanation: string[] = [`pickup at ${node.id} (${node.name})`];
    supplySteps(ctx, node.id, ctx.cart, explanation);
    const explained = processingAtNodeCached(ctx, undefined, prep, readyMs, explanation)!;
    readyInsideOpeningHours(prep, explained.completeMs, ctx.lastDay, explanation);
    const destination = ctx.input.destination;
    options.push({
      readyMs: ready,
      option: {
        method: 'pickup',
        node: node.id,
        readyBy: prep.clock.formatIso(ready),
        ...(destination ? { distanceKm: roundKm(haversineKm(destination, node.location)) } : {}),
        explanation,
      },
    });
  }
  options.sort((a, b) => a.readyMs - b.readyMs || (a.option.node < b.option.node ? -1 : 1));
  return { options: options.slice(0, limit).map((o) => o.option), unavailable, evaluated: nodes.length };
};

type StsPath = { c: Candidate; shipByMs: number; shipDay: number; arriveDay: number; readyMs: number };

/** Ship from a stocked node to the pickup store: node processing → carrier → store receiving → opening hours. */
const shipToStorePath = (ctx: QuoteContext, cache: ProcessingCache | undefined, c: Candidate, store: FulfilmentNode, steps?: string[]): StsPath | null => {
  const serviceId = ctx.input.options?.shipToStoreService ?? ctx.services[0]?.id;
  const service = ctx.services.find((s) => s.id === serviceId);
  if (!service) return null;
  const prep = prepareNodeCalendar(c.node);
  const done = processingAtNodeCached(ctx, cache, prep, c.readyMs, steps);
  const h = done && handover(prep, service, done.completeMs, ctx.lastDay, steps);
  if (!h) return null;
  const lane = { origin: c.node.location, destination: store.location, distanceKm: c.distanceKm };
  const transit = ctx.input.transitModel.quantileDays(lane, service.id, ctx.quantile, ctx.input.now);
  if (transit === null) return null;
  const arriveDay = addCarrierBusinessDays(service, h.shipDay, transit, steps);
  if (arriveDay === null) return null;
  steps?.push(`${service.id}: ${transit} carrier business day(s) to ${store.id} → arrives ${isoDateFromDay(arriveDay)}`);
  const storePrep = prepareNodeCalendar(store);
  const receiveDay = isWorkingDay(storePrep, arriveDay) ? arriveDay : nextWorkingDay(storePrep, arriveDay, ctx.lastDay, steps);
  if (receiveDay === null) return null;
  // Parcels are booked in at opening on the day they arrive, then need receiving time.
  const received = addWorkingTime(storePrep, windowStart(storePrep, receiveDay), ctx.receivingMs / 60_000, ctx.lastDay);
  const readyMs = received === null ? null : readyInsideOpeningHours(storePrep, received, ctx.lastDay, steps);
  if (readyMs === null) return null;
  steps?.push(`${store.id}: received with ${ctx.receivingMs / 3_600_000} h handling → ready ${storePrep.clock.formatIso(readyMs)}`);
  return { c, shipByMs: h.shipByMs, shipDay: h.shipDay, arriveDay, readyMs };
};

export const shipToStoreOptions = (ctx: QuoteContext, cache: ProcessingCache): Built<ShipToStoreOption> => {
  const { nodes, unavailable } = pickupTargets(ctx, 'shipToStore', 1);
  const store = nodes[0];
  if (!store) return { options: [], unavailable, evaluated: 0 };
  const candidates = stockedCandidates(ctx, store.location, 'ship', ctx.cart, store.id);
  let best: StsPath | null = null;
  for (const c of candidates) {
    const p = shipToStorePath(ctx, cache, c, store);
    if (p && (!best || p.readyMs < best.readyMs || (p.readyMs === best.readyMs && p.c.distanceKm < best.c.distanceKm))) best = p;
  }
  if (!best) {
    const reason = candidates.length === 0 ? 'NO_STOCK' : 'NO_SERVICE';
    return { options: [], unavailable: [{ method: 'shipToStore', node: store.id, reason, detail: `${candidates.length} stocked ship node(s) evaluated` }], evaluated: candidates.length };
  }
  const explanation = [`ship to store ${store.id} from ${best.c.node.id} (${best.c.distanceKm} km)`];
  supplySteps(ctx, best.c.node.id, ctx.cart, explanation);
  shipToStorePath(ctx, undefined, best.c, store, explanation);
  const serviceId = ctx.input.options?.shipToStoreService ?? ctx.services[0]!.id;
  return {
    options: [
      {
        method: 'shipToStore',
        service: serviceId,
        shipFrom: best.c.node.id,
        pickupNode: store.id,
        shipBy: prepareNodeCalendar(best.c.node).clock.formatIso(best.shipByMs),
        arrivesOn: isoDateFromDay(best.arriveDay),
        readyBy: prepareNodeCalendar(store).clock.formatIso(best.readyMs),
        quantile: ctx.quantile,
        confidence: ctx.quantile,
        explanation,
      },
    ],
    unavailable,
    evaluated: candidates.length,
  };
};
