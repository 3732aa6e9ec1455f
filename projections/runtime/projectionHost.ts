import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { createLease, type Lease } from './lease.js';
import type { Projection } from './projection.js';
import { activateVersion, activeVersion } from './projectionRegistry.js';
import { createProjectionRunner, type ProjectionRunner, type ProjectionStatus, type RunnerOptions } from './projectionRunner.js';

export type ProjectionHost = Readonly<{
  start: () => void;
  stop: () => Promise<void>;
  statuses: () => (ProjectionStatus & { leaseHeld: boolean })[];
  runner: (name: string) => ProjectionRunner | undefined;
  /** Resolves once every running projection has applied everything up to the current head. */
  waitUntilCaughtUp: (timeoutMs?: number) => Promise<void>;
}>;

export type ProjectionHostOptions = RunnerOptions & Readonly<{
  /** Identity of this OMS instance in leases (hostname:pid:random is a good default). */
  instanceId: string;
  leaseTtlMs?: number;
  /** Without leases (single-process embedded default) every projection starts at once. */
  useLeases?: boolean;
  clock?: () => Date;
}>;

/**
 * Runs each projection under its own lease. When this instance holds the lease it runs the
 * projection's current version; if the registry still serves an older version, the new one
 * catches up beside it and is activated once caught up (blue/green).
 */
export const createProjectionHost = (
  eventStore: EventStore,
  readStore: ReadStore,
  projections: readonly Projection[],
  options: ProjectionHostOptions,
): ProjectionHost => {
  const clock = options.clock ?? (() => new Date());
  const runners = new Map<string, ProjectionRunner>();
  const leases = new Map<string, Lease>();
  const switchers = new Map<string, Promise<void>>();

  const activateWhenCaughtUp = async (projection: Projection, runner: ProjectionRunner) => {
    const active = await activeVersion(readStore, projection.name);
    if (active === projection.version) return;
    await runner.waitUntilCaughtUp(24 * 3600_000).catch(() => undefined);
    if (!runner.status().running) return;
    await activateVersion(readStore, projection.name, projection.version, clock().toISOString());
  };

  const run = async (projection: Projection) => {
    const runner = createProjectionRunner(eventStore, readStore, projection, options);
    runners.set(projection.name, runner);
    await runner.start();
    switchers.set(projection.name, activateWhenCaughtUp(projection, runner));
  };

  const halt = async (projection: Projection) => {
    const runner = runners.get(projection.name);
    runners.delete(projection.name);
    await runner?.stop();
  };

  return {
    start: () => {
      for (const projection of projections) {
        if (options.useLeases === false) {
          void run(projection).catch((error) => options.onError?.(projection.name, error));
          continue;
        }
        const lease = createLease(readStore, `projection:${projection.name}`, {
          owner: options.instanceId,
          ttlMs: options.leaseTtlMs,
          onAcquired: () => run(projection).catch((error) => options.onError?.(projection.name, error)),
          onLost: () => halt(projection),
        });
        leases.set(projection.name, lease);
        lease.start();
      }
    },
    stop: async () => {
      await Promise.all([...leases.values()].map((l) => l.stop()));
      await Promise.all(projections.map((p) => halt(p)));
    },
    statuses: () =>
      projections.map((p) => {
        const runner = runners.get(p.name);
        const leaseHeld = options.useLeases === false ? true : leases.get(p.name)?.isHeld() ?? false;
        const base: ProjectionStatus = runner?.status() ?? {
          processor: `${p.name}_v${p.version}`,
          running: false,
          caughtUp: false,
          position: undefined,
          eventsApplied: 0,
          lastLagMs: undefined,
          lastError: undefined,
        };
        return { ...base, leaseHeld };
      }),
    runner: (name) => runners.get(name),
    waitUntilCaughtUp: async (timeoutMs) => {
      await Promise.all([...runners.values()].map((r) => r.waitUntilCaughtUp(timeoutMs)));
      await Promise.all([...switchers.values()]);
    },
  };
};
