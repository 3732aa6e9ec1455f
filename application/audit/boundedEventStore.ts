import { map } from 'rxjs';
import type { Direction, EventStore, GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';

/**
 * A read-only view of an event store that ends at `bound`: reads and subscriptions see only events
 * at positions ≤ bound, and a subscription's progress never passes it. `oms verify replay` runs
 * the real projection runner over this view, so a rebuild stops exactly where the live
 * projection's checkpoint is, however far the log has moved on since.
 */
export const boundedEventStore = (inner: EventStore, bound: GlobalPosition): EventStore => {
  const refuse = () => Promise.reject(new Error('a bounded event-store view is read-only'));
  async function* upTo<T extends { position: GlobalPosition }>(source: AsyncIterable<T>, direction?: Direction): AsyncIterable<T> {
    for await (const event of source) {
      if (event.position <= bound) yield event;
      else if (direction !== 'backwards') return; // forwards, positions only grow from here
    }
  }
  return {
    append: refuse,
    readStream: (stream, options) => upTo(inner.readStream(stream, options), options?.direction),
    readAll: (options) => upTo(inner.readAll(options), options?.direction),
    subscribeToAll: (options) =>
      inner.subscribeToAll(options).pipe(
        map((batch) => ({
          events: batch.events.filter((e) => e.position <= bound),
          position: batch.position < bound ? batch.position : bound,
          caughtUp: batch.caughtUp || batch.position >= bound,
          ack: batch.ack,
        })),
      ),
    streamRevision: (stream) => inner.streamRevision(stream),
    headPosition: async () => {
      const head = await inner.headPosition();
      return head < bound ? head : bound;
    },
    getStreamMetadata: (stream) => inner.getStreamMetadata(stream),
    setStreamMetadata: refuse,
    deleteStream: refuse,
    close: async () => undefined,
  };
};
