import { fold } from '../../../../../domain/shared/decider.js';
import { DomainError } from '../../../../../domain/shared/errors.js';
import {
  findTransition, orderDecider, ORDER_COMMAND_TYPES, type Order, type OrderCommand, type OrderEvent, type OrderState, type OrderStatus,
} from '../../../../../domain/order/index.js';
import { commandsFor } from './commandFactory.js';
import { later, T0 } from './fixtures.js';

export type Reached = Readonly<{ state: Order; history: OrderEvent[] }>;
export type Step = Readonly<{ from: Reached; command: OrderCommand; events: OrderEvent[]; after: Order }>;

const COARSE: Partial<Record<string, string>> = { picked: 'released', packed: 'released', cancelled: '' };

/** Coarse shape of an order: status + which stages hold units + the gates. Keeps the exploration varied but small. */
const shape = (o: Order): string =>
  [
    o.status,
    o.deliveryMethod,
    [...new Set(o.lines.flatMap((l) => l.units.map((u) => COARSE[u.stage] ?? u.stage)))].sort().join(','),
  ].join('|');

/**
 * Breadth-first exploration of the order lifecycle from the three delivery methods, applying every
 * command variant the factory offers where the table has a row. Deterministic; bounded by depth
 * and by a cap per shape. Returns every state reached and every accepted step.
 */
export const explore = (maxDepth = 11, perShape = 2): { reached: Reached[]; steps: Step[]; refusals: { status: string; type: string; code: string }[] } => {
  const reached: Reached[] = [];
  const steps: Step[] = [];
  const refusals: { status: string; type: string; code: string }[] = [];
  const seenShapes = new Map<string, number>();
  const seenStates = new Set<string>();
  const initial: OrderState = orderDecider.initialState();
  let frontier: Reached[] = [];
  for (const place of commandsFor(initial, 'PlaceOrder', T0)) {
    const events = orderDecider.decide(place, initial);
    const state = fold(orderDecider, events) as Order;
    frontier.push({ state, history: events });
    reached.push({ state, history: events });
  }
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const now = later(depth * 6);
    const next: Reached[] = [];
    for (const r of frontier) {
      for (const type of ORDER_COMMAND_TYPES) {
        if (findTransition(r.state.status, type) === undefined) continue;
        for (const cmd of commandsFor(r.state, type, now)) {
          let events: OrderEvent[];
          try {
            events = orderDecider.decide(cmd, r.state);
          } catch (e) {
            if (!(e instanceof DomainError)) throw e;
            refusals.push({ status: r.state.status, type, code: e.code });
            continue;
          }
          const after = fold(orderDecider, events, r.state) as Order;
          steps.push({ from: r, command: cmd, events, after });
          const key = JSON.stringify({ ...after, history: [] });
          if (seenStates.has(key)) continue;
          seenStates.add(key);
          const s = shape(after);
          const count = seenShapes.get(s) ?? 0;
          if (count >= perShape) continue;
          seenShapes.set(s, count + 1);
          const child = { state: after, history: [...r.history, ...events] };
          reached.push(child);
          next.push(child);
        }
      }
    }
    frontier = next;
  }
  return { reached, steps, refusals };
};

export const statusesReached = (reached: readonly Reached[]): Set<OrderStatus> => new Set(reached.map((r) => r.state.status));
