import type { OmsConfig } from '../../infrastructure/config/config.js';
import type { Projection } from '../../projections/runtime/projection.js';
import { createProjectionHost } from '../../projections/runtime/projectionHost.js';
import type { Oms } from '../bootstrap/openOms.js';
import { allProjections } from '../bootstrap/projections.js';

/**
 * Which projections an import (a batch replay through the command path) keeps live, and how it
 * applies the others afterwards.
 *
 * The read models the replay itself reads while it runs stay live: sourcing and return routing
 * read the node list and stock positions; the reservation reaper reads the reservations. Every
 * other projection (orders, details, tracking, KPIs, finance, catalog …) is nothing the import's
 * commands look at, so it is not kept live — each commit would wake it and cost a small read-store
 * transaction (on the Olist replay, one step ≈ 5 events woke all 12) — but applied after the
 * replay in large catch-up chunks: the same events, the same documents (projections are functions
 * of the log).
 */
export const LIVE_DURING_IMPORT: ReadonlySet<string> = new Set(['network_nodes', 'availability', 'inventory_reservations']);

/**
 * Embedded stores only: with shared servers, other instances may hold the projection leases and
 * keep them live anyway, and their readers expect the read models to follow the log.
 */
export const defersProjections = (config: OmsConfig): boolean => !config.eventStoreUrl && !config.mongoUrl;

/** The projections to open the OMS with for an import (all of them when it does not defer). */
export const importProjections = (config: OmsConfig): readonly Projection[] =>
  defersProjections(config) ? allProjections.filter((p) => LIVE_DURING_IMPORT.has(p.name)) : allProjections;

/**
 * How long the deferred catch-up may take. Generous because it is a batch step on a log of
 * millions of events (the whole UCI file: 2.3 M events ≈ 3 min for the 9 deferred projections);
 * an error, not a timeout, is what should end it.
 */
export const DEFERRED_CATCH_UP_TIMEOUT_MS = 3_600_000;

/** Runs the projections the import deferred until they have applied the whole log, then stops them. */
export const catchUpDeferred = async (oms: Oms, config: OmsConfig, timeoutMs = DEFERRED_CATCH_UP_TIMEOUT_MS): Promise<void> => {
  if (!defersProjections(config)) return;
  const deferred = allProjections.filter((p) => !LIVE_DURING_IMPORT.has(p.name));
  const host = createProjectionHost(oms.eventStore, oms.readStore, deferred, {
    instanceId: config.instanceId,
    useLeases: !oms.stores.singleProcess,
    clock: oms.clock,
    onError: (processor, error) => oms.logger.warn({ processor, err: error }, 'projection error; retrying from its checkpoint'),
  });
  host.start();
  try {
    await host.waitUntilCaughtUp(timeoutMs);
  } finally {
    await host.stop();
  }
};
