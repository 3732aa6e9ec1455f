import type { Command, DomainEvent } from '../../domain/shared/decider.js';
import { importPeer } from '../lib/peer.js';

/**
 * The slice of Emmett 0.38.5's API this benchmark uses, typed here so the project type-checks
 * whether or not bench/peer is installed (checked against the installed .d.ts:
 * `DeciderCommandHandler` in @event-driven-io/emmett, `getSQLiteEventStore` in emmett-sqlite).
 */
export type EmmettStore = Readonly<{
  appendToStream: unknown;
  aggregateStream: unknown;
  readStream: (streamName: string) => Promise<{ events: readonly unknown[] }>;
}>;

export type EmmettDecider<State, Cmd extends Command, Evt extends DomainEvent> = Readonly<{
  decide: (command: Cmd, state: State) => Evt | Evt[];
  evolve: (state: State, event: Evt) => State;
  initialState: () => State;
}>;

export type EmmettHandleResult<State, Evt> = Readonly<{ newEvents: Evt[]; newState: State; nextExpectedStreamVersion: bigint }>;

export type EmmettApi = Readonly<{
  DeciderCommandHandler: <State, Cmd extends Command, Evt extends DomainEvent>(
    options: EmmettDecider<State, Cmd, Evt>,
  ) => (store: EmmettStore, id: string, command: Cmd) => Promise<EmmettHandleResult<State, Evt>>;
  getSQLiteEventStore: (options: { fileName: string }) => EmmettStore;
}>;

export const loadEmmett = async (): Promise<EmmettApi> => {
  const core = (await importPeer('@event-driven-io/emmett')) as Pick<EmmettApi, 'DeciderCommandHandler'>;
  const sqlite = (await importPeer('@event-driven-io/emmett-sqlite')) as Pick<EmmettApi, 'getSQLiteEventStore'>;
  if (typeof core.DeciderCommandHandler !== 'function' || typeof sqlite.getSQLiteEventStore !== 'function') {
    throw new Error('bench/peer does not export DeciderCommandHandler / getSQLiteEventStore (unexpected Emmett version)');
  }
  return { DeciderCommandHandler: core.DeciderCommandHandler, getSQLiteEventStore: sqlite.getSQLiteEventStore };
};
