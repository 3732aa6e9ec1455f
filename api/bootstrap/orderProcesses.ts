import { createOptimizingSourcer } from '../../application/processes/optimizingSourcer.js';
import { createEnginePromiser } from '../../application/processes/promiser.js';
import { createOrderProcesses, type OrderProcesses, type OrderProcessesDeps } from '../../application/processes/orderProcesses.js';
import type { PaymentGateway } from '../../application/processes/paymentGateway.js';
import type { Sourcer } from '../../application/processes/sourcer.js';
import { createSimulatedGateway } from '../../infrastructure/payments/simulatedGateway.js';
import { collectionSimulatorStore } from '../../infrastructure/payments/simulatorStore.js';
import type { OmsContext } from './omsContext.js';

/** Overrides for the order processes (tests shorten every deadline; deployments plug a real PSP). */
export type OrderProcessOptions = Partial<Pick<OrderProcessesDeps, 'settings' | 'timerPollMs' | 'batchSize' | 'retry' | 'leaseTtlMs'>> &
  Readonly<{ gateway?: PaymentGateway; sourcer?: Sourcer; /** Simulated gateway: how long `slow-` payments stay pending. */ pendingPaymentMs?: number; disabled?: boolean }>;

/** The embedded payment simulator keeps its books in the read store, so they survive restarts like a PSP's. */
export const SIMULATED_GATEWAY_COLLECTION = 'payment_simulator';

export const startOrderProcesses = async (oms: OmsContext, options: OrderProcessOptions = {}): Promise<OrderProcesses | undefined> => {
  if (options.disabled) return undefined;
  const processes = createOrderProcesses({
    eventStore: oms.eventStore,
    readStore: oms.readStore,
    commands: oms.commands,
    clock: oms.clock,
    instanceId: oms.config.instanceId,
    useLeases: !oms.stores.singleProcess,
    gateway: options.gateway ?? createSimulatedGateway({
      store: collectionSimulatorStore(oms.readStore.collection(SIMULATED_GATEWAY_COLLECTION)),
      clock: oms.clock,
      ...(options.pendingPaymentMs !== undefined ? { pendingMs: options.pendingPaymentMs } : {}),
    }),
    sourcer: options.sourcer ?? createOptimizingSourcer(oms),
    promiser: createEnginePromiser(oms),
    ...(options.settings ? { settings: options.settings } : {}),
    ...(options.timerPollMs ? { timerPollMs: options.timerPollMs } : {}),
    ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    ...(options.retry ? { retry: options.retry } : {}),
    ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
    onError: (source, error) => oms.logger.warn({ source, err: error }, 'order process error'),
  });
  await processes.start();
  return processes;
};
