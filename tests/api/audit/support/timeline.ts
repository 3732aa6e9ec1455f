import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandler, type CommandHandler } from '../../../../application/commandHandler.js';
import { inventoryDecider, inventoryStreamName, type InventoryCommand } from '../../../../domain/inventory/index.js';
import { orderDecider, orderStreamName, orderTotals, type Order, type OrderCommand, type OrderState } from '../../../../domain/order/index.js';
import type { Actor } from '../../../../domain/shared/decider.js';
import { fold } from '../../../../domain/shared/decider.js';
import type { EventStore } from '../../../../infrastructure/eventstore/eventStore.js';
import { openSqliteEventStore } from '../../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { later, placeOrder, T0 } from '../../../unit/domain/order/support/fixtures.js';

/**
 * A recorded order timeline on a bare embedded event store (no projections, no processes): each
 * command has its own business time, so `asOf` can be checked before and after every event.
 */
export type Step = Readonly<{ at: string; command: OrderCommand }>;
export type Recorded = Readonly<{ at: string; state: OrderState; revision: bigint; eventsSoFar: number }>;

export const AUDITOR: Actor = { kind: 'agent', id: 'agent-7' };

export type AuditEnv = Readonly<{ eventStore: EventStore; commands: CommandHandler; close: () => Promise<void> }>;

export const openAuditEnv = (): AuditEnv => {
  const dir = mkdtempSync(join(tmpdir(), 'oms-audit-'));
  const eventStore = openSqliteEventStore({ path: join(dir, 'events.db'), synchronous: 'NORMAL' });
  return {
    eventStore,
    commands: createCommandHandler({ eventStore }),
    close: async () => {
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
};

let seq = 0;
const meta = (now: string, reason?: string) => ({ now, commandId: `audit-cmd-${++seq}`, actor: AUDITOR, correlationId: 'corr-1', ...(reason ? { reason } : {}) });

export const orderCommand = <C extends OrderCommand>(type: C['type'], data: C['data'], now: string, reason?: string): C =>
  ({ type, data, metadata: meta(now, reason) }) as C;

export const inventoryCommand = (env: AuditEnv, node: string, sku: string, command: Omit<InventoryCommand, 'metadata'>, now: string) =>
  env.commands.handle(inventoryDecider, inventoryStreamName(node, sku), { ...command, metadata: meta(now) } as InventoryCommand);

/** Places ord-1001 (2 × SKU-SHIRT, 1 × SKU-BOOK, both proposed at dc-paris) and walks it to shipped. */
export const standardTimeline = (orderId: string): Step[] => {
  const place = placeOrder({ orderId });
  const placed = fold(orderDecider, orderDecider.decide(place, orderDecider.initialState())) as Order;
  return [
    { at: T0, command: { ...place, metadata: meta(T0) } },
    { at: later(1), command: orderCommand('RecordPaymentAuthorized', { tenderId: 't1', method: 'card', amount: orderTotals(placed).total }, later(1)) },
    { at: later(2), command: orderCommand('RecordSourcing', { allocations: [{ lineId: 'L1', node: 'dc-paris', quantity: 2 }, { lineId: 'L2', node: 'dc-lyon', quantity: 1 }] }, later(2)) },
    { at: later(3), command: orderCommand('ReleaseToNode', { node: 'dc-paris' }, later(3)) },
    { at: later(4), command: orderCommand('NodeAccepted', { node: 'dc-paris' }, later(4), 'warehouse confirmed') },
    { at: later(5), command: orderCommand('RecordShipped', { shipmentId: 's1', node: 'dc-paris', lines: [{ lineId: 'L1', quantity: 2 }], carrier: 'colissimo', trackingNumber: '6A1', shippedAt: later(5) }, later(5)) },
  ];
};

/** Runs the steps through the real command handler; returns the state after each step (decided independently of the store reads under test). */
export const record = async (env: AuditEnv, orderId: string, steps: readonly Step[], after?: Recorded): Promise<Recorded[]> => {
  const out: Recorded[] = [];
  let state: OrderState = after?.state ?? orderDecider.initialState();
  let eventsSoFar = after?.eventsSoFar ?? 0;
  for (const step of steps) {
    const decided = orderDecider.decide(step.command, state);
    state = fold(orderDecider, decided, state);
    const result = await env.commands.handle(orderDecider, orderStreamName(orderId), step.command);
    if (result.newEvents.length !== decided.length) throw new Error(`step ${step.command.type} wrote ${result.newEvents.length} events, expected ${decided.length}`);
    eventsSoFar += decided.length;
    out.push({ at: step.at, state, revision: result.nextExpectedRevision!, eventsSoFar });
  }
  return out;
};

export const minus = (iso: string, ms: number): string => new Date(Date.parse(iso) - ms).toISOString();
