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
import { createAggregateCache, type AggregateCache, type CachedAggregate, type CommandIdEntry, type PendingCommand } from './aggregateCache.js';
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

/** What a command's turn under its stream's mutex ends with: a result, or an append in flight. */
type Step<R> = Readonly<{ kind: 'done'; result: R }> | Readonly<{ kind: 'inFlight'; committed: Promise<R> }>;

/**
 * load → fold → decide → append with the expected revision.
 *
 * - Commands on one stream are serialised in-process (keyed mutex) and use a cached state; the
 *   expected revision on every append keeps this correct across instances.
 * - Optimistic pipelining (stores with `orderedAppends`: the SQLite group commit): on a stream
 *   that already exists, a command holds the mutex only until its append is *submitted*, not
 *   until it is durable. The next command decides on the state
 *   including the in-flight events and appends with the revision they will have, so a hot stream
 *   gets many commands into one group commit (one fsync) instead of one per commit. Safe because
 *   correctness rests on the expected revisions alone: if an append fails, every later append
 *   decided on top of it fails on its revision and is decided again on the stream as stored.
 *   A refusal, a no-op or an If-Match check waits until nothing is in flight and decides again,
 *   so the caller never gets an answer taken on events that might not commit. Every caller still
 *   gets its result only once its own events are durable.
 * - A concurrency conflict drops the cache entry, re-reads and re-decides (bounded, with
 *   backoff) unless the caller pinned a revision (If-Match), which makes it a 412.
 * - Idempotent by command id: a command id already applied to the stream is not decided again
 *   (one still in flight is awaited).
 */
