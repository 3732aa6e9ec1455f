import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { openOms, type Oms, type OpenOmsOptions } from '../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../api/server.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { readAdminKeyFile } from '../../infrastructure/secrets/adminKeyFile.js';

export type TestOms = Readonly<{
  oms: Oms;
  app: Express;
  dataDir: string;
  /** The installation's bootstrap admin key (`Authorization: Bearer <adminKey>`). */
  adminKey: string;
  close: () => Promise<void>;
}>;

/**
 * Test defaults: NODE_ENV=test with OMS_AUTH_TEST_DEFAULT_ROLE=admin, so requests without
 * credentials act as an admin (existing API tests keep working; `X-Actor: kind:id` sets the
 * actor they record). Pass `{ OMS_AUTH_TEST_DEFAULT_ROLE: '' }` to test real authentication;
 * `adminKey` and tests/support/authedRequest.ts give authenticated requests. Rate limits are off
 * unless a test sets OMS_RATE_LIMIT_PER_IP / OMS_RATE_LIMIT_PER_KEY.
 */
export const TEST_ENV: NodeJS.ProcessEnv = {
  NODE_ENV: 'test',
  OMS_AUTH_TEST_DEFAULT_ROLE: 'admin',
  // Catch read-store calls made inside their own transaction at once (production leaves it off: it costs CPU).
  OMS_READ_STORE_CHECK_SCOPE: 'true',
  OMS_RATE_LIMIT_PER_IP: '0',
  OMS_RATE_LIMIT_PER_KEY: '0',
};

/**
 * A whole OMS on a fresh embedded store in a temp directory (the same code path `npm start`
 * uses), for API and end-to-end tests. Logs are silent unless OMS_TEST_LOG is set.
 */
export const startTestOms = async (env: NodeJS.ProcessEnv = {}, options: OpenOmsOptions = {}): Promise<TestOms> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-test-'));
  const config: OmsConfig = loadConfig({ OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', ...TEST_ENV, ...env });
  const logger = pino({ level: process.env.OMS_TEST_LOG ?? 'silent' });
  const oms = await openOms(config, { logger, ...options });
  const app = createOmsApp(oms);
  return {
    oms,
    app,
    dataDir,
    adminKey: readAdminKeyFile(dataDir) ?? '',
    close: async () => {
      await oms.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
