import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import { ConflictError } from '../../domain/shared/errors.js';

/** A tiny aggregate for testing the command and projection machinery: a counter with a limit. */
export type CounterState = { value: number; limit: number | undefined };
export type CounterEvent = DomainEvent<'Incremented', { by: number }> | DomainEvent<'LimitSet', { limit: number }>;
export type CounterCommand = Command<'Increment', { by: number }> | Command<'SetLimit', { limit: number }>;

export const counterDecider: Decider<CounterState, CounterCommand, CounterEvent> = {
  initialState: () => ({ value: 0, limit: undefined }),
  decide: (command, state) => {
    switch (command.type) {
      case 'Increment': {
        const { by } = command.data as { by: number };
        if (state.limit !== undefined && state.value + by > state.limit) {
          throw new ConflictError('LIMIT_EXCEEDED', `counter would exceed ${state.limit}`);
        }
        return by === 0 ? [] : [{ type: 'Incremented', data: { by } }];
      }
      case 'SetLimit':
        return [{ type: 'LimitSet', data: { limit: (command.data as { limit: number }).limit } }];
    }
  },
  evolve: (state, event) => {
    switch (event.type) {
      case 'Incremented':
        return { ...state, value: state.value + (event.data as { by: number }).by };
      case 'LimitSet':
        return { ...state, limit: (event.data as { limit: number }).limit };
      default:
        return state;
    }
  },
};

let sequence = 0;
export const increment = (by: number, commandId = `cmd-${++sequence}-${Math.random().toString(36).slice(2)}`): CounterCommand => ({
  type: 'Increment',
  data: { by },
  metadata: { now: '2026-11-27T10:00:00.000Z', commandId, actor: { kind: 'agent', id: 'alice' }, reason: 'test' },
});

export const setLimit = (limit: number, commandId = `limit-${++sequence}`): CounterCommand => ({
  type: 'SetLimit',
  data: { limit },
  metadata: { now: '2026-11-27T10:00:00.000Z', commandId },
});
