import type { OmsContext } from '../bootstrap/omsContext.js';
import type { Route } from '../http/route.js';
import { eventsRoute } from './integration/eventsRoute.js';
import { webhookRoutes } from './integration/webhookRoutes.js';

/** The integration feed: `GET /events` (pages, long-poll, server-sent events) and webhooks. */
export const integrationRoutes = (oms: OmsContext): Route[] => [eventsRoute(oms), ...webhookRoutes(oms)];
