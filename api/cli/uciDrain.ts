import type { EventFilter, EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { orderFulfilmentProcess } from '../../application/processes/orderFulfilment.js';
import { returnsProcess } from '../../application/returns/returnProcess.js';
import type { Oms } from '../bootstrap/openOms.js';
import { returnDepsOf } from '../bootstrap/returnServices.js';

/**
 * "Has this subscriber handled everything it will ever see so far?" — asked of the log itself:
 * no event matching the subscriber's filter lies after its checkpoint. Waiting for the log head
 * instead (`waitUntilCaughtUp`) never returns when the newest events are ones the subscriber
 * filters out: a live filtered subscription reports progress over filtered-out events only every
 * scan window (10,000 positions), so its position stays behind the head while it is idle.
 */
export const waitDrained = async (
  eventStore: EventStore,
  position: () => string | undefined,
  filter: EventFilter,
  what: string,
  timeoutMs = 120_000,
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 0; ; pause = Math.min(5, pause + 1)) {
    const at = position();
    // At the head there is nothing to look for; otherwise ask the log (cheap: a few rows past the checkpoint).
    if (at !== undefined && BigInt(at) >= (await eventStore.headPosition())) return;
    if (at !== undefined) {
      let pending = false;
      for await (const _ of eventStore.readAll({ after: BigInt(at), filter, maxCount: 1 })) pending = true;
      if (!pending) return;
    }
    if (Date.now() > deadline) throw new Error(`${what} did not handle the events after position ${at ?? 'none'} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
};

/** The order fulfilment and returns process managers have reacted to everything appended so far. */
export const processesDrained = async (oms: Oms): Promise<void> => {
  const processes = oms.processes;
  if (processes) {
    const filter = orderFulfilmentProcess(processes.context).filter;
    await waitDrained(oms.eventStore, () => processes.runner.status().position, filter, 'the order fulfilment process');
  }
  const returns = oms.returnProcesses?.runner;
  if (returns) await waitDrained(oms.eventStore, () => returns.status().position, returnsFilter(oms), 'the returns process');
};

const filters = new WeakMap<Oms, EventFilter>();
const returnsFilter = (oms: Oms): EventFilter => {
  let filter = filters.get(oms);
  if (!filter) filters.set(oms, (filter = returnsProcess(returnDepsOf(oms), oms.clock).filter));
  return filter;
};

/** The named projections have applied everything appended so far (all of them when no name is given). */
export const projectionsDrained = async (oms: Oms, names?: readonly string[]): Promise<void> => {
  for (const status of oms.projections.statuses()) {
    const name = status.processor.replace(/_v\d+$/, '');
    if (names && !names.includes(name)) continue;
    const runner = oms.projections.runner(name);
    if (!runner) continue;
    await waitDrained(oms.eventStore, () => runner.status().position, runner.projection.filter, `projection ${status.processor}`, 600_000);
  }
};
