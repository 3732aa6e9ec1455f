import { performance } from 'node:perf_hooks';
import type { CommandSystem } from './commandSystem.js';
import type { Workload } from './workloadCommands.js';

export type DriveResult = Readonly<{
  commands: number;
  events: number;
  failures: number;
  /** First few distinct failure messages with their counts. */
  errors: Readonly<Record<string, number>>;
  elapsedMs: number;
  /** Process CPU time (user + system) spent during the run, all threads (SQLite work included). */
  cpuMs: number;
  /** Latency of every successful command, ms, from the call to its resolution (queueing included). */
  latenciesMs: number[];
}>;

const describe = (error: unknown): string => {
  const e = error as { code?: unknown; message?: unknown };
  const text = typeof e?.message === 'string' ? e.message : String(error);
  return `${typeof e?.code === 'string' ? `${e.code}: ` : ''}${text}`.slice(0, 160);
};

/** Untimed: receive the stock every reservation will draw on, `concurrency` commands at a time. */
export const receiveStock = async (system: CommandSystem, workload: Workload, concurrency: number): Promise<void> => {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < workload.stock.length) {
        const { stream, command } = workload.stock[next++]!;
        await system.inventory(stream, command);
      }
    }),
  );
};

/**
 * `concurrency` orders in flight at any time: each order runs its 3 reservations concurrently,
 * then places the order (when the variant has a placement). A failed command is counted (never retried) and the order goes on.
 */
export const driveOrders = async (system: CommandSystem, workload: Workload, concurrency: number): Promise<DriveResult> => {
  const latenciesMs: number[] = [];
  const errors: Record<string, number> = {};
  let events = 0;
  let failures = 0;
  const timed = async (work: () => Promise<number>) => {
    const start = performance.now();
    try {
      // Not `events += await work()`: that reads `events` before awaiting and loses concurrent updates.
      const appended = await work();
      events += appended;
      latenciesMs.push(performance.now() - start);
    } catch (error) {
      failures++;
      const key = describe(error);
      if (errors[key] !== undefined || Object.keys(errors).length < 5) errors[key] = (errors[key] ?? 0) + 1;
    }
  };
  let next = 0;
  const cpu = process.cpuUsage();
  const start = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < workload.orders.length) {
        const order = workload.orders[next++]!;
        await Promise.all(order.reservations.map(({ stream, command }) => timed(() => system.inventory(stream, command))));
        const placement = order.placement;
        if (placement) await timed(() => system.order(placement.stream, placement.command));
      }
    }),
  );
  const elapsedMs = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { commands: latenciesMs.length, events, failures, errors, elapsedMs, cpuMs: (used.user + used.system) / 1000, latenciesMs };
};
