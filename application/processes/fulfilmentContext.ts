import { inventoryDecider, inventoryStreamName, type InventoryCommand, type InventoryState } from '../../domain/inventory/index.js';
import { DEFAULT_FRAUD_RULES, type FraudRuleSet } from '../../domain/fraud/index.js';
import { isPlaced, orderDecider, orderStreamName, type Order, type OrderCommand } from '../../domain/order/index.js';
import type { Actor, Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { loadAggregate, type CommandHandler, type CommandResult } from '../commandHandler.js';
import { deriveCommandId } from '../eventIds.js';
import { fulfilmentLedgerDecider, fulfilmentStreamName, type LedgerCommand, type LedgerState } from './fulfilmentLedger.js';
import type { PaymentGateway } from './paymentGateway.js';
import type { Promiser } from './promiser.js';
import type { Sourcer } from './sourcer.js';
import type { Timers } from './timers.js';

/** Every duration the fulfilment process waits for, configurable so tests run in seconds. */
export type FulfilmentSettings = Readonly<{
  /** A declined order waits this long for another payment before it is cancelled. */
  paymentDeclineDeadlineMs: number;
  /** A node that neither accepts nor rejects released work within this time is treated as rejecting it. */
  acceptanceTimeoutMs: number;
  /** Interval between status queries of a pending authorization, and how many before giving up. */
  paymentPollMs: number;
  maxPaymentPolls: number;
  /** Hold on stock reserved by the process, until the order records the allocation and confirms it. */
  holdTtlMs: number;
  /** Units no node can supply: wait for stock (backorder) or cancel them. */
  noStockPolicy: 'backorder' | 'cancel';
  /**
   * Expected supply not arrived this long after its ETA is overdue: the orders waiting on it are
   * re-quoted (late supply), and again every such period while it stays overdue.
   */
  supplyOverdueGraceMs: number;
  fraudRules: FraudRuleSet;
}>;

export const DEFAULT_FULFILMENT_SETTINGS: FulfilmentSettings = {
  paymentDeclineDeadlineMs: 24 * 3_600_000,
  acceptanceTimeoutMs: 4 * 3_600_000,
  paymentPollMs: 30_000,
  maxPaymentPolls: 20,
  holdTtlMs: 15 * 60_000,
  noStockPolicy: 'backorder',
  supplyOverdueGraceMs: 24 * 3_600_000,
  fraudRules: DEFAULT_FRAUD_RULES,
};

export type FulfilmentDeps = Readonly<{
  eventStore: EventStore;
  readStore: ReadStore;
  commands: CommandHandler;
  gateway: PaymentGateway;
  timers: Timers;
  sourcer: Sourcer;
  /** Re-quotes the promise after a rejection, a missed hand-over or late supply; without one, no revision is recorded. */
  promiser?: Promiser;
  clock: () => Date;
  settings: FulfilmentSettings;
}>;

/** What caused the work: an event or a timer. Every command id derives from it and a purpose. */
export type Trigger = Readonly<{ id: string; correlationId?: string }>;

export const FULFILMENT_ACTOR: Actor = { kind: 'system', id: 'order-fulfilment' };

export const childTrigger = (trigger: Trigger, purpose: string): Trigger => ({ ...trigger, id: deriveCommandId(trigger.id, purpose) });

export type FulfilmentContext = FulfilmentDeps & Readonly<{
  now: () => string;
  send: <S, C extends Command, E extends DomainEvent>(decider: Decider<S, C, E>, stream: string, trigger: Trigger, purpose: string, type: C['type'], data: C['data']) => Promise<CommandResult<S, E>>;
  order: (trigger: Trigger, purpose: string, orderId: string, command: Omit<OrderCommand, 'metadata'>) => Promise<CommandResult<unknown, DomainEvent>>;
  inventory: (trigger: Trigger, purpose: string, command: Omit<InventoryCommand, 'metadata'>) => Promise<CommandResult<InventoryState, DomainEvent>>;
  ledger: (trigger: Trigger, purpose: string, orderId: string, command: Omit<LedgerCommand, 'metadata'>) => Promise<CommandResult<LedgerState, DomainEvent>>;
  /**
   * Fresh reads: another instance may have written since. The command cache's state is used only
   * when the stream's revision in the store is still the cached one — re-reading a whole
   * inventory position (every reservation it ever held) per process step made long imports
   * quadratic.
   */
  loadOrder: (orderId: string) => Promise<Order | undefined>;
  loadPosition: (node: string, sku: string) => Promise<InventoryState>;
  loadLedger: (orderId: string) => Promise<LedgerState>;
}>;

export const fulfilmentContext = (deps: FulfilmentDeps): FulfilmentContext => {
  const now = () => deps.clock().toISOString();
  const send: FulfilmentContext['send'] = (decider, stream, trigger, purpose, type, data) =>
    deps.commands.handle(decider, stream, {
      type,
      data,
      metadata: {
        now: now(),
        commandId: deriveCommandId(trigger.id, purpose),
        actor: FULFILMENT_ACTOR,
        correlationId: trigger.correlationId ?? trigger.id,
        causationId: trigger.id,
      },
    } as Parameters<typeof decider.decide>[0]);
  return {
    ...deps,
    now,
    send,
    order: (trigger, purpose, orderId, c) => send(orderDecider, orderStreamName(orderId), trigger, purpose, c.type, c.data) as Promise<CommandResult<unknown, DomainEvent>>,
    inventory: (trigger, purpose, c) =>
      send(inventoryDecider, inventoryStreamName(c.data.nodeId, c.data.sku), trigger, purpose, c.type, c.data) as Promise<CommandResult<InventoryState, DomainEvent>>,
    ledger: (trigger, purpose, orderId, c) =>
      send(fulfilmentLedgerDecider, fulfilmentStreamName(orderId), trigger, purpose, c.type, c.data) as Promise<CommandResult<LedgerState, DomainEvent>>,
    loadOrder: async (orderId) => {
      const state = await fresh(deps, orderDecider, orderStreamName(orderId));
      return isPlaced(state) ? state : undefined;
    },
    loadPosition: (node, sku) => fresh(deps, inventoryDecider, inventoryStreamName(node, sku)),
    loadLedger: async (orderId) => (await loadAggregate(deps.eventStore, fulfilmentLedgerDecider, fulfilmentStreamName(orderId))).state,
  };
};

/** The stream's current state: the command cache's when the store is still at its revision, else read and folded anew. */
const fresh = async <S, E extends DomainEvent>(deps: FulfilmentDeps, decider: Pick<Decider<S, Command, E>, 'evolve' | 'initialState'>, stream: string): Promise<S> => {
  const cached = deps.commands.cache.get(stream);
  if (cached !== undefined && (await deps.eventStore.streamRevision(stream)) === cached.revision) return cached.state as S;
  deps.commands.cache.delete(stream);
  return (await deps.commands.load(decider, stream)).state;
};

/**
 * Runs a command the process may find already obsolete: a refusal with one of `expected` codes
 * (the order moved on meanwhile) is a no-op, returning undefined; any other error propagates.
 */
export const unlessRefused = async <T>(expected: readonly string[], work: () => Promise<T>): Promise<T | undefined> => {
  try {
    return await work();
  } catch (error) {
    if (error instanceof DomainError && expected.includes(error.code)) return undefined;
    throw error;
  }
};
