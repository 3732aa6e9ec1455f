import { expiredReservations, inventoryStreamName } from '../../domain/inventory/index.js';
import type { Actor } from '../../domain/shared/decider.js';
import type { CommandHandler } from '../commandHandler.js';
import { deriveCommandId } from '../eventIds.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import { forEachLimited } from './forEachLimited.js';
import { handleInventory } from './inventoryWriter.js';

/** A held reservation past its expiry, as the reservations read model lists it. */
export type DueReservation = Readonly<{ nodeId: string; sku: string; expiresAtMs: number }>;

export type ReaperOptions = Readonly<{
  commands: CommandHandler;
  eventStore: EventStore;
  /** Held reservations with expiresAtMs ≤ nowMs, oldest first, at most `limit`. */
  findExpired: (nowMs: number, limit: number) => Promise<readonly DueReservation[]>;
  clock: () => Date;
  intervalMs: number;
  /** Reservations looked at per tick; a backlog drains over the next ticks. */
  batchLimit?: number;
  onReleased?: (units: number, reservations: number) => void;
  onError?: (error: unknown) => void;
}>;

export type ReapResult = Readonly<{ positions: number; reservationsReleased: number; unitsReleased: number }>;

export type ReservationReaper = Readonly<{
  /** Starts ticking every `intervalMs` (the first tick runs at once). */
  start: () => void;
  /** Stops ticking and waits for a tick in progress. */
  stop: () => Promise<void>;
  /** One pass: release every expired hold the read model lists now. */
  runOnce: () => Promise<ReapResult>;
}>;

export const REAPER_ACTOR: Actor = { kind: 'system', id: 'reservation-reaper' };

/**
 * The process that gives expired holds back. The read model only says *where* to look; the
 * `ExpireReservations` decision is taken on the position's own state at `now`, so a lagging read
 * model can never release a hold that was confirmed or extended meanwhile.
 *
 * Idempotent: the command id derives from the stream and the latest expiry it was sent for, so
 * a tick repeated before the read model catches up replays instead of deciding again. If such a
 * replay leaves expired holds behind (one created after the earlier command with the same
 * expiry), a second command keyed by the current instant releases them: nothing is ever left held.
 */
export const createReservationReaper = (options: ReaperOptions): ReservationReaper => {
  const limit = options.batchLimit ?? 2_000;
  let timer: NodeJS.Timeout | undefined;
  let running = false;
  let current: Promise<unknown> = Promise.resolve();

  const expire = async (nodeId: string, sku: string, commandId: string, now: string) =>
    handleInventory(options, inventoryStreamName(nodeId, sku), {
      type: 'ExpireReservations', data: { nodeId, sku }, metadata: { now, commandId, actor: REAPER_ACTOR },
    });

  const runOnce = async (): Promise<ReapResult> => {
    const at = options.clock();
    const now = at.toISOString();
    const due = await options.findExpired(at.getTime(), limit);
    const byStream = new Map<string, { nodeId: string; sku: string; latest: number }>();
    for (const r of due) {
      const stream = inventoryStreamName(r.nodeId, r.sku);
      const seen = byStream.get(stream);
      byStream.set(stream, { nodeId: r.nodeId, sku: r.sku, latest: Math.max(seen?.latest ?? -Infinity, r.expiresAtMs) });
    }
    let reservationsReleased = 0;
    let unitsReleased = 0;
    await forEachLimited([...byStream.entries()], 8, async ([stream, { nodeId, sku, latest }]) => {
      const key = `expire@${new Date(latest).toISOString()}`;
      let result = await expire(nodeId, sku, deriveCommandId(stream, key), now);
      if (result.replayed && expiredReservations(result.state, now).length > 0) {
        result = await expire(nodeId, sku, deriveCommandId(stream, `${key}@${now}`), now);
      }
      for (const event of result.newEvents) {
        reservationsReleased += 1;
        unitsReleased += (event.data as { quantity: number }).quantity;
      }
    });
    if (reservationsReleased > 0) options.onReleased?.(unitsReleased, reservationsReleased);
    return { positions: byStream.size, reservationsReleased, unitsReleased };
  };

  const tick = () => {
    timer = undefined;
    current = runOnce()
      .catch((error) => options.onError?.(error))
      .finally(() => {
        if (running) timer = setTimeout(tick, options.intervalMs);
      });
  };

  return {
    start: () => {
      if (running) return;
      running = true;
      tick();
    },
    stop: async () => {
      running = false;
      if (timer) clearTimeout(timer);
      timer = undefined;
      await current;
    },
    runOnce,
  };
};
