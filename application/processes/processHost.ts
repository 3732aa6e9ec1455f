import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { createLease, type Lease } from '../../projections/runtime/lease.js';

/**
 * Runs background workers (process runners, the timer poller) either all at once (single-process
 * embedded mode: no lease needed) or each under its own lease, so that with several OMS instances
 * sharing the stores every worker runs in exactly one of them and moves when that one dies.
 * Checkpoint fencing stops a former holder that paused past its lease from writing.
 */
export type Worker = Readonly<{ name: string; start: () => Promise<void> | void; stop: () => Promise<void> }>;

export type ProcessHostOptions = Readonly<{ instanceId: string; useLeases: boolean; leaseTtlMs?: number; onError?: (worker: string, error: unknown) => void }>;

export type ProcessHost = Readonly<{
  start: () => void;
  stop: () => Promise<void>;
  /** Whether this instance runs the worker now. */
  active: (name: string) => boolean;
}>;

export const createProcessHost = (store: ReadStore, workers: readonly Worker[], options: ProcessHostOptions): ProcessHost => {
  const leases = new Map<string, Lease>();
  const running = new Set<string>();
  const run = async (w: Worker) => {
    try {
      await w.start();
      running.add(w.name);
    } catch (error) {
      options.onError?.(w.name, error);
    }
  };
  const halt = async (w: Worker) => {
    running.delete(w.name);
    await w.stop();
  };
  return {
    start: () => {
      for (const w of workers) {
        if (!options.useLeases) {
          void run(w);
          continue;
        }
        const lease = createLease(store, w.name, { owner: options.instanceId, ttlMs: options.leaseTtlMs, onAcquired: () => run(w), onLost: () => halt(w) });
        leases.set(w.name, lease);
        lease.start();
      }
    },
    stop: async () => {
      await Promise.all([...leases.values()].map((l) => l.stop()));
      await Promise.all(workers.map((w) => halt(w)));
    },
    active: (name) => running.has(name),
  };
};
