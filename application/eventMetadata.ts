import type { Command, DomainEvent } from '../domain/shared/decider.js';
import type { EventMetadata, EventToAppend, JsonValue } from '../infrastructure/eventstore/eventStore.js';
import { deriveEventId } from './eventIds.js';
import type { UpcasterRegistry } from './upcasters.js';

/** The metadata every event carries: who, when, why, which command caused it, and its schema version. */
export const eventMetadata = (command: Command, schemaVersion = 1): EventMetadata => ({
  commandId: command.metadata.commandId,
  commandType: command.type,
  correlationId: command.metadata.correlationId ?? command.metadata.commandId,
  causationId: command.metadata.causationId ?? command.metadata.commandId,
  actor: command.metadata.actor ? { kind: command.metadata.actor.kind, id: command.metadata.actor.id } : null,
  now: command.metadata.now,
  reason: command.metadata.reason ?? null,
  schemaVersion,
});

export const toEventsToAppend = (
  command: Command,
  streamName: string,
  events: readonly DomainEvent[],
  upcasters?: UpcasterRegistry,
): EventToAppend[] =>
  events.map((event, index) => ({
    id: deriveEventId(command.metadata.commandId, streamName, index),
    type: event.type,
    data: event.data as JsonValue,
    metadata: eventMetadata(command, upcasters?.currentVersion(event.type) ?? 1),
  }));
