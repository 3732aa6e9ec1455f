import { expect } from 'chai';
import { batchReplayConfig } from '../../../api/cli/batchReplayConfig.js';
import { loadConfig } from '../../../infrastructure/config/config.js';

describe('api/cli/batchReplayConfig', () => {
  it('turns the scheduled inventory drift check off for an import and keeps every other setting', () => {
    const config = loadConfig({ OMS_DATA_DIR: '/tmp/x', OMS_INVENTORY_VERIFY_INTERVAL_MS: '600000', OMS_SQLITE_SYNCHRONOUS: 'NORMAL' });
    expect(config.inventoryVerifyIntervalMs).to.equal(600_000);
    const replay = batchReplayConfig(config);
    expect(replay.inventoryVerifyIntervalMs).to.equal(0);
    expect({ ...replay, inventoryVerifyIntervalMs: config.inventoryVerifyIntervalMs }).to.deep.equal(config);
  });
});
