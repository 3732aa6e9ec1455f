import { expect } from 'chai';
import { startPromiseModel } from '../../../api/bootstrap/promiseModel.js';
import { orderRuntime } from '../../../application/orders/orderRuntime.js';
import { learnedPromiseConfigFrom } from '../../../application/promise/learnedPromiser.js';
import { createLearnedPromiseService } from '../../../application/promise/learnedPromiseService.js';
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

  it('OMS_PROMISE_TARGET_ON_TIME sets the learned model’s calibration target; a bad value is refused before anything starts', async () => {
    expect(learnedPromiseConfigFrom({})).to.deep.equal({});
    const config = learnedPromiseConfigFrom({ OMS_PROMISE_TARGET_ON_TIME: '0.96' });
    const service = createLearnedPromiseService(t.oms.eventStore, { config });
    expect(service.state().config.calibration.targetOnTimeRate).to.equal(0.96);
    // The starting quantile follows the target (1 − α with α = 1 − target).
    expect(service.state().calibration.alpha).to.be.closeTo(0.04, 1e-9);
    for (const bad of ['96', '1', '0.3', 'abc', '0.9.5', '-0.9']) {
      expect(() => learnedPromiseConfigFrom({ OMS_PROMISE_TARGET_ON_TIME: bad }), bad).to.throw(/OMS_PROMISE_TARGET_ON_TIME must be a fraction between 0.5 and 0.99/);
    }
    const before = orderRuntime(t.oms).settings.learnedPromise;
    expect(() => startPromiseModel(t.oms, { OMS_PROMISE_MODEL: 'learned', OMS_PROMISE_TARGET_ON_TIME: '2' })).to.throw(/OMS_PROMISE_TARGET_ON_TIME/);
    expect(orderRuntime(t.oms).settings.learnedPromise).to.equal(before);
  });
});
