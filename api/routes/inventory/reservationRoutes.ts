import {
  confirmReservation, releaseReservation, reserveStock, type ReservationLocator, type ReservationView,
} from '../../../application/inventory/reservations.js';
import type { ReleaseReason } from '../../../domain/inventory/index.js';
import { NotFoundError } from '../../../domain/shared/errors.js';
import { INVENTORY_RESERVATIONS, reservationsProjection, type ReservationDocument } from '../../../projections/inventory/reservationsProjection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type Route } from '../../http/route.js';
import { ConfirmReservationDto, ReleaseReservationDto, ReservationParams, ReserveDto } from './dtos/reservationDtos.js';
import { plain } from './dtos/keys.js';
import { projectionCollection, requestMeta } from './readModelAccess.js';

const RESERVATION = { type: 'object', description: 'reservationId, node, sku, orderId, lineId, quantity, status, expiresAt, outcome, position' } as const;

const body = (r: ReservationView) => r;

/**
 * Finds a reservation's position by id in the reservations read model. A reservation made a
 * moment ago may not be projected yet: the lookup then waits (bounded) for the projection to
 * reach the log's head before giving up.
 */
export const reservationLocator = (oms: OmsContext): ReservationLocator => async (reservationId) => {
  const lookup = async () => {
    const collection = await projectionCollection<ReservationDocument>(oms, reservationsProjection(), INVENTORY_RESERVATIONS);
    const docs = await collection.find({ reservationId }, { limit: 2 });
    // The same client-chosen id at two positions is ambiguous: the caller must name node and SKU.
    return docs.length === 1 ? { node: docs[0]!.nodeId, sku: docs[0]!.sku } : undefined;
  };
  const found = await lookup();
  if (found) return found;
  const runner = oms.projections.runner(INVENTORY_RESERVATIONS);
  if (!runner) return undefined;
  await runner.waitFor(await oms.eventStore.headPosition(), 2000).catch(() => undefined);
  return lookup();
};

/** Checkout holds: reserve with a TTL, confirm (allocate to the order) or release. */
export const reservationRoutes = (oms: OmsContext): Route[] => {
  const deps = { commands: oms.commands, eventStore: oms.eventStore };
  const locate = reservationLocator(oms);
  return [
    defineRoute({
      method: 'post', path: '/inventory/reservations', operationId: 'reserveStock', summary: 'Hold stock for a checkout', tags: ['reservations'],
      description: 'Holds `quantity` units at one node until now + `ttlSeconds`; expired holds are released by the reaper and return to '
        + 'availability on their own. 409 OUT_OF_STOCK when the position cannot cover it. The reservation id defaults to one derived '
        + 'from the Idempotency-Key, so a retried request holds once.',
      role: 'customer', idempotent: true, body: ReserveDto,
      responses: {
        201: { description: 'held', schema: RESERVATION }, 400: { description: 'VALIDATION_FAILED' },
        404: { description: 'NODE_NOT_FOUND / SKU_NOT_FOUND' }, 409: { description: 'OUT_OF_STOCK / RESERVATION_CONFLICT' },
      },
      handler: async (ctx) => {
        const r = await reserveStock(deps, plain(ctx.body), requestMeta(ctx));
        return { status: 201, body: body(r), headers: { Location: `/inventory/reservations/${encodeURIComponent(r.reservationId)}` } };
      },
    }),
    defineRoute({
      method: 'post', path: '/inventory/reservations/:reservationId/confirm', operationId: 'confirmReservation',
      summary: 'Allocate a held reservation to its order (it stops expiring)', tags: ['reservations'],
      role: 'customer', idempotent: true, params: ReservationParams, body: ConfirmReservationDto,
      responses: {
        200: { description: 'confirmed', schema: RESERVATION }, 404: { description: 'RESERVATION_NOT_FOUND' },
        409: { description: 'RESERVATION_EXPIRED / RESERVATION_CLOSED' },
      },
      handler: async (ctx) => ({
        status: 200,
        body: body(await confirmReservation(deps, { reservationId: ctx.params.reservationId, ...plain(ctx.body) }, requestMeta(ctx), locate)),
      }),
    }),
    defineRoute({
      method: 'post', path: '/inventory/reservations/:reservationId/release', operationId: 'releaseReservation',
      summary: 'Give a reservation\'s units back (idempotent)', tags: ['reservations'],
      role: 'customer', idempotent: true, params: ReservationParams, body: ReleaseReservationDto,
      responses: { 200: { description: 'released (or already closed)', schema: RESERVATION }, 404: { description: 'RESERVATION_NOT_FOUND' } },
      handler: async (ctx) => {
        const { reason, ...where } = plain(ctx.body);
        const ref = { reservationId: ctx.params.reservationId, ...where, ...(reason ? { reason: reason as ReleaseReason } : {}) };
        return { status: 200, body: body(await releaseReservation(deps, ref, requestMeta(ctx), locate)) };
      },
    }),
    defineRoute({
      method: 'get', path: '/inventory/reservations/:reservationId', operationId: 'getReservation', summary: 'One reservation (read model)', tags: ['reservations'],
      role: 'customer', params: ReservationParams,
      responses: { 200: { description: 'the reservation', schema: RESERVATION }, 404: { description: 'RESERVATION_NOT_FOUND' } },
      handler: async (ctx) => {
        const collection = await projectionCollection<ReservationDocument>(oms, reservationsProjection(), INVENTORY_RESERVATIONS);
        const [doc] = await collection.find({ reservationId: ctx.params.reservationId }, { limit: 1 });
        if (!doc) throw new NotFoundError('RESERVATION_NOT_FOUND', `no reservation ${ctx.params.reservationId}`, { reservationId: ctx.params.reservationId });
        const { _id: _ignored, nodeId, ...rest } = doc;
        return { status: 200, body: { ...rest, node: nodeId } };
      },
    }),
  ];
};
