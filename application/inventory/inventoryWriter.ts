import { type InventoryCommand, type InventoryEvent, type InventoryState } from '../../domain/inventory/index.js';
import type { CommandHandler, CommandResult } from '../commandHandler.js';
import { appendLines } from './appendLines.js';
import type { CommandDeps } from './useCaseContext.js';

/** Commands decided together per append; bounds the append size and a waiter's queueing. */
const MAX_PER_APPEND = 256;

type Job = Readonly<{ command: InventoryCommand; resolve: (r: CommandResult<InventoryState, InventoryEvent>) => void; reject: (e: unknown) => void }>;

export type InventoryWriter = Readonly<{
  /** Decides and appends one command on an inventory stream; resolves like `commands.handle`. */
  handle: (stream: string, command: InventoryCommand) => Promise<CommandResult<InventoryState, InventoryEvent>>;
}>;

/**
 * The single in-process writer of inventory streams, with group commit at the aggregate level:
 * commands arriving for a stream while its previous append is in flight are decided together,
 * in arrival order, each on the state left by the ones before it, and appended as one append with
 * one expected revision. A hot SKU then costs one durable append per *batch* of reservations
 * instead of one per reservation, and the expected revision still makes every decision safe
 * across instances. Each command keeps its own id and event ids (retries replay per command);
 * a refused command fails alone.
 *
 * A refusal or no-op is only final when taken on the current state: if nothing was appended and
 * the stream has moved on since the cached state (another instance wrote), the batch is decided
 * again on a fresh read.
 */
const createInventoryWriter = (deps: CommandDeps): InventoryWriter => {
  const queues = new Map<string, Job[]>();

  const settle = async (stream: string, jobs: readonly Job[], retried = false): Promise<void> => {
    const lines = jobs.map((job, index) => ({ index, command: job.command }));
    const { outcomes, position, basedOn } = await appendLines(deps, stream, lines);
    const undecided = position === undefined && outcomes.some((o) => o.outcome === 'failed' || o.outcome === 'unchanged');
    if (undecided && !retried && (await deps.eventStore.streamRevision(stream)) !== basedOn) {
      deps.commands.cache.delete(stream);
      return settle(stream, jobs, true);
    }
    for (const o of outcomes) {
      const job = jobs[o.index]!;
      if (o.outcome === 'failed') job.reject(o.error);
      else {
        job.resolve({
          state: o.state,
          newEvents: o.events,
          nextExpectedRevision: undefined,
          position: o.outcome === 'applied' ? position : undefined,
          replayed: o.outcome === 'replayed',
        });
      }
    }
  };

  const drain = async (stream: string, queue: Job[]) => {
    while (queue.length > 0) {
      const jobs = queue.splice(0, MAX_PER_APPEND);
      try {
        await settle(stream, jobs);
      } catch (error) {
        for (const job of jobs) job.reject(error);
      }
    }
    queues.delete(stream);
  };

  return {
    handle: (stream, command) =>
      new Promise((resolve, reject) => {
        const queue = queues.get(stream);
        if (queue) {
          queue.push({ command, resolve, reject });
          return;
        }
        const fresh: Job[] = [{ command, resolve, reject }];
        queues.set(stream, fresh);
        // Let the commands of this tick join before the first decision.
        setImmediate(() => void drain(stream, fresh));
      }),
  };
};

const writers = new WeakMap<CommandHandler, InventoryWriter>();

/** The writer of this OMS instance (one per command handler, so one per cache). */
export const inventoryWriter = (deps: CommandDeps): InventoryWriter => {
  let writer = writers.get(deps.commands);
  if (!writer) writers.set(deps.commands, (writer = createInventoryWriter(deps)));
  return writer;
};

/** `commands.handle(inventoryDecider, …)` through the instance's inventory writer. */
export const handleInventory = (deps: CommandDeps, stream: string, command: InventoryCommand) => inventoryWriter(deps).handle(stream, command);

