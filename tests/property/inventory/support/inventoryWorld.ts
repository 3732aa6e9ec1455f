import { putAtsView } from '../../../../application/availability/putAtsView.js';
import { putSku } from '../../../../application/catalog/putSku.js';
import { createCommandHandler, type CommandHandler } from '../../../../application/commandHandler.js';
import { deriveCommandId } from '../../../../application/eventIds.js';
import { createReservationReaper } from '../../../../application/inventory/reservationReaper.js';
import { consumeReservation, confirmReservation, releaseReservation, reserveStock } from '../../../../application/inventory/reservations.js';
import { applyMovement } from '../../../../application/inventory/stockMovements.js';
import type { CommandDeps, Outcome } from '../../../../application/inventory/useCaseContext.js';
import { registerNode } from '../../../../application/network/nodeUseCases.js';
import type { AdjustmentReason } from '../../../../domain/inventory/index.js';
import { DomainError } from '../../../../domain/shared/errors.js';
import { ConcurrencyError } from '../../../../infrastructure/eventstore/errors.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { inventoryProjections } from '../../../../projections/inventory/inventoryProjections.js';
import { INVENTORY_RESERVATIONS, type ReservationDocument } from '../../../../projections/inventory/reservationsProjection.js';
import { createProjectionRunner, type ProjectionRunner } from '../../../../projections/runtime/projectionRunner.js';

/** The operations random workers perform; positions and reservations are picked by index. */
export type Op =
  | { kind: 'receive'; pos: number; quantity: number }
  | { kind: 'reserve'; pos: number; quantity: number; ttlSeconds: number }
  | { kind: 'confirm'; pick: number }
  | { kind: 'release'; pick: number }
  | { kind: 'ship'; pick: number; quantity: number }
  | { kind: 'count'; pos: number; counted: number }
  | { kind: 'adjust'; pos: number; delta: number }
  | { kind: 'reap' };

export const NODES = ['dc-1', 'dc-2', 'store-3'];
export const SKUS = ['A', 'B', 'C', 'D'];
export const POSITIONS = NODES.flatMap((node) => SKUS.map((sku) => ({ node, sku })));
const START_MS = Date.parse('2025-06-01T08:00:00.000Z');

/** A command the caller was told succeeded; `wrote` = it appended events (not a no-op). */
export type Acknowledged = { commandId: string; op: Op['kind']; wrote: boolean };

/**
 * A world of several "instances" (command handlers with their own caches and mutexes) sharing one
 * SQLite event store, plus the live inventory projections on an embedded read store.
 */
export type World = Readonly<{
  events: SqliteEventStore;
  reads: EmbeddedReadStore;
  handlers: readonly CommandHandler[];
  runners: readonly ProjectionRunner[];
  acknowledged: Acknowledged[];
  refused: Map<string, number>;
  run: (worker: number, ops: readonly Op[]) => Promise<void>;
  close: () => Promise<void>;
}>;

