import type { Command, Decider, DomainEvent } from '../domain/shared/decider.js';
import { PreconditionFailedError } from '../domain/shared/errors.js';
import { LayeredMap } from '../domain/shared/layeredMap.js';
import {
  NO_STREAM,
  type EventStore,
  type ExpectedRevision,
  type GlobalPosition,
  type StreamRevision,
} from '../infrastructure/eventstore/eventStore.js';
import { ConcurrencyError, StreamNotFoundError } from '../infrastructure/eventstore/errors.js';
import { createAggregateCache, type AggregateCache, type CachedAggregate } from './aggregateCache.js';
import { toEventsToAppend } from './eventMetadata.js';
import { createKeyedMutex, type KeyedMutex } from './keyedMutex.js';
import type { UpcasterRegistry } from './upcasters.js';

export type RetryPolicy = Readonly<{ maxRetries: number; minDelayMs: number; factor: number }>;

/** Emmett's defaults: a conflict is re-read and re-decided a few times before it reaches the caller. */
export const DEFAULT_RETRY: RetryPolicy = { maxRetries: 3, minDelayMs: 5, factor: 1.5 };

export type HandleOptions = Readonly<{
  /** The client's If-Match revision: when given, a conflict is a 412 and is never retried. */
  expectedRevision?: StreamRevision;
  retry?: RetryPolicy;
}>;

export type CommandResult<State, Evt extends DomainEvent> = Readonly<{
  state: State;
  /** Events this command produced now (empty when nothing needed to change or when replayed). */
  newEvents: readonly Evt[];
  /** Revision of the stream after the command (undefined when the stream still does not exist). */
  nextExpectedRevision: StreamRevision | undefined;
  position: GlobalPosition | undefined;
  /** True when this command id had already been applied to the stream: nothing was written now. */
  replayed: boolean;
}>;

export type CommandHandlerDeps = Readonly<{
  eventStore: EventStore;
  upcasters?: UpcasterRegistry;
  cache?: AggregateCache;
  mutex?: KeyedMutex;
}>;

export type CommandHandler = Readonly<{
  handle: <State, Cmd extends Command, Evt extends DomainEvent>(
    decider: Decider<State, Cmd, Evt>,
    streamName: string,
    command: Cmd,
    options?: HandleOptions,
  ) => Promise<CommandResult<State, Evt>>;
  /** Current state of a stream through the same cache commands use (undefined revision = no stream). */
  load: <State, Evt extends DomainEvent>(
    decider: Pick<Decider<State, Command, Evt>, 'evolve' | 'initialState'>,
    streamName: string,
  ) => Promise<CachedAggregate & { state: State }>;
  cache: AggregateCache;
}>;

/** Reads and folds one stream: the one place aggregates are rebuilt from their events. */
export const loadAggregate = async <State, Evt extends DomainEvent>(
  eventStore: EventStore,
  decider: Pick<Decider<State, Command, Evt>, 'evolve' | 'initialState'>,
  streamName: string,
  upcasters?: UpcasterRegistry,
): Promise<CachedAggregate & { state: State }> => {
  let state = decider.initialState();
  let revision: StreamRevision | undefined;
  const commandIds = new Map<string, GlobalPosition>();
  try {
    for await (const recorded of eventStore.readStream(streamName)) {
      const event = upcasters ? upcasters.upcast(recorded) : recorded;
      state = decider.evolve(state, { type: event.type, data: event.data } as Evt);
      revision = event.revision;
      const commandId = event.metadata.commandId;
      if (typeof commandId === 'string') commandIds.set(commandId, event.position);
    }
  } catch (error) {
    if (!(error instanceof StreamNotFoundError)) throw error;
  }
  return { state, revision, commandIds: LayeredMap.of(commandIds) };
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * load → fold → decide → append with the expected revision.
 *
 * - Commands on one stream are serialised in-process (keyed mutex) and use a cached state; the
 *   expected revision on every append keeps this correct across instances.
 * - A concurrency conflict drops the cache entry, re-reads and re-decides (bounded, with
 *   backoff) unless the caller pinned a revision (If-Match), which makes it a 412.
 * - Idempotent by command id: a command id already applied to the stream is not decided again.
 */
export const createCommandHandler = (deps: CommandHandlerDeps): CommandHandler => {
  const cache = deps.cache ?? createAggregateCache();
  const mutex = deps.mutex ?? createKeyedMutex();

  const load: CommandHandler['load'] = async (decider, streamName) => {
    const cached = cache.get(streamName);
    if (cached) return cached as CachedAggregate & { state: never };
    const loaded = await loadAggregate(deps.eventStore, decider, streamName, deps.upcasters);
    cache.set(streamName, loaded);
    return loaded;
  };

  const attempt = async <State, Cmd extends Command, Evt extends DomainEvent>(
    decider: Decider<State, Cmd, Evt>,
    streamName: string,
    command: Cmd,
    options: HandleOptions,
  ): Promise<CommandResult<State, Evt>> => {
    const retry = options.retry ?? DEFAULT_RETRY;
    for (let tries = 0; ; tries++) {
      const current = (await load(decider, streamName)) as CachedAggregate & { state: State };
      const earlier = current.commandIds.get(command.metadata.commandId);
      if (earlier !== undefined) {
        return { state: current.state, newEvents: [], nextExpectedRevision: current.revision, position: earlier, replayed: true };
      }
      if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) {
        throw new PreconditionFailedError(
          'REVISION_MISMATCH',
          `${streamName} is at revision ${current.revision === undefined ? 'none' : String(current.revision)}, not ${String(options.expectedRevision)}`,
          { stream: streamName, expected: String(options.expectedRevision), actual: current.revision === undefined ? null : String(current.revision) },
        );
      }
      const newEvents = decider.decide(command, current.state);
      if (newEvents.length === 0) {
        return { state: current.state, newEvents, nextExpectedRevision: current.revision, position: undefined, replayed: false };
      }
      const expected: ExpectedRevision = current.revision === undefined ? NO_STREAM : current.revision;
      try {
        const result = await deps.eventStore.append(streamName, toEventsToAppend(command, streamName, newEvents, deps.upcasters), {
          expectedRevision: expected,
        });
        const state = newEvents.reduce(decider.evolve, current.state);
        const commandIds = current.commandIds.with(command.metadata.commandId, result.position);
        cache.set(streamName, { state, revision: result.nextExpectedRevision, commandIds });
        return { state, newEvents, nextExpectedRevision: result.nextExpectedRevision, position: result.position, replayed: false };
      } catch (error) {
        // Whatever happened, the cached state may be stale now: read the stream again next time.
        cache.delete(streamName);
        if (!(error instanceof ConcurrencyError)) throw error;
        if (options.expectedRevision !== undefined) {
          throw new PreconditionFailedError('REVISION_MISMATCH', `${streamName} changed concurrently`, { stream: streamName });
        }
        if (tries >= retry.maxRetries) throw error;
        // Random jitter spreads instances that collided; this is infrastructure, not a domain decision.
        await sleep(retry.minDelayMs * Math.pow(retry.factor, tries) * (0.5 + Math.random()));
      }
    }
  };

  return {
    handle: (decider, streamName, command, options = {}) => mutex.run(streamName, () => attempt(decider, streamName, command, options)),
    load,
    cache,
  };
};
