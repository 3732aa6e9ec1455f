import type { OmsContext } from '../../bootstrap/omsContext.js';
import type { Route } from '../../http/route.js';
import { availabilityRoutes } from './availabilityRoutes.js';
import { catalogRoutes } from './catalogRoutes.js';
import { movementRoutes } from './movementRoutes.js';
import { networkRoutes } from './networkRoutes.js';
import { reservationRoutes } from './reservationRoutes.js';

/** Issue 3: the network, the catalog, stock movements, reservations and available-to-sell. */
export const inventoryRoutes = (oms: OmsContext): Route[] => [
  ...networkRoutes(oms),
  ...catalogRoutes(oms),
  ...movementRoutes(oms),
  ...reservationRoutes(oms),
  ...availabilityRoutes(oms),
];
