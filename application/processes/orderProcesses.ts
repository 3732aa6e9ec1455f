import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import type { CommandHandler } from '../commandHandler.js';
import { setupBackorders } from './backorders.js';
import { DEFAULT_FULFILMENT_SETTINGS, fulfilmentContext, type FulfilmentContext, type FulfilmentSettings } from './fulfilmentContext.js';
import { FULFILMENT_PROCESS } from './fulfilmentLedger.js';
import { fulfilmentTimerHandler } from './fulfilmentTimers.js';
import { orderFulfilmentProcess } from './orderFulfilment.js';
import type { PaymentGateway } from './paymentGateway.js';
import { createProcessHost } from './processHost.js';
import { createProcessRunner, type ProcessRetry, type ProcessRunner, type ProcessStatus } from './processRunner.js';
import type { Promiser } from './promiser.js';
import type { Sourcer } from './sourcer.js';
import { createTimerPoller, createTimers, type TimerPoller, type TimerPollerStatus, type Timers } from './timers.js';

export type OrderProcessesDeps = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  commands: CommandHandler;
  gateway: PaymentGateway;
  sourcer: Sourcer;
  /** Re-quotes promises (rejections, missed hand-overs); without one, no revision is recorded. */
  promiser?: Promiser;
  clock: () => Date;
  instanceId: string;
  /** False in single-process (embedded) mode: everything runs here, no lease. */
  useLeases: boolean;
  leaseTtlMs?: number;
  settings?: Partial<FulfilmentSettings>;
  /** How often due timers are looked for (ms). */
  timerPollMs?: number;
  batchSize?: number;
  retry?: ProcessRetry;
  onError?: (source: string, error: unknown) => void;
}>;

export type OrderProcessesStatus = Readonly<{
  processes: readonly (ProcessStatus & { active: boolean })[];
  timers: TimerPollerStatus & { active: boolean };
}>;

export type OrderProcesses = Readonly<{
  context: FulfilmentContext;
  runner: ProcessRunner;
  timers: Timers;
  poller: TimerPoller;
  start: () => Promise<void>;
  stop: () => Promise<void>;
  status: () => OrderProcessesStatus;
  /** Resolves once the processes have handled everything in the log, including what they appended themselves. */
  waitUntilIdle: (timeoutMs?: number) => Promise<void>;
}>;

const TIMERS_WORKER = 'process:timers';

/** /health view: degraded while a process retries a transient failure, with the counts an operator needs. */
export const processesHealth = (status: OrderProcessesStatus): { status: 'ok' | 'degraded'; detail?: string; [k: string]: unknown } => {
  const retrying = status.processes.filter((p) => p.retrying).map((p) => p.processor);
  return {
    status: retrying.length === 0 ? 'ok' : 'degraded',
    ...(retrying.length > 0 ? { detail: `retrying: ${retrying.join(', ')}` } : {}),
    processes: status.processes.map((p) => ({ processor: p.processor, active: p.active, position: p.position, caughtUp: p.caughtUp, poisonEvents: p.poisonEvents, lastError: p.lastError })),
    timers: { active: status.timers.active, fired: status.timers.fired, failed: status.timers.failed, lastRunAt: status.timers.lastRunAt },
  };
};

/** The order processes of one OMS instance: the fulfilment process manager and its timer poller. */
export const createOrderProcesses = (deps: OrderProcessesDeps): OrderProcesses => {
  const timers = createTimers(deps.readStore);
  const context = fulfilmentContext({
    eventStore: deps.eventStore,
    readStore: deps.readStore,
    commands: deps.commands,
    gateway: deps.gateway,
    timers,
    sourcer: deps.sourcer,
    ...(deps.promiser ? { promiser: deps.promiser } : {}),
    clock: deps.clock,
    settings: { ...DEFAULT_FULFILMENT_SETTINGS, ...deps.settings },
  });
  const runner = createProcessRunner(deps.eventStore, deps.readStore, orderFulfilmentProcess(context), {
    clock: deps.clock,
    ...(deps.batchSize ? { batchSize: deps.batchSize } : {}),
    ...(deps.retry ? { retry: deps.retry } : {}),
    onError: (processor, error) => deps.onError?.(processor, error),
  });
  const poller = createTimerPoller(timers, { [FULFILMENT_PROCESS]: fulfilmentTimerHandler(context) }, {
    intervalMs: deps.timerPollMs ?? 1_000,
    clock: deps.clock,
    onError: (_timer, error) => deps.onError?.(TIMERS_WORKER, error),
  });
  const host = createProcessHost(
    deps.readStore,
    [
      { name: runner.processor, start: runner.start, stop: runner.stop },
      { name: TIMERS_WORKER, start: poller.start, stop: poller.stop },
    ],
    { instanceId: deps.instanceId, useLeases: deps.useLeases, ...(deps.leaseTtlMs ? { leaseTtlMs: deps.leaseTtlMs } : {}), onError: deps.onError },
  );
  return {
    context,
    runner,
    timers,
    poller,
    start: async () => {
      await timers.setup();
      await setupBackorders(deps.readStore);
      host.start();
    },
    stop: host.stop,
    status: () => ({
      processes: [{ ...runner.status(), active: host.active(runner.processor) }],
      timers: { ...poller.status(), active: host.active(TIMERS_WORKER) },
    }),
    waitUntilIdle: async (timeoutMs = 10_000) => {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const head = await deps.eventStore.headPosition();
        await runner.waitUntilCaughtUp(Math.max(1, deadline - Date.now()));
        if ((await deps.eventStore.headPosition()) === head) return;
      }
    },
  };
};
