import type { Logger } from 'pino';
import type { Registry } from 'prom-client';
import type { CommandHandler } from '../../application/commandHandler.js';
import type { SecurityServices } from '../../application/security/securityServices.js';
import type { OmsConfig } from '../../infrastructure/config/config.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { ProjectionHost } from '../../projections/runtime/projectionHost.js';
import type { ReadModels } from '../../projections/runtime/projectionRegistry.js';
import type { Stores } from './openStores.js';

/** Everything a feature module (routes, processes, CLI commands) needs, built once at start-up. */
export type OmsContext = Readonly<{
  config: OmsConfig;
  stores: Stores;
  eventStore: EventStore;
  readStore: ReadStore;
  commands: CommandHandler;
  readModels: ReadModels;
  projections: ProjectionHost;
  metrics: Registry;
  logger: Logger;
  clock: () => Date;
  /** API keys, tracking tokens, idempotency records, access log and the PII vault (application/security). */
  security: SecurityServices;
}>;
