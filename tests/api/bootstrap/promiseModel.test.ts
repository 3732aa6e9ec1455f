import { expect } from 'chai';
import { startPromiseModel } from '../../../api/bootstrap/promiseModel.js';
import { orderRuntime } from '../../../application/orders/orderRuntime.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';

describe('OMS_PROMISE_MODEL selects checkout’s promise model', function () {
  this.timeout(20_000);
  let t: TestOms;
  before(async () => {
    t = await startTestOms({ OMS_REAPER_INTERVAL_MS: '3600000', OMS_INVENTORY_VERIFY_INTERVAL_MS: '0' }, { processes: { disabled: true } });
  });
  after(() => t.close());

  it('defaults to the static model: no learned promiser configured', async () => {
    const model = startPromiseModel(t.oms, {});
    expect(orderRuntime(t.oms).settings.learnedPromise).to.equal(undefined);
    await model.stop();
  });

  it('learned: checkout quotes through the learned promiser (fed from the log)', async () => {
    const model = startPromiseModel(t.oms, { OMS_PROMISE_MODEL: 'learned' });
    try {
      const learned = orderRuntime(t.oms).settings.learnedPromise;
      expect(learned).to.not.equal(undefined);
      // An empty ledger teaches nothing: it declines, and the engine's date stands.
      expect(learned!.quoteDelivery({ now: '2026-03-02T09:00:00.000Z', service: 'standard', destination: { lat: 48.85, lng: 2.35, country: 'FR' }, nodeIds: ['dc-paris'] })).to.equal(null);
    } finally {
      await model.stop();
    }
  });

  it('refuses an unknown model name', () => {
    expect(() => startPromiseModel(t.oms, { OMS_PROMISE_MODEL: 'magic' })).to.throw(/OMS_PROMISE_MODEL must be one of static, learned/);
  });
});
