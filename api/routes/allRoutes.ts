import type { OmsContext } from '../bootstrap/omsContext.js';
import type { Route } from '../http/route.js';
import { inventoryRoutes } from './inventory/inventoryRoutes.js';
import { orderRoutes } from './orderRoutes.js';
import { auditRoutes } from './auditRoutes.js';
import { integrationRoutes } from './integrationRoutes.js';

/** Every HTTP route of the OMS, by feature. */
export const allRoutes = (oms: OmsContext): Route[] => [
  ...inventoryRoutes(oms),
  ...orderRoutes(oms),
  ...auditRoutes(oms),
  ...integrationRoutes(oms),
];