export const createCommandHandler = (deps: CommandHandlerDeps): CommandHandler => {
  const cache = deps.cache ?? createAggregateCache();
  const mutex = deps.mutex ?? createKeyedMutex();
  const pipelining = deps.eventStore.orderedAppends === true;

  /** The cached state, possibly including in-flight appends; only for use under the mutex. */
  const loadUnderMutex = async <State, Evt extends DomainEvent>(
    decider: Pick<Decider<State, Command, Evt>, 'evolve' | 'initialState'>,
    streamName: string,
  ): Promise<CachedAggregate & { state: State }> => {
    const cached = cache.get(streamName);
    if (cached) return cached as CachedAggregate & { state: State };
    const loaded = await loadAggregate(deps.eventStore, decider, streamName, deps.upcasters);
    cache.set(streamName, loaded);
    return loaded;
  };

  /** A state with nothing in flight: what callers outside the command path may rely on. */
  const settledUnderMutex = async <State, Evt extends DomainEvent>(
    decider: Pick<Decider<State, Command, Evt>, 'evolve' | 'initialState'>,
    streamName: string,
  ): Promise<CachedAggregate & { state: State }> => {
    for (;;) {
      const current = await loadUnderMutex(decider, streamName);
      if (current.pending === undefined) return current;
      await current.pending;
    }
  };

  const load: CommandHandler['load'] = (decider, streamName) => mutex.run(streamName, () => settledUnderMutex(decider, streamName));

  const decideAndSubmit = async <State, Cmd extends Command, Evt extends DomainEvent>(
    decider: Decider<State, Cmd, Evt>,
    streamName: string,
    command: Cmd,
    options: HandleOptions,
  ): Promise<Step<CommandResult<State, Evt>>> => {
    for (;;) {
      const current = await loadUnderMutex(decider, streamName);
      const earlier = current.commandIds.get(command.metadata.commandId);
      if (earlier !== undefined) return replayOf(current, earlier);
      const waitAndRetry = current.pending;
      if (options.expectedRevision !== undefined && waitAndRetry) {
        await waitAndRetry;
        continue;
      }
      if (options.expectedRevision !== undefined && options.expectedRevision !== current.revision) {
        throw new PreconditionFailedError(
          'REVISION_MISMATCH',
          `${streamName} is at revision ${current.revision === undefined ? 'none' : String(current.revision)}, not ${String(options.expectedRevision)}`,
          { stream: streamName, expected: String(options.expectedRevision), actual: current.revision === undefined ? null : String(current.revision) },
        );
      }
      let newEvents: Evt[];
      try {
        newEvents = decider.decide(command, current.state);
      } catch (error) {
        // A refusal is only an answer on events that are known to be durable.
        if (waitAndRetry === undefined) throw error;
        await waitAndRetry;
        continue;
      }
      if (newEvents.length === 0) {
        if (waitAndRetry !== undefined) {
          await waitAndRetry;
          continue;
        }
        return { kind: 'done', result: { state: current.state, newEvents, nextExpectedRevision: current.revision, position: undefined, replayed: false } };
      }
      const committed = submit(decider, streamName, command, current, newEvents);
      // The first append of a stream keeps the mutex until it commits (see submit), and so does
      // every append to a store that may apply appends out of submission order.
      return current.revision === undefined || !pipelining ? { kind: 'done', result: await committed } : { kind: 'inFlight', committed };
    }
  };

  const replayOf = <State, Evt extends DomainEvent>(current: CachedAggregate & { state: State }, earlier: CommandIdEntry): Step<CommandResult<State, Evt>> => {
    const replay = (position: GlobalPosition): CommandResult<State, Evt> => ({ state: current.state, newEvents: [], nextExpectedRevision: current.revision, position, replayed: true });
    if (typeof earlier === 'bigint') return { kind: 'done', result: replay(earlier) };
    if (earlier.position !== undefined) return { kind: 'done', result: replay(earlier.position) };
    // The same command id is in flight (a client retry racing its original): answer with its outcome.
    return { kind: 'inFlight', committed: earlier.committed!.then(() => replay(earlier.position!)) };
  };

  /**
   * Submits the append and, when the stream exists, caches the state it leads to at once so the
   * next command can decide on it; resolves once the append is durable.
   */
  const submit = <State, Cmd extends Command, Evt extends DomainEvent>(
    decider: Decider<State, Cmd, Evt>,
    streamName: string,
    command: Cmd,
    current: CachedAggregate & { state: State },
    newEvents: Evt[],
  ): Promise<CommandResult<State, Evt>> => {
    const expected: ExpectedRevision = current.revision === undefined ? NO_STREAM : current.revision;
    const appended = deps.eventStore.append(streamName, toEventsToAppend(command, streamName, newEvents, deps.upcasters), { expectedRevision: expected });
    const state = newEvents.reduce(decider.evolve, current.state);
    const commandId = command.metadata.commandId;
    if (current.revision === undefined || !pipelining) {
      // The first append of a stream: the revision it gets is not predictable (a soft-deleted
      // stream continues after its last one), so this command keeps the mutex until it commits.
      // Likewise on a store without ordered appends.
      return appended.then(
        (result) => {
          cache.set(streamName, { state, revision: result.nextExpectedRevision, commandIds: current.commandIds.with(commandId, result.position) });
          return { state, newEvents, nextExpectedRevision: result.nextExpectedRevision, position: result.position, replayed: false };
        },
        (error: unknown) => {
          cache.delete(streamName);
          throw error;
        },
      );
    }
    const placeholder: PendingCommand = { committed: appended };
    const entry: CachedAggregate = {
      state,
      revision: current.revision + BigInt(newEvents.length),
      commandIds: current.commandIds.with(commandId, placeholder),
    };
    const committed = appended.then(
      (result) => {
        placeholder.position = result.position;
        delete placeholder.committed;
        if (cache.get(streamName) === entry) {
          // Nothing was decided on top of it: keep the plain committed state.
          cache.set(streamName, { state, revision: result.nextExpectedRevision, commandIds: current.commandIds.with(commandId, result.position) });
        }
        return { state, newEvents, nextExpectedRevision: result.nextExpectedRevision, position: result.position, replayed: false };
      },
      (error: unknown) => {
        // This state, and any decided on top of it, never happened: read the stream again. A
        // state read back since (nothing pending) is the store's and stays.
        if (cache.get(streamName)?.pending !== undefined) cache.delete(streamName);
        throw error;
      },
    );
    entry.pending = committed.then(
      () => undefined,
      () => undefined,
    );
    cache.set(streamName, entry);
    return committed;
  };

  const handle: CommandHandler['handle'] = async (decider, streamName, command, options = {}) => {
    const retry = options.retry ?? DEFAULT_RETRY;
    for (let tries = 0; ; tries++) {
      try {
        const step = await mutex.run(streamName, () => decideAndSubmit(decider, streamName, command, options));
        return step.kind === 'done' ? step.result : await step.committed;
      } catch (error) {
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

  return { handle, load, cache };
};
