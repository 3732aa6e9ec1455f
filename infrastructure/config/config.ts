import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { loadSecurityConfig, type SecurityConfig } from './securityConfig.js';

/**
 * Configuration comes from environment variables only (twelve-factor), read once at start-up.
 * With neither EVENTSTORE_URL nor MONGO_URL the OMS runs on its embedded default: one SQLite file
 * holding the event store and the read models under OMS_DATA_DIR.
 */
export type OmsConfig = Readonly<{
  port: number;
  host: string;
  dataDir: string;
  eventStoreUrl: string | undefined;
  mongoUrl: string | undefined;
  mongoDb: string;
  /** SQLite durability: FULL (fsync every commit, default) or NORMAL (faster, not power-loss safe). */
  sqliteSynchronous: 'FULL' | 'NORMAL';
  /**
   * Durability of the embedded read models' commits. Default NORMAL when they share the SQLite event
   * store's file (every later event-store commit fsyncs the shared WAL, and read models are rebuilt
   * from their checkpoints anyway — see api/bootstrap/openStores.ts), FULL otherwise.
   */
  readStoreSynchronous: 'FULL' | 'NORMAL';
  /** Reject read-store calls made inside a transaction's own callback at once (AsyncLocalStorage; costly). */
  readStoreCheckScope: boolean;
  logLevel: string;
  instanceId: string;
  /** Seed the demo network, catalog and stock on first start (embedded default only, unless forced). */
  seedDemo: boolean;
  requestTimeoutMs: number;
  bodyLimit: string;
  /** How often the reservation reaper releases expired holds (ms). */
  reaperIntervalMs: number;
  /** How often the server verifies the inventory read models against a rebuild (ms; 0 = never). */
  inventoryVerifyIntervalMs: number;
  /** SKUs the scheduled verification checks per run, rotating through all of them (0 = every SKU each run). */
  inventoryVerifySampleSkus: number;
  /**
   * The command handler's cache of aggregate states (application/aggregateCache.ts): at most this
   * many streams, and at most this many remembered command ids over all of them. A stream evicted
   * is read and folded again in full the next time a command reaches it.
   */
  commandCacheStreams: number;
  commandCacheCommandIds: number;
  /** Authentication, rate limits, key store, idempotency and access-log retention (securityConfig.ts). */
  security: SecurityConfig;
}>;

export class ConfigError extends Error {}

/** ~110 bytes of heap per remembered command id: the default cache holds ≈ 110 MB of them at most. */
export const DEFAULT_COMMAND_CACHE_STREAMS = 20_000;
export const DEFAULT_COMMAND_CACHE_COMMAND_IDS = 1_000_000;

const intVar = (env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) throw new ConfigError(`${name} must be an integer in [${min}, ${max}], got "${raw}"`);
  return value;
};

const boolVar = (env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean => {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (/^(1|true|yes|on)$/i.test(raw)) return true;
  if (/^(0|false|no|off)$/i.test(raw)) return false;
  throw new ConfigError(`${name} must be true or false, got "${raw}"`);
};

const synchronousVar = (env: NodeJS.ProcessEnv, name: string, fallback: 'FULL' | 'NORMAL'): 'FULL' | 'NORMAL' => {
  const value = (env[name] || fallback).toUpperCase();
  if (value !== 'FULL' && value !== 'NORMAL') throw new ConfigError(`${name} must be FULL or NORMAL, got "${env[name]}"`);
  return value;
};

/** Scheme check only, so a typo names the variable instead of surfacing as a driver's parse error. */
const urlVar = (env: NodeJS.ProcessEnv, name: string, scheme: RegExp, expected: string): string | undefined => {
  const raw = env[name] || undefined;
  // Only the scheme is echoed: the rest of a URL may hold credentials.
  if (raw !== undefined && !scheme.test(raw)) throw new ConfigError(`${name} must start with ${expected}, got "${raw.split(/[:/]/, 1)[0]!.slice(0, 20)}…"`);
  return raw;
};

export const loadConfig = (env: NodeJS.ProcessEnv = process.env): OmsConfig => {
  const synchronous = synchronousVar(env, 'OMS_SQLITE_SYNCHRONOUS', 'FULL');
  const eventStoreUrl = urlVar(env, 'EVENTSTORE_URL', /^esdb(\+discover)?:\/\/./, 'esdb:// or esdb+discover://');
  const mongoUrl = urlVar(env, 'MONGO_URL', /^mongodb(\+srv)?:\/\/./, 'mongodb:// or mongodb+srv://');
  return {
    port: intVar(env, 'PORT', 3000, 0, 65535),
    host: env.HOST || '0.0.0.0',
    dataDir: resolve(env.OMS_DATA_DIR || '.data'),
    eventStoreUrl,
    mongoUrl,
    mongoDb: env.MONGO_DB || 'oms',
    sqliteSynchronous: synchronous,
    readStoreSynchronous: synchronousVar(env, 'OMS_READ_STORE_SYNCHRONOUS', eventStoreUrl ? 'FULL' : 'NORMAL'),
    readStoreCheckScope: boolVar(env, 'OMS_READ_STORE_CHECK_SCOPE', false),
    logLevel: env.LOG_LEVEL || 'info',
    instanceId: env.OMS_INSTANCE_ID || `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    seedDemo: boolVar(env, 'OMS_SEED_DEMO', !eventStoreUrl && !mongoUrl),
    requestTimeoutMs: intVar(env, 'OMS_REQUEST_TIMEOUT_MS', 30_000, 100, 600_000),
    bodyLimit: env.OMS_BODY_LIMIT || '1mb',
    reaperIntervalMs: intVar(env, 'OMS_REAPER_INTERVAL_MS', 5_000, 50, 3_600_000),
    inventoryVerifyIntervalMs: intVar(env, 'OMS_INVENTORY_VERIFY_INTERVAL_MS', 600_000, 0, 86_400_000),
    inventoryVerifySampleSkus: intVar(env, 'OMS_INVENTORY_VERIFY_SAMPLE_SKUS', 200, 0, 1_000_000),
    commandCacheStreams: intVar(env, 'OMS_COMMAND_CACHE_STREAMS', DEFAULT_COMMAND_CACHE_STREAMS, 100, 10_000_000),
    commandCacheCommandIds: intVar(env, 'OMS_COMMAND_CACHE_COMMAND_IDS', DEFAULT_COMMAND_CACHE_COMMAND_IDS, 1_000, 100_000_000),
    security: loadSecurityConfig(env, mongoUrl),
  };
};
