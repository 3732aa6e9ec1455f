import {
  availableOf, inventoryDecider, inventoryStreamName, positionFromState, shortfallOf,
  type InventoryEvent, type InventoryPosition, type InventoryState,
} from '../../../../domain/inventory/index.js';
import { StreamNotFoundError } from '../../../../infrastructure/eventstore/errors.js';
import type { EventStore } from '../../../../infrastructure/eventstore/eventStore.js';
import { REAPER_ACTOR } from '../../../../application/inventory/reservationReaper.js';
import { POSITIONS, type Acknowledged } from './inventoryWorld.js';

export type LedgerReport = Readonly<{ problems: string[]; finals: Map<string, InventoryPosition>; events: number }>;

/**
 * Replays every inventory stream event by event and checks what must hold after each one:
 * - no lost update: every event's recorded `onHand` equals the fold of everything before it plus
 *   the event (two commands decided on the same state would break this);
 * - on-hand never negative; a reservation is only ever accepted within on-hand − safety stock;
 * - only a physical count can open or widen a shortfall (reserved > on-hand);
 * - every acknowledged write is in the log exactly once, and nothing unacknowledged is (except
 *   the reaper's own expiries).
 */
export const checkLedger = async (events: EventStore, acknowledged: readonly Acknowledged[]): Promise<LedgerReport> => {
  const problems: string[] = [];
  const finals = new Map<string, InventoryPosition>();
  const wrote = new Map(acknowledged.filter((a) => a.wrote).map((a) => [a.commandId, a]));
  const seen = new Map<string, string>();
  let count = 0;
  for (const { node, sku } of POSITIONS) {
    const stream = inventoryStreamName(node, sku);
    let state: InventoryState = inventoryDecider.initialState();
    // Whether any count happened — not `counters.counted`, the net correction of all counts, which is 0
    // again after a count up and a count back down (seed 1785129041 path 2: counted 3, reserved 2, counted 0).
    let counts = 0;
    try {
      for await (const recorded of events.readStream(stream)) {
        count += 1;
        const event = { type: recorded.type, data: recorded.data } as unknown as InventoryEvent;
        const before = state;
        state = inventoryDecider.evolve(state, event);
        if (event.type === 'StockCounted') counts += 1;
        const at = `${stream}@${recorded.revision} ${event.type}`;
        const carried = (event.data as { onHand?: unknown }).onHand;
        if (typeof carried === 'number' && carried !== state.onHand) problems.push(`${at}: recorded onHand ${carried} but the fold gives ${state.onHand}`);
        if (state.onHand < 0) problems.push(`${at}: onHand ${state.onHand} < 0`);
        if (availableOf(state) < 0) problems.push(`${at}: available < 0`);
        if (event.type === 'StockReserved' && state.reserved + state.safetyStock > state.onHand) {
          problems.push(`${at}: reserved ${state.reserved} + safety ${state.safetyStock} exceeds onHand ${state.onHand}`);
        }
        if (event.type !== 'StockCounted' && shortfallOf(state) > shortfallOf(before)) problems.push(`${at}: shortfall grew without a count`);
        const commandId = String(recorded.metadata.commandId);
        const actor = recorded.metadata.actor as { id?: string } | null;
        if (actor?.id === REAPER_ACTOR.id) {
          if (event.type !== 'ReservationReleased' || event.data.reason !== 'expired') problems.push(`${at}: the reaper wrote something else than an expiry`);
        } else if (!wrote.has(commandId)) problems.push(`${at}: written by ${commandId}, which nobody was told succeeded`);
        const owner = seen.get(commandId);
        if (owner !== undefined && owner !== stream) problems.push(`${commandId} wrote to two streams`);
        seen.set(commandId, stream);
      }
    } catch (error) {
      if (!(error instanceof StreamNotFoundError)) throw error;
    }
    const final = positionFromState(state);
    if (final) finals.set(stream, final);
    if (state.reserved > state.onHand && counts === 0) problems.push(`${stream}: reserved ${state.reserved} > onHand ${state.onHand} without any count`);
  }
  for (const a of wrote.values()) if (!seen.has(a.commandId)) problems.push(`acknowledged ${a.op} ${a.commandId} is missing from the log (lost update)`);
  return { problems, finals, events: count };
};
