import { expect } from 'chai';
import { batchReplayConfig, IMPORT_COMMAND_CACHE_COMMAND_IDS, IMPORT_COMMAND_CACHE_STREAMS } from '../../../api/cli/batchReplayConfig.js';
import { DEFAULT_COMMAND_CACHE_COMMAND_IDS, DEFAULT_COMMAND_CACHE_STREAMS, loadConfig } from '../../../infrastructure/config/config.js';

describe('api/cli/batchReplayConfig', () => {
  it('turns the scheduled inventory drift check off for an import and keeps every other setting', () => {
    const config = loadConfig({ OMS_DATA_DIR: '/tmp/x', OMS_INVENTORY_VERIFY_INTERVAL_MS: '600000', OMS_SQLITE_SYNCHRONOUS: 'NORMAL' });
    expect(config.inventoryVerifyIntervalMs).to.equal(600_000);
    const replay = batchReplayConfig(config);
    expect(replay.inventoryVerifyIntervalMs).to.equal(0);
    expect({
      ...replay,
      inventoryVerifyIntervalMs: config.inventoryVerifyIntervalMs,
      commandCacheStreams: config.commandCacheStreams,
      commandCacheCommandIds: config.commandCacheCommandIds,
    }).to.deep.equal(config);
  });

  it('gives an import a command cache of at least 100,000 streams and 4 M command ids, or what is configured when larger', () => {
    const defaults = loadConfig({ OMS_DATA_DIR: '/tmp/x' });
    expect([defaults.commandCacheStreams, defaults.commandCacheCommandIds]).to.deep.equal([DEFAULT_COMMAND_CACHE_STREAMS, DEFAULT_COMMAND_CACHE_COMMAND_IDS]);
    const replay = batchReplayConfig(defaults);
    expect([replay.commandCacheStreams, replay.commandCacheCommandIds]).to.deep.equal([IMPORT_COMMAND_CACHE_STREAMS, IMPORT_COMMAND_CACHE_COMMAND_IDS]);
    const larger = loadConfig({ OMS_DATA_DIR: '/tmp/x', OMS_COMMAND_CACHE_STREAMS: '250000', OMS_COMMAND_CACHE_COMMAND_IDS: '9000000' });
    expect([batchReplayConfig(larger).commandCacheStreams, batchReplayConfig(larger).commandCacheCommandIds]).to.deep.equal([250_000, 9_000_000]);
  });

  it('refuses a command cache budget out of range', () => {
    expect(() => loadConfig({ OMS_DATA_DIR: '/tmp/x', OMS_COMMAND_CACHE_STREAMS: '10' })).to.throw(/OMS_COMMAND_CACHE_STREAMS/);
    expect(() => loadConfig({ OMS_DATA_DIR: '/tmp/x', OMS_COMMAND_CACHE_COMMAND_IDS: 'lots' })).to.throw(/OMS_COMMAND_CACHE_COMMAND_IDS/);
  });
});
