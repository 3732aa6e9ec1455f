import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Express } from 'express';
import pino from 'pino';
import { openOms, type Oms, type OpenOmsOptions } from '../../api/bootstrap/openOms.js';
import { createOmsApp } from '../../api/server.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';

export type TestOms = Readonly<{ oms: Oms; app: Express; dataDir: string; close: () => Promise<void> }>;

/**
 * A whole OMS on a fresh embedded store in a temp directory (the same code path `npm start`
 * uses), for API and end-to-end tests. Logs are silent unless OMS_TEST_LOG is set.
 */
export const startTestOms = async (env: NodeJS.ProcessEnv = {}, options: OpenOmsOptions = {}): Promise<TestOms> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'oms-test-'));
  const config: OmsConfig = loadConfig({ OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', ...env });
  const logger = pino({ level: process.env.OMS_TEST_LOG ?? 'silent' });
  const oms = await openOms(config, { logger, ...options });
  const app = createOmsApp(oms);
  return {
    oms,
    app,
    dataDir,
    close: async () => {
      await oms.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
};
