import pino, { type Logger } from 'pino';
import { Gauge, type Registry } from 'prom-client';
import { createAggregateCache } from '../../application/aggregateCache.js';
import { createCommandHandler } from '../../application/commandHandler.js';
import type { OmsConfig } from '../../infrastructure/config/config.js';
import type { Projection } from '../../projections/runtime/projection.js';
import { createProjectionHost } from '../../projections/runtime/projectionHost.js';
import { createReadModels } from '../../projections/runtime/projectionRegistry.js';
import { createMetricsRegistry } from '../http/metrics.js';
import { openOmsSecurity } from '../http/omsSecurity.js';
import { startInventoryProcesses } from './inventoryProcesses.js';
import { startOrderProcesses, type OrderProcessOptions } from './orderProcesses.js';
import type { OrderProcesses } from '../../application/processes/orderProcesses.js';
import { paymentGatewayOf, startReturnProcesses, usePaymentGateway, type ReturnProcesses } from './returnServices.js';
import type { OmsContext } from './omsContext.js';
import { openStores } from './openStores.js';
import { allProjections } from './projections.js';
import { projectionMetrics } from './projectionMetrics.js';
import { startWebhooks } from '../../application/integration/webhookDispatcher.js';
import { startPromiseModel } from './promiseModel.js';

export type OpenOmsOptions = Readonly<{
  logger?: Logger;
  metrics?: Registry;
  clock?: () => Date;
  /** Defaults to every projection of the OMS. */
  projections?: readonly Projection[];
  /** Order process managers: deadlines, gateway, sourcer (tests shorten the deadlines). */
  processes?: OrderProcessOptions;
  /** Lease TTL for projections and processes in multi-instance deployments (default 10 s). */
  leaseTtlMs?: number;
}>;

export type Oms = OmsContext & Readonly<{ close: () => Promise<void>; processes?: OrderProcesses; returnProcesses?: ReturnProcesses }>;

/** Opens the stores, starts the projections and returns the context the API and CLI share. */
export const openOms = async (config: OmsConfig, options: OpenOmsOptions = {}): Promise<Oms> => {
  const logger = options.logger ?? pino({ level: config.logLevel });
  const metrics = options.metrics ?? createMetricsRegistry({ defaultMetrics: true });
  const clock = options.clock ?? (() => new Date());
  const stores = await openStores(config);
  const security = await openOmsSecurity({ config, readStore: stores.readStore, eventStore: stores.eventStore, logger, clock, singleProcess: stores.singleProcess });
  const projections = options.projections ?? allProjections;
  const commands = createCommandHandler({ eventStore: stores.eventStore, cache: createAggregateCache(config.commandCacheStreams, config.commandCacheCommandIds) });
  const observe = projectionMetrics(metrics);
  const host = createProjectionHost(stores.eventStore, stores.readStore, projections, {
    instanceId: config.instanceId,
    useLeases: !stores.singleProcess,
    leaseTtlMs: options.leaseTtlMs,
    clock,
    onLag: observe.lag,
    onError: (processor, error) => logger.warn({ processor, err: error }, 'projection error; retrying from its checkpoint'),
  });
  const readModels = createReadModels(stores.readStore, Object.fromEntries(projections.map((p) => [p.name, p.version])));
  new Gauge({
    name: 'oms_projection_position',
    help: 'Last applied global position per projection',
    labelNames: ['processor'],
    registers: [metrics],
    collect() {
      for (const s of host.statuses()) if (s.position !== undefined) this.set({ processor: s.processor }, Number(s.position));
    },
  });
  host.start();
  logger.info({ eventStore: stores.kind.eventStore, readStore: stores.kind.readStore, instance: config.instanceId }, 'OMS stores open');
  const context: OmsContext = {
    config,
    stores,
    eventStore: stores.eventStore,
    readStore: stores.readStore,
    commands,
    readModels,
    projections: host,
    metrics,
    logger,
    clock,
    security,
  };
  // Feature processes (seeding, reapers, schedulers) start once the projections run.
  const inventory = await startInventoryProcesses(context);
  const webhooks = startWebhooks(context);
  // One payment gateway for the order processes and the returns feature.
  if (options.processes?.gateway) usePaymentGateway(context, options.processes.gateway);
  const gateway = paymentGatewayOf(context, options.processes?.pendingPaymentMs);
  const processes = await startOrderProcesses(context, { ...options.processes, gateway, leaseTtlMs: options.leaseTtlMs });
  const promiseModel = startPromiseModel(context);
  const returnProcesses = await startReturnProcesses(context, { ...(options.processes?.disabled ? { disabled: true } : {}), ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}) });
  return {
    ...context,
    ...(processes ? { processes } : {}),
    ...(returnProcesses ? { returnProcesses } : {}),
    close: async () => {
      await returnProcesses?.stop();
      await processes?.stop();
      await promiseModel.stop();
      await webhooks.stop();
      await inventory.stop();
      await host.stop();
      await security.close();
      await stores.eventStore.close();
      await stores.readStore.close();
    },
  };
};
