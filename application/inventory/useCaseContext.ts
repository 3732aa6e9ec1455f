import type { Actor, CommandMetadata } from '../../domain/shared/decider.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { CommandHandler } from '../commandHandler.js';

/** What the inventory, network and catalog use cases need: the command path and the log itself. */
export type CommandDeps = Readonly<{ commands: CommandHandler; eventStore: EventStore }>;

/**
 * Who asks, when, and under which idempotency key: taken once at the request edge (or by the
 * process that sends the command) and turned into command metadata.
 */
export type RequestMeta = Readonly<{
  now: string;
  /** The Idempotency-Key: the command id, or the parent of per-line command ids in a batch. */
  commandId: string;
  actor?: Actor;
  correlationId?: string;
  reason?: string;
}>;

export const commandMetadata = (meta: RequestMeta, commandId = meta.commandId): CommandMetadata => ({
  now: meta.now,
  commandId,
  ...(meta.actor ? { actor: meta.actor } : {}),
  correlationId: meta.correlationId ?? meta.commandId,
  ...(meta.reason ? { reason: meta.reason } : {}),
});

/** What a command did, in wire form (positions are decimal strings). */
export type Outcome = 'applied' | 'unchanged' | 'replayed';

export const outcomeOf = (result: { replayed: boolean; newEvents: readonly unknown[] }): Outcome =>
  result.replayed ? 'replayed' : result.newEvents.length > 0 ? 'applied' : 'unchanged';
