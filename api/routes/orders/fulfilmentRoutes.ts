import {
  markReadyForPickup, recordDelivery, recordPickup, recordRejection, recordShipment, reviewFraud,
} from '../../../application/orders/orderCommands.js';
import type { OrderCommandMeta, OrderCommandResult } from '../../../application/orders/orderCommands.js';
import type { OrderDetailsDocument } from '../../../projections/orders/orderDetailsProjection.js';
import type { OmsContext } from '../../bootstrap/omsContext.js';
import { defineRoute, type DtoClass, type HandlerResult, type Role, type Route, type RouteContext } from '../../http/route.js';
import { DeliveryDto, OrderIdParams, PickupDto, ReadyForPickupDto, RejectionDto, ReviewDto, ShipmentDto } from './commandDtos.js';
import { authorizeOrder, requireStaff } from './orderAccess.js';
import { commandMeta, commandResponse, plain } from './orderRouteSupport.js';
import { COMMAND_RESULT_SCHEMA, PROBLEM } from './orderSchemas.js';

type Spec<B extends object> = Readonly<{
  path: string;
  operationId: string;
  summary: string;
  role: Role;
  body: DtoClass<B>;
  /** Nodes the report speaks for: a store key must own them. */
  nodes: (body: B, doc: OrderDetailsDocument) => readonly string[];
  run: (body: B, orderId: string, meta: OrderCommandMeta) => Promise<OrderCommandResult>;
}>;

/** Node and review reports on an order: staff only (store keys for their own nodes), never a tracking token. */
const report = <B extends object>(oms: OmsContext, spec: Spec<B>): Route =>
  defineRoute<B, never, OrderIdParams>({
    method: 'post',
    path: spec.path,
    operationId: spec.operationId,
    summary: spec.summary,
    tags: ['orders'],
    role: spec.role,
    scopedBy: 'handler',
    idempotent: true,
    params: OrderIdParams,
    body: spec.body,
    responses: {
      200: { description: 'recorded: the order status after it and the events written', schema: COMMAND_RESULT_SCHEMA },
      403: { description: 'a customer credential, or a store key for another node', schema: PROBLEM },
      404: { description: 'ORDER_NOT_FOUND', schema: PROBLEM },
      409: { description: 'ILLEGAL_TRANSITION naming the state, or the transition rule that refused it', schema: PROBLEM },
    },
    handler: async (ctx): Promise<HandlerResult> => {
      const c = ctx as unknown as RouteContext<object, object, object>;
      requireStaff(c.principal);
      const { doc, actor } = await authorizeOrder(oms, ctx.params.id, { principal: c.principal }, 'write');
      const body = plain(ctx.body) as B;
      requireStaff(c.principal, spec.nodes(body, doc));
      return commandResponse(await spec.run(body, doc.order.orderId, commandMeta(c, actor)), doc.order.customerId);
    },
  });

export const fulfilmentRoutes = (oms: OmsContext): Route[] => [
  report<ShipmentDto>(oms, {
    path: '/orders/:id/shipments', operationId: 'recordShipment', role: 'store', body: ShipmentDto,
    summary: 'A node reports a shipment: lines, carrier and tracking number (payment is captured and stock consumed from the event)',
    nodes: (b) => [b.node],
    run: (b, id, meta) => recordShipment(oms, id, b, meta),
  }),
  report<DeliveryDto>(oms, {
    path: '/orders/:id/deliveries', operationId: 'recordDelivery', role: 'store', body: DeliveryDto,
    summary: 'The carrier delivered a shipment',
    nodes: (b, doc) => doc.order.shipments.filter((s) => s.shipmentId === b.shipmentId).map((s) => s.node),
    run: (b, id, meta) => recordDelivery(oms, id, b, meta),
  }),
  report<ReadyForPickupDto>(oms, {
    path: '/orders/:id/ready-for-pickup', operationId: 'markReadyForPickup', role: 'store', body: ReadyForPickupDto,
    summary: 'The store has the order ready for collection (until the deadline; default 7 days)',
    nodes: (b, doc) => [b.node ?? doc.order.pickupNode ?? ''],
    run: (b, id, meta) => markReadyForPickup(oms, id, b, meta),
  }),
  report<PickupDto>(oms, {
    path: '/orders/:id/pickups', operationId: 'recordPickup', role: 'store', body: PickupDto,
    summary: 'The customer collected the order (or some lines) at the store: the hand-over that captures payment',
    nodes: (b, doc) => [b.node ?? doc.order.pickup?.node ?? doc.order.pickupNode ?? ''],
    run: (b, id, meta) => recordPickup(oms, id, b, meta),
  }),
  report<RejectionDto>(oms, {
    path: '/orders/:id/rejections', operationId: 'recordRejection', role: 'store', body: RejectionDto,
    summary: 'A node rejects released work (no stock, damaged): the units go back to sourcing and the node is never asked again',
    nodes: (b) => [b.node],
    run: (b, id, meta) => recordRejection(oms, id, b, meta),
  }),
  report<ReviewDto>(oms, {
    path: '/orders/:id/review', operationId: 'reviewOrder', role: 'agent', body: ReviewDto,
    summary: 'Fraud review decision on an order on hold: approve (continues) or reject (cancelled, authorizations voided)',
    nodes: () => [],
    run: (b, id, meta) => reviewFraud(oms, id, b, meta),
  }),
];
