import type { SecurityConfig } from '../../infrastructure/config/securityConfig.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { KeyStore } from '../../infrastructure/secrets/keyStore.js';
import { createPiiVault, type PiiVault } from '../privacy/piiVault.js';
import { ACCESS_LOG_COLLECTION, createAccessLog, type AccessLog } from './accessLog.js';
import { API_KEYS_COLLECTION, createApiKeyRepository, parseEnvApiKeys, type ApiKeyRepository } from './apiKeys.js';
import { createAuthenticator, type Authenticator } from './authenticator.js';
import { SECURITY_STATE_COLLECTION } from './bootstrapAdmin.js';
import { createIdempotencyStore, IDEMPOTENCY_COLLECTION, type IdempotencyStore } from './idempotencyStore.js';
import { createTrackingTokenStatus } from './trackingTokenStatus.js';
import { createTrackingTokens, TRACKING_SECRET_NAME, type TrackingTokens } from './trackingTokens.js';

/** Everything security-related an OMS instance holds: built once by openOms, used by the API, the CLI and features. */
export type SecurityServices = Readonly<{
  authenticate: Authenticator;
  apiKeys: ApiKeyRepository;
  trackingTokens: TrackingTokens;
  idempotency: IdempotencyStore;
  accessLog: AccessLog;
  vault: PiiVault;
  keyStore: KeyStore;
  config: SecurityConfig;
  /** Starts the periodic sweep of expired idempotency records and access-log entries. */
  startSweeps: (onError: (error: unknown) => void) => void;
  sweepOnce: () => Promise<Readonly<{ idempotency: number; accessLog: number }>>;
  close: () => Promise<void>;
}>;

/** Collections that hold security state, not read models: never scanned for PII, never part of read-model digests. */
export const SECURITY_COLLECTIONS: readonly string[] = [
  API_KEYS_COLLECTION, IDEMPOTENCY_COLLECTION, ACCESS_LOG_COLLECTION, SECURITY_STATE_COLLECTION,
  // The shared key store's collection (infrastructure/secrets/readStoreKeyRows.ts; a test keeps them equal).
  'security_keys',
];

export type SecurityServicesDeps = Readonly<{
  config: SecurityConfig;
  readStore: ReadStore;
  /** Order streams: the current tracking-token generation and revocation of each order. */
  eventStore: EventStore;
  keyStore: KeyStore;
  /** How long a pending Idempotency-Key blocks duplicates: a little longer than a request may take. */
  idempotencyLockMs: number;
  clock?: () => Date;
}>;

export function createSecurityServices(deps: SecurityServicesDeps): SecurityServices {
  const clock = deps.clock ?? (() => new Date());
  const apiKeys = createApiKeyRepository(deps.readStore, { clock });
  const trackingTokens = createTrackingTokens(() => deps.keyStore.secret(TRACKING_SECRET_NAME), createTrackingTokenStatus(deps.eventStore));
  const idempotency = createIdempotencyStore(deps.readStore, {
    ttlMs: deps.config.idempotencyTtlHours * 3600_000,
    lockMs: deps.idempotencyLockMs,
    waitMs: deps.idempotencyLockMs,
  });
  const accessLog = createAccessLog(deps.readStore, deps.config.accessLogRetentionDays);
  const vault = createPiiVault({
    keyStore: deps.keyStore,
    readStore: deps.readStore,
    skipCollections: SECURITY_COLLECTIONS,
    purgeCopies: [(customerId) => idempotency.purgeSubject(customerId)],
  });
  const authenticate = createAuthenticator({
    apiKeys,
    envKeys: parseEnvApiKeys(deps.config.apiKeys),
    trackingTokens,
    testDefaultRole: deps.config.testDefaultRole,
  });
  let timer: NodeJS.Timeout | undefined;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweepOnce = async () => ({ idempotency: await idempotency.sweep(), accessLog: await accessLog.sweep(clock().getTime()) });
  return {
    authenticate,
    apiKeys,
    trackingTokens,
    idempotency,
    accessLog,
    vault,
    keyStore: deps.keyStore,
    config: deps.config,
    sweepOnce,
    startSweeps: (onError) => {
      if (timer || deps.config.sweepIntervalMs === 0) return;
      timer = setInterval(() => {
        sweeping = sweepOnce().catch(onError);
      }, deps.config.sweepIntervalMs);
      timer.unref();
    },
    close: async () => {
      if (timer) clearInterval(timer);
      await sweeping;
      await deps.keyStore.close();
    },
  };
}
