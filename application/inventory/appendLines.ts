import { inventoryDecider, type InventoryCommand, type InventoryEvent, type InventoryState } from '../../domain/inventory/index.js';
import { DomainError } from '../../domain/shared/errors.js';
import { ConcurrencyError } from '../../infrastructure/eventstore/errors.js';
import { NO_STREAM, type EventToAppend, type GlobalPosition } from '../../infrastructure/eventstore/eventStore.js';
import { toEventsToAppend } from '../eventMetadata.js';
import type { Outcome, CommandDeps } from './useCaseContext.js';

export type LineOutcome =
  | Readonly<{ index: number; outcome: Outcome; state: InventoryState; events: readonly InventoryEvent[] }>
  | Readonly<{ index: number; outcome: 'failed'; error: DomainError }>;

export type AppendedLines = Readonly<{
  outcomes: LineOutcome[];
  /** Global position of the append (undefined when nothing was written). */
  position: GlobalPosition | undefined;
  /** Stream revision the lines were decided on (undefined = no stream yet). */
  basedOn: bigint | undefined;
}>;

const MAX_ATTEMPTS = 6;

/**
 * Several commands of one batch for ONE inventory position, decided in order against the
 * position's state and appended together with one expected revision: a 10,000-line feed costs
 * one append per position and chunk instead of one per line. Each line stays its own command —
 * its events carry its own command id and derive their ids from it exactly as the command handler
 * would — so a retried batch replays line by line, and a line refused by the domain is skipped
 * without affecting the others. A concurrent writer makes the append fail on the revision: the
 * lines are then decided again on the new state.
 */
export const appendLines = async (
  deps: CommandDeps,
  stream: string,
  lines: readonly Readonly<{ index: number; command: InventoryCommand }>[],
): Promise<AppendedLines> => {
  for (let attempt = 1; ; attempt++) {
    const loaded = await deps.commands.load(inventoryDecider, stream);
    let state = loaded.state;
    const outcomes: LineOutcome[] = [];
    const events: EventToAppend[] = [];
    const written: string[] = [];
    for (const { index, command } of lines) {
      if (loaded.commandIds.has(command.metadata.commandId)) {
        outcomes.push({ index, outcome: 'replayed', state, events: [] });
        continue;
      }
      try {
        const decided = inventoryDecider.decide(command, state);
        if (decided.length > 0) {
          events.push(...toEventsToAppend(command, stream, decided));
          written.push(command.metadata.commandId);
          state = decided.reduce(inventoryDecider.evolve, state);
        }
        outcomes.push({ index, outcome: decided.length > 0 ? 'applied' : 'unchanged', state, events: decided });
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        outcomes.push({ index, outcome: 'failed', error });
      }
    }
    if (events.length === 0) return { outcomes, position: undefined, basedOn: loaded.revision };
    try {
      const result = await deps.eventStore.append(stream, events, { expectedRevision: loaded.revision ?? NO_STREAM });
      const commandIds = written.reduce((ids, id) => ids.with(id, result.position), loaded.commandIds);
      deps.commands.cache.set(stream, { state, revision: result.nextExpectedRevision, commandIds });
      return { outcomes, position: result.position, basedOn: loaded.revision };
    } catch (error) {
      deps.commands.cache.delete(stream);
      if (!(error instanceof ConcurrencyError) || attempt >= MAX_ATTEMPTS) throw error;
    }
  }
};
