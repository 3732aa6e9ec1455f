import type { Express } from 'express';
import type { Server } from 'node:http';
import type { Oms } from './bootstrap/openOms.js';
import { omsHealth } from './bootstrap/omsHealth.js';
import { createApp } from './http/createApp.js';
import { httpSecurityOf } from './http/omsSecurity.js';
import type { Route } from './http/route.js';
import { allRoutes } from './routes/allRoutes.js';
import { omsWebPages } from './routes/webRoutes.js';

export const OPENAPI_INFO = {
  title: 'Order Ledger OMS API',
  version: '0.1.0',
  description: 'Event-sourced order management: inventory, orders, promise, sourcing, returns, finance.',
};

export const createOmsApp = (oms: Oms, routes: readonly Route[] = allRoutes(oms)): Express =>
  createApp({
    routes,
    logger: oms.logger,
    metrics: oms.metrics,
    health: () => omsHealth(oms),
    openapiInfo: OPENAPI_INFO,
    bodyLimit: oms.config.bodyLimit,
    requestTimeoutMs: oms.config.requestTimeoutMs,
    clock: oms.clock,
    security: httpSecurityOf(oms.security),
    web: omsWebPages(),
  });

/**
 * Listens and wires graceful shutdown: on SIGTERM/SIGINT stop accepting connections, let
 * in-flight requests finish, then close the stores (which flushes the group commit).
 */
export const serve = async (oms: Oms, app: Express = createOmsApp(oms)): Promise<Server> => {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(oms.config.port, oms.config.host, () => resolve(s));
  });
  const address = server.address();
  oms.logger.info({ address }, 'OMS listening');
  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    oms.logger.info({ signal }, 'shutting down: draining requests');
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    server.close(() => {
      void oms.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    });
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  return server;
};
