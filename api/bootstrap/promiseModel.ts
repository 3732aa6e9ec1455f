import { configureOrders, orderRuntime } from '../../application/orders/orderRuntime.js';
import { learnedPromiseConfigFrom, promiseModelFrom } from '../../application/promise/learnedPromiser.js';
import { createLearnedPromiseService } from '../../application/promise/learnedPromiseService.js';
import type { OmsContext } from './omsContext.js';

/**
 * OMS_PROMISE_MODEL=learned: checkout dates deliveries with the learned promise, fed live from
 * the order events (rebuilt from the log at start). Default `static`: the engine's transit table
 * (what the demo network and its tests expect). OMS_PROMISE_TARGET_ON_TIME sets the learned
 * model's target share of kept promises.
 */
export const startPromiseModel = (oms: OmsContext, env: NodeJS.ProcessEnv = process.env): { stop: () => Promise<void> } => {
  if (promiseModelFrom(env.OMS_PROMISE_MODEL, 'static') !== 'learned') return { stop: async () => undefined };
  const service = createLearnedPromiseService(oms.eventStore, { config: learnedPromiseConfigFrom(env) });
  service.start();
  configureOrders(oms, { ...orderRuntime(oms).settings, learnedPromise: service.promiser });
  oms.logger.info('promise model: learned');
  return { stop: service.stop };
};
