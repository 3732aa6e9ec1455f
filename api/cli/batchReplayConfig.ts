import type { OmsConfig } from '../../infrastructure/config/config.js';

/**
 * The configuration an import (a batch replay of a data set through the command path) opens the
 * OMS with: as configured, minus the scheduled inventory drift check. That check rebuilds
 * inventory read models on the main thread; during a replay it only competes with the replay
 * (on the 1.9M-event UCI store one run stalled the import for minutes). Run
 * `oms verify inventory` after the import instead.
 */
export const batchReplayConfig = (config: OmsConfig): OmsConfig => ({ ...config, inventoryVerifyIntervalMs: 0 });
