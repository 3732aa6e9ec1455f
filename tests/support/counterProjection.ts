import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { DocumentProjection } from '../../projections/runtime/projection.js';

export type CounterDoc = { _id: string; value: number; applied: number; lastPosition: string };

/**
 * Counts every event it applies (`applied`), so applying an event twice is visible: the
 * exactly-once tests compare `applied` with the number of events in the stream.
 */
export const counterProjection = (version = 1, failOn?: (e: RecordedEvent) => boolean): DocumentProjection<CounterDoc> => ({
  kind: 'document',
  name: 'counters',
  version,
  filter: { streamPrefixes: ['counter-'] },
  indexes: [{ keys: { value: 1 } }],
  documentIds: (event) => [event.streamName],
  evolve: (doc, event, id) => {
    if (failOn?.(event)) throw new Error(`projection failure on ${event.streamName}@${event.revision}`);
    const current = doc ?? { _id: id, value: 0, applied: 0, lastPosition: '0' };
    const by = event.type === 'Incremented' ? (event.data as { by: number }).by * version : 0;
    return { ...current, value: current.value + by, applied: current.applied + 1, lastPosition: event.position.toString() };
  },
});
