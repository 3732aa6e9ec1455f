import type { OmsContext } from '../bootstrap/omsContext.js';
import type { Route } from '../http/route.js';
import { inventoryRoutes } from './inventory/inventoryRoutes.js';
import { orderRoutes } from './orderRoutes.js';
import { auditRoutes } from './auditRoutes.js';
import { integrationRoutes } from './integrationRoutes.js';
import { returnRoutes } from './returns/returnRoutes.js';
import { financeRoutes } from './finance/financeRoutes.js';
import { trackingRoutes } from './tracking/trackingRoutes.js';
import { kpiRoutes } from './kpis/kpiRoutes.js';
import { sourcingRoutes } from './sourcing/sourcingRoutes.js';

/** Every HTTP route of the OMS, by feature. */
export const allRoutes = (oms: OmsContext): Route[] => [
  ...inventoryRoutes(oms),
  ...orderRoutes(oms),
  ...auditRoutes(oms),
  ...integrationRoutes(oms),
  ...returnRoutes(oms),
  ...financeRoutes(oms),
  ...trackingRoutes(oms),
  ...kpiRoutes(oms),
  ...sourcingRoutes(oms),
];
