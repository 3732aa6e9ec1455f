import type { TestOms } from '../../../support/testOms.js';

/**
 * Waits until every running projection has applied the last event it subscribes to (the host's
 * `waitUntilCaughtUp` waits for the log's head, which a filtered projection reports only now and
 * then once the tail of the log is filtered out for it).
 */
export const settleProjections = async (t: TestOms, timeoutMs = 15_000): Promise<void> => {
  for (const status of t.oms.projections.statuses()) {
    const runner = t.oms.projections.runner(status.processor.replace(/_v\d+$/, ''));
    if (!runner) continue;
    for await (const last of t.oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: runner.projection.filter })) {
      await runner.waitFor(last.position, timeoutMs);
    }
  }
};
