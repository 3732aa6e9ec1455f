import type { EventFilter, EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { orderFulfilmentProcess } from '../../application/processes/orderFulfilment.js';
import { returnsProcess } from '../../application/returns/returnProcess.js';
import type { Oms } from '../bootstrap/openOms.js';
import { returnDepsOf } from '../bootstrap/returnServices.js';
import { ImportDrainTimeoutError } from '../../application/import/uci/importInterrupted.js';

/**
 * What an earlier check learned: no event matching the subscriber's filter lies in (from, to].
 * The log is append-only and gap-free, so that stays true; the next check only scans past `to`.
 */
export type DrainMemo = { from: bigint; to: bigint };

/**
 * "Has this subscriber handled everything it will ever see so far?" — asked of the log itself:
 * no event matching the subscriber's filter lies after its checkpoint. Waiting for the log head
 * instead (`waitUntilCaughtUp`) never returns when the newest events are ones the subscriber
 * filters out: a live filtered subscription reports progress over filtered-out events only every
 * scan window (10,000 positions), so its position stays behind the head while it is idle.
 * With a memo, positions an earlier check found clear are not scanned again: an import checks
 * after every step, and re-reading the thousands of filtered-out events between the checkpoint
 * and the head each time cost more than the work being waited for.
 */
export const waitDrained = async (
  eventStore: EventStore,
  position: () => string | undefined,
  filter: EventFilter,
  what: string,
  timeoutMs = 120_000,
  memo: DrainMemo = { from: 0n, to: 0n },
): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  for (let pause = 0; ; pause = Math.min(5, pause + 1)) {
    const raw = position();
    if (raw !== undefined) {
      const at = BigInt(raw);
      // Read before the scan: every event up to this head is visible to it, so (at, head] is covered.
      const head = await eventStore.headPosition();
      // At the head there is nothing to look for.
      if (at >= head) return;
      // Skip what is known clear: (at, memo.to] lies inside (memo.from, memo.to] when the checkpoint has not gone back.
      const start = memo.from <= at && at < memo.to ? memo.to : at;
      let pending: bigint | undefined;
      if (start < head) for await (const e of eventStore.readAll({ after: start, filter, maxCount: 1 })) pending = e.position;
      memo.from = at;
      if (pending === undefined) {
        memo.to = start > head ? start : head;
        return;
      }
      // The first match is still to be handled; everything before it (up to the head read) is clear.
      memo.to = pending - 1n < head ? pending - 1n : head;
    }
    if (Date.now() > deadline) throw new ImportDrainTimeoutError(`${what} did not handle the events after position ${raw ?? 'none'} within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, pause));
  }
};

/** One memo per subscriber (keyed by its runner), so each check scans only what was appended since the last. */
const memos = new WeakMap<object, DrainMemo>();
const memoOf = (runner: object): DrainMemo => {
  let memo = memos.get(runner);
  if (!memo) memos.set(runner, (memo = { from: 0n, to: 0n }));
  return memo;
};

/** The order fulfilment and returns process managers have reacted to everything appended so far. */
export const processesDrained = async (oms: Oms): Promise<void> => {
  const processes = oms.processes;
  if (processes) {
    const runner = processes.runner;
    const filter = fulfilmentFilter(oms);
    await waitDrained(oms.eventStore, () => runner.status().position, filter, 'the order fulfilment process', 120_000, memoOf(runner));
  }
  const returns = oms.returnProcesses?.runner;
  if (returns) await waitDrained(oms.eventStore, () => returns.status().position, returnsFilter(oms), 'the returns process', 120_000, memoOf(returns));
};

const fulfilmentFilters = new WeakMap<Oms, EventFilter>();
const fulfilmentFilter = (oms: Oms): EventFilter => {
  let filter = fulfilmentFilters.get(oms);
  if (!filter) fulfilmentFilters.set(oms, (filter = orderFulfilmentProcess(oms.processes!.context).filter));
  return filter;
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
    await waitDrained(oms.eventStore, () => runner.status().position, runner.projection.filter, `projection ${status.processor}`, 600_000, memoOf(runner));
  }
};