export const openWorld = async (instances = 3): Promise<World> => {
  const events = openSqliteEventStore({ path: ':memory:', synchronous: 'NORMAL' });
  const reads = await openEmbeddedReadStore({ path: ':memory:' });
  const handlers = Array.from({ length: instances }, () => createCommandHandler({ eventStore: events }));
  const setup: CommandDeps = { commands: handlers[0]!, eventStore: events };
  const now = new Date(START_MS).toISOString();
  for (const id of NODES) {
    await registerNode(setup, {
      id, type: id.startsWith('dc') ? 'dc' : 'store', name: id, processingHours: 4, cutoffLocal: '16:00', dailyCapacity: 100, capabilities: ['ship'],
      location: { lat: 48.8, lng: 2.3, country: 'FR', timezone: 'Europe/Paris' },
    }, { now, commandId: `setup-node-${id}` });
  }
  for (const sku of SKUS) await putSku(setup, sku, { name: sku, prices: { EUR: '1.00' }, weightGrams: 1, taxClass: 'standard' }, { now, commandId: `setup-sku-${sku}` });
  await putAtsView(setup, 'online', { channels: ['web'], safetyStock: { useNodeSafetyStock: true, extraPerNode: 1 } }, { now, commandId: 'setup-view' });
  const runners = inventoryProjections().map((p) => createProjectionRunner(events, reads, p, { batchSize: 50 }));
  for (const r of runners) await r.start();

  // Business time advances one second per operation, shared by all workers, so holds really expire.
  let tick = 0;
  const clock = () => new Date(START_MS + ++tick * 1000).toISOString();
  const acknowledged: Acknowledged[] = [];
  const refused = new Map<string, number>();
  const reservations: { id: string; node: string; sku: string }[] = [];
  let seq = 0;

  const reaper = (commands: CommandHandler) => createReservationReaper({
    commands, eventStore: events, clock: () => new Date(START_MS + tick * 1000), intervalMs: 1_000_000,
    findExpired: async (nowMs, limit) => (await reads.collection<ReservationDocument>(`${INVENTORY_RESERVATIONS}_v1`)
      .find({ status: 'held', expiresAtMs: { $lte: nowMs } }, { limit })).map((r) => ({ nodeId: r.nodeId, sku: r.sku, expiresAtMs: r.expiresAtMs! })),
  });

  const perform = async (worker: number, op: Op): Promise<void> => {
    const deps: CommandDeps = { commands: handlers[worker % handlers.length]!, eventStore: events };
    const commandId = `w${worker}-op${++seq}`;
    const meta = { now: clock(), commandId };
    const picked = 'pick' in op ? reservations[op.pick % Math.max(1, reservations.length)] : undefined;
    const pos = 'pos' in op ? POSITIONS[op.pos % POSITIONS.length]! : undefined;
    const ref = picked && { reservationId: picked.id, node: picked.node, sku: picked.sku };
    let outcome: Outcome;
    switch (op.kind) {
      case 'receive': outcome = (await applyMovement(deps, 'receipt', { ...pos!, quantity: op.quantity, reference: 'grn' }, meta)).outcome; break;
      case 'count': outcome = (await applyMovement(deps, 'count', { ...pos!, counted: op.counted }, meta)).outcome; break;
      case 'adjust': {
        const reason: AdjustmentReason = op.delta > 0 ? 'found' : 'damage';
        outcome = (await applyMovement(deps, 'adjustment', { ...pos!, delta: op.delta, reason }, meta)).outcome;
        break;
      }
      case 'reserve': {
        const r = await reserveStock(deps, { ...pos!, quantity: op.quantity, ttlSeconds: op.ttlSeconds, orderId: `o-${seq}`, lineId: 'l1' }, meta);
        reservations.push({ id: r.reservationId, node: r.node, sku: r.sku });
        outcome = r.outcome;
        break;
      }
      case 'confirm': if (!ref) return; outcome = (await confirmReservation(deps, ref, meta)).outcome; break;
      case 'release': if (!ref) return; outcome = (await releaseReservation(deps, ref, meta)).outcome; break;
      case 'ship':
        if (!ref) return;
        outcome = (await consumeReservation(deps, { ...ref, shipmentId: deriveCommandId(commandId, 'ship'), quantity: op.quantity }, meta)).outcome;
        break;
      case 'reap': await reaper(deps.commands).runOnce(); return;
    }
    acknowledged.push({ commandId, op: op.kind, wrote: outcome === 'applied' });
  };

  return {
    events, reads, handlers, runners, acknowledged, refused,
    run: async (worker, ops) => {
      for (const op of ops) {
        try {
          await perform(worker, op);
        } catch (error) {
          // Refusals are part of the game (out of stock, expired, conflicts that outlived the retries); anything else is a bug.
          if (!(error instanceof DomainError) && !(error instanceof ConcurrencyError)) throw error;
          const code = (error as { code: string }).code;
          refused.set(code, (refused.get(code) ?? 0) + 1);
        }
      }
    },
    close: async () => {
      for (const r of runners) await r.stop();
      await events.close();
      await reads.close();
    },
  };
};
