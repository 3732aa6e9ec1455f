import { parseMasterKey } from '../secrets/envelope.js';
import { ConfigError } from './config.js';

/**
 * Security settings (environment variables, read once at start-up with the rest of the config).
 * See docs/security.md for what each one protects.
 */
export type SecurityConfig = Readonly<{
  /** `OMS_API_KEYS`: comma-separated `role:key` (or `store@node1+node2:key`) pairs for deployments. */
  apiKeys: string | undefined;
  /** `OMS_MASTER_KEY`: 32 bytes (base64 or hex) wrapping the key store; a generated file on the embedded default. */
  masterKey: string | undefined;
  /** Where wrapped keys live: `file` (keys.db under OMS_DATA_DIR) or `readstore` (shared; the default with MONGO_URL). */
  keyStore: 'file' | 'readstore';
  /** `OMS_AUTH_TEST_DEFAULT_ROLE`: tests only (refused unless NODE_ENV=test): requests without credentials act as this role. */
  testDefaultRole: string | undefined;
  /** Requests per minute and client IP / per credential (0 = no limit). */
  rateLimitPerIp: number;
  rateLimitPerKey: number;
  /** express `trust proxy` (`OMS_TRUST_PROXY`): hops or subnets whose X-Forwarded-For is believed, for per-IP limits. */
  trustProxy: string | undefined;
  /** How long an Idempotency-Key and its stored response are kept (hours). */
  idempotencyTtlHours: number;
  /** How long access-log records are kept (days). */
  accessLogRetentionDays: number;
  /** How often expired idempotency records and access-log entries are swept (ms; 0 = never). */
  sweepIntervalMs: number;
}>;

const intVar = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return value;
};

/** Shape check only (the full parse is application/security/apiKeys.ts): fail at start-up, before any store is opened. */
const API_KEY_ENTRY = /^\s*(admin|operator|agent|auditor|store@[A-Za-z0-9._:@~+-]+)\s*:\s*\S{32,}\s*$/;

const checkApiKeys = (raw: string | undefined): void => {
  if (raw === undefined) return;
  raw.split(',').forEach((entry, i) => {
    if (!API_KEY_ENTRY.test(entry)) {
      throw new ConfigError(`OMS_API_KEYS entry ${i + 1} must be <role>:<key of 32+ characters> (role admin, operator, agent, auditor or store@node1+node2)`);
    }
  });
};

export const TEST_DEFAULT_ROLE_VAR = 'OMS_AUTH_TEST_DEFAULT_ROLE';

export const loadSecurityConfig = (env: NodeJS.ProcessEnv, mongoUrl: string | undefined): SecurityConfig => {
  const testDefaultRole = env[TEST_DEFAULT_ROLE_VAR] || undefined;
  if (testDefaultRole !== undefined && env.NODE_ENV !== 'test') {
    // A switch that turns authentication off must never be reachable in a real deployment.
    throw new ConfigError(`${TEST_DEFAULT_ROLE_VAR} is only accepted when NODE_ENV=test; refusing to start`);
  }
  checkApiKeys(env.OMS_API_KEYS || undefined);
  // A malformed key fails here, not at the first secret a command happens to open.
  if (env.OMS_MASTER_KEY) {
    try {
      parseMasterKey(env.OMS_MASTER_KEY);
    } catch {
      throw new ConfigError('OMS_MASTER_KEY must be 32 bytes, given as 64 hex digits or base64');
    }
  }
  const keyStore = env.OMS_KEY_STORE || (mongoUrl ? 'readstore' : 'file');
  if (keyStore !== 'file' && keyStore !== 'readstore') throw new ConfigError(`OMS_KEY_STORE must be file or readstore, got "${keyStore}"`);
  return {
    apiKeys: env.OMS_API_KEYS || undefined,
    masterKey: env.OMS_MASTER_KEY || undefined,
    keyStore,
    testDefaultRole,
    rateLimitPerIp: intVar(env, 'OMS_RATE_LIMIT_PER_IP', 6000, 0, 10_000_000),
    rateLimitPerKey: intVar(env, 'OMS_RATE_LIMIT_PER_KEY', 6000, 0, 10_000_000),
    trustProxy: env.OMS_TRUST_PROXY || undefined,
    idempotencyTtlHours: intVar(env, 'OMS_IDEMPOTENCY_TTL_HOURS', 24, 1, 24 * 30),
    accessLogRetentionDays: intVar(env, 'OMS_ACCESS_LOG_RETENTION_DAYS', 400, 1, 3650),
    sweepIntervalMs: intVar(env, 'OMS_SECURITY_SWEEP_INTERVAL_MS', 600_000, 0, 86_400_000),
  };
};
