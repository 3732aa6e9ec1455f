import type { OmsContext } from '../bootstrap/omsContext.js';
import type { Route } from '../http/route.js';
import { changeRoutes } from './orders/changeRoutes.js';
import { fulfilmentRoutes } from './orders/fulfilmentRoutes.js';
import { placementRoutes } from './orders/placementRoutes.js';
import { queryRoutes } from './orders/queryRoutes.js';
import { trackingTokenRoutes } from './orders/trackingTokenRoutes.js';

/**
 * The order API (issue 4): capture and promise quote, reads, post-purchase changes and the node
 * reports. Routes append order events only; the order process managers react to them (confirm,
 * consume and release reservations, re-source after a rejection, capture on hand-over).
 */
export const orderRoutes = (oms: OmsContext): Route[] => [
  ...placementRoutes(oms),
  ...queryRoutes(oms),
  ...changeRoutes(oms),
  ...fulfilmentRoutes(oms),
  ...trackingTokenRoutes(oms),
];
