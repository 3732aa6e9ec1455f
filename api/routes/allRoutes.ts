import type { OmsContext } from '../bootstrap/omsContext.js';
import type { Route } from '../http/route.js';

/** Every HTTP route of the OMS, by feature. */
export const allRoutes = (_oms: OmsContext): Route[] => [];
