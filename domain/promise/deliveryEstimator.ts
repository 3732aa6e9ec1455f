import type { FulfilmentNode } from '../network/node.js';
import { NotFoundError } from '../shared/errors.js';
import { haversineKm, roundKm } from '../geo/haversine.js';
import { isoDateFromDay } from './calendarDays.js';
import { deliverFromNode } from './deliveryOptions.js';
import { aggregateCart, buildQuoteContext, linesReadyAt } from './quoteContext.js';
import type { CartLine, PromiseInput } from './types.js';

/**
 * "If node N shipped these lines, by when would they arrive?" — the promise engine's date
 * arithmetic packaged for the sourcing optimizer, which must reject (or penalise) assignments that
 * miss the date promised at checkout. Returns a YYYY-MM-DD or null when N cannot deliver at all.
 */
export type DeliveryEstimator = (node: FulfilmentNode, lines: readonly CartLine[]) => string | null;

export type DeliveryEstimatorInput = Omit<PromiseInput, 'lines' | 'deliveryMethods' | 'pickupNodeId'> & Readonly<{ service: string }>;

export const makeDeliveryEstimator = (input: DeliveryEstimatorInput): DeliveryEstimator => {
  const base = buildQuoteContext({ ...input, lines: [], deliveryMethods: ['delivery'] });
  const service = base.services.find((s) => s.id === input.service);
  if (!service) throw new NotFoundError('UNKNOWN_CARRIER_SERVICE', `no carrier service ${input.service}`, { service: input.service });
  const destination = input.destination;
  return (node, lines) => {
    if (!destination) return null;
    const ctx = { ...base, cart: aggregateCart(lines) };
    const readyMs = linesReadyAt(ctx, node.id);
    if (readyMs === null) return null;
    const candidate = { node, readyMs, distanceKm: roundKm(haversineKm(destination, node.location)) };
    const d = deliverFromNode(ctx, undefined, candidate, service, destination);
    return typeof d === 'string' ? null : isoDateFromDay(d.deliverDay);
  };
};
