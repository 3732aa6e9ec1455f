import type { Logger } from 'pino';
import { ensureBootstrapAdmin } from '../../application/security/bootstrapAdmin.js';
import { createSecurityServices, type SecurityServices } from '../../application/security/securityServices.js';
import type { OmsConfig } from '../../infrastructure/config/config.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { writeAdminKeyFile } from '../../infrastructure/secrets/adminKeyFile.js';
import { openKeyStore } from '../../infrastructure/secrets/openKeyStore.js';
import type { HttpSecurity } from './auth.js';

export type OmsSecuritySetup = Readonly<{
  config: OmsConfig;
  readStore: ReadStore;
  /** For tracking-token verification (the order's current token generation). */
  eventStore: EventStore;
  logger: Logger;
  clock: () => Date;
  /** The embedded default (one process owns the data directory): the bootstrap key also goes to admin.key. */
  singleProcess: boolean;
}>;

/**
 * Opens the security services of an OMS instance: key store, API keys, tracking tokens,
 * idempotency records, access log, PII vault. On the first start of an installation without
 * OMS_API_KEYS it creates the bootstrap admin key, logs it once and (embedded default) writes it
 * to `<OMS_DATA_DIR>/admin.key` with mode 0600.
 */
export async function openOmsSecurity(setup: OmsSecuritySetup): Promise<SecurityServices> {
  const { config, logger } = setup;
  const keyStore = openKeyStore({ dataDir: config.dataDir, security: config.security, readStore: setup.readStore });
  const services = createSecurityServices({
    config: config.security,
    readStore: setup.readStore,
    eventStore: setup.eventStore,
    keyStore,
    idempotencyLockMs: config.requestTimeoutMs + 5000,
    clock: setup.clock,
  });
  try {
    await services.idempotency.prepare();
    await services.accessLog.prepare();
    if (config.security.testDefaultRole !== undefined) {
      logger.warn({ role: config.security.testDefaultRole }, 'TEST MODE: requests without credentials act as the test default role (NODE_ENV=test)');
    }
    if (config.security.apiKeys === undefined) {
      const boot = await ensureBootstrapAdmin(setup.readStore, services.apiKeys, setup.clock().toISOString());
      if (boot.created) {
        const file = setup.singleProcess ? writeAdminKeyFile(config.dataDir, boot.key) : undefined;
        // Printed exactly once, on the start that created it; store it somewhere safe.
        logger.warn({ keyId: boot.keyId, adminKey: boot.key, file }, 'bootstrap admin key created (shown only now); create named keys with `oms keys create` and revoke this one');
      }
    }
  } catch (error) {
    await services.close();
    throw error;
  }
  services.startSweeps((error) => logger.warn({ err: error }, 'security sweep failed; retrying next interval'));
  return services;
}

/** What the HTTP layer needs from the services. */
export const httpSecurityOf = (services: SecurityServices): HttpSecurity => ({
  authenticate: services.authenticate,
  idempotency: services.idempotency,
  accessLog: services.accessLog,
  rateLimits: { perIpPerMinute: services.config.rateLimitPerIp, perKeyPerMinute: services.config.rateLimitPerKey },
  trustProxy: services.config.trustProxy,
  honourTestActor: services.config.testDefaultRole !== undefined,
});
