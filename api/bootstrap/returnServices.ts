import type { PaymentGateway } from '../../application/processes/paymentGateway.js';
import { createProcessHost } from '../../application/processes/processHost.js';
import { createProcessRunner, type ProcessRunner } from '../../application/processes/processRunner.js';
import type { ReturnDeps } from '../../application/returns/returnDeps.js';
import { returnsProcess } from '../../application/returns/returnProcess.js';
import { createSimulatedGateway } from '../../infrastructure/payments/simulatedGateway.js';
import { collectionSimulatorStore } from '../../infrastructure/payments/simulatorStore.js';
import type { OmsContext } from './omsContext.js';
import { SIMULATED_GATEWAY_COLLECTION } from './orderProcesses.js';
import { placementDepsOf } from './placementDeps.js';

/**
 * The payment gateway of an OMS, shared by the order processes and the returns feature (one
 * simulator per OMS, so its serialised books are never written by two instances of it). A real
 * PSP adapter is registered with `usePaymentGateway` before the OMS opens its processes.
 */
const gateways = new WeakMap<object, PaymentGateway>();

export const usePaymentGateway = (oms: Pick<OmsContext, 'readStore'>, gateway: PaymentGateway): void => void gateways.set(oms.readStore, gateway);

export const paymentGatewayOf = (oms: Pick<OmsContext, 'readStore' | 'clock'>, pendingMs?: number): PaymentGateway => {
  let gateway = gateways.get(oms.readStore);
  if (!gateway) {
    gateway = createSimulatedGateway({
      store: collectionSimulatorStore(oms.readStore.collection(SIMULATED_GATEWAY_COLLECTION)), clock: oms.clock, ...(pendingMs !== undefined ? { pendingMs } : {}),
    });
    gateways.set(oms.readStore, gateway);
  }
  return gateway;
};

/** What the returns use cases need, from the OMS context (API routes, CLI, importers). */
export const returnDepsOf = (oms: OmsContext): ReturnDeps => ({ ...placementDepsOf(oms), gateway: paymentGatewayOf(oms) });

export type ReturnProcesses = Readonly<{ runner: ProcessRunner; stop: () => Promise<void>; waitUntilIdle: (timeoutMs?: number) => Promise<void> }>;

/** Starts the returns process manager (under a lease when several instances share the stores). */
export const startReturnProcesses = async (oms: OmsContext, options: Readonly<{ disabled?: boolean; leaseTtlMs?: number }> = {}): Promise<ReturnProcesses | undefined> => {
  if (options.disabled) return undefined;
  const runner = createProcessRunner(oms.eventStore, oms.readStore, returnsProcess(returnDepsOf(oms), oms.clock), {
    clock: oms.clock,
    onError: (processor, error) => oms.logger.warn({ processor, err: error }, 'returns process error'),
  });
  const host = createProcessHost(oms.readStore, [{ name: runner.processor, start: runner.start, stop: runner.stop }], {
    instanceId: oms.config.instanceId, useLeases: !oms.stores.singleProcess, ...(options.leaseTtlMs ? { leaseTtlMs: options.leaseTtlMs } : {}),
  });
  host.start();
  return {
    runner,
    stop: host.stop,
    waitUntilIdle: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const head = await oms.eventStore.headPosition();
        await runner.waitUntilCaughtUp(Math.max(1, deadline - Date.now()));
        if ((await oms.eventStore.headPosition()) === head) return;
      }
    },
  };
};
