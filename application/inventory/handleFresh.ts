import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import { DomainError } from '../../domain/shared/errors.js';
import type { CommandResult } from '../commandHandler.js';
import type { CommandDeps } from './useCaseContext.js';

/**
 * `commands.handle`, but a refusal or a no-op decided on a cached state is only final once the
 * cache is known to be current. With several OMS instances, another one may have appended (stock
 * received, a reservation made) since this instance cached the stream; an append would notice
 * through the expected revision, but a refusal or a no-op never appends — so without this check a
 * stale cache could answer OUT_OF_STOCK while stock is there, or "release" a reservation it has
 * not seen yet by doing nothing (a leak). One revision read, only on those paths.
 */
export const handleFresh = async <S, C extends Command, E extends DomainEvent>(
  deps: CommandDeps,
  decider: Decider<S, C, E>,
  stream: string,
  command: C,
): Promise<CommandResult<S, E>> => {
  // The revision the decision can have been taken on, at the oldest: what is cached now.
  const cached = deps.commands.cache.get(stream);
  const movedOn = async () => cached !== undefined && (await deps.eventStore.streamRevision(stream)) !== cached.revision;
  let result: CommandResult<S, E>;
  try {
    result = await deps.commands.handle(decider, stream, command);
  } catch (error) {
    if (!(error instanceof DomainError) || !(await movedOn())) throw error;
    deps.commands.cache.delete(stream);
    return deps.commands.handle(decider, stream, command);
  }
  if (result.replayed || result.newEvents.length > 0 || !(await movedOn())) return result;
  deps.commands.cache.delete(stream);
  return deps.commands.handle(decider, stream, command);
};

/** True when this instance's cached state of `stream` is behind the store. */
export const isStale = async (deps: CommandDeps, stream: string): Promise<boolean> => {
  const cached = deps.commands.cache.get(stream);
  if (cached === undefined) return false;
  return (await deps.eventStore.streamRevision(stream)) !== cached.revision;
};
