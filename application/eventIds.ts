import { v5 as uuidv5 } from 'uuid';

/**
 * Namespace for the OMS's name-based event ids. Fixed forever: changing it would make retried
 * commands produce different ids and break deduplication of in-flight retries.
 */
export const EVENT_ID_NAMESPACE = '4f8d7c1e-2b6a-5c3d-9e0f-a1b2c3d4e5f6';

/**
 * Event ids derive from the command id, the target stream and the event's index in the append,
 * so a retried command re-sends byte-identical events that the store recognises as already
 * written (EventStoreDB guarantees id dedup for every expected revision except ANY).
 */
export const deriveEventId = (commandId: string, streamName: string, index: number): string =>
  uuidv5(`${commandId}:${streamName}:${index}`, EVENT_ID_NAMESPACE);

/** A child command id for work a process does on behalf of a triggering event or command. */
export const deriveCommandId = (parentId: string, purpose: string): string =>
  uuidv5(`${parentId}/${purpose}`, EVENT_ID_NAMESPACE);
