import type { RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import type { Projection } from '../../projections/runtime/projection.js';
import { processorId } from '../../projections/runtime/projectionRunner.js';

/**
 * Append-to-visible lag per (event, projection): the probe remembers the events a projection's
 * batch was given and, when the runner reports the batch committed (`onLag`), records for each
 * event the time from its durable append (the store's commit clock) to now.
 */
export type LagProbe = Readonly<{
  wrap: (projection: Projection) => Projection;
  /** Pass as the runner's `onLag`. */
  onCommitted: (processor: string) => void;
  /** Starts/stops recording (events applied outside the window are dropped). */
  measuring: (on: boolean) => void;
  samples: () => ReadonlyMap<string, readonly number[]>;
}>;

export const createLagProbe = (now: () => number = Date.now): LagProbe => {
  const pending = new Map<string, RecordedEvent[]>();
  const lags = new Map<string, number[]>();
  let on = false;
  const remember = (processor: string, events: readonly RecordedEvent[]) => {
    const list = pending.get(processor);
    if (list) list.push(...events);
    else pending.set(processor, [...events]);
  };
  return {
    wrap: (projection) => {
      const processor = processorId(projection);
      if (projection.kind === 'batch') {
        return { ...projection, apply: async (events, ctx) => { remember(processor, events); await projection.apply(events, ctx); } };
      }
      return { ...projection, documentIds: (event) => { remember(processor, [event]); return projection.documentIds(event); } };
    },
    onCommitted: (processor) => {
      const events = pending.get(processor) ?? [];
      pending.delete(processor);
      if (!on) return;
      const t = now();
      let list = lags.get(processor);
      if (!list) lags.set(processor, (list = []));
      // An event counted twice (a retried batch) is recorded once, at its first commit.
      const seen = new Set<bigint>();
      for (const e of events) {
        if (seen.has(e.position)) continue;
        seen.add(e.position);
        list.push(t - e.created.getTime());
      }
    },
    measuring: (value) => {
      on = value;
    },
    samples: () => lags,
  };
};
