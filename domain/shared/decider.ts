/**
 * The decider pattern (Chassaing; Emmett's `Decider`): all business rules of an aggregate are
 * two pure functions and an initial state. Time, ids and reference data arrive inside the
 * command, so the same command over the same history always decides the same events.
 */
export type DomainEvent<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
}>;

export type Command<Type extends string = string, Data = unknown> = Readonly<{
  type: Type;
  data: Data;
  /** Command metadata every decider may rely on: the clock reading and the actor, supplied by the caller. */
  metadata: CommandMetadata;
}>;

export type CommandMetadata = Readonly<{
  /** ISO-8601 instant at which the command is decided (never read from the clock inside the domain). */
  now: string;
  /** Unique id of this command: the Idempotency-Key at the API edge. Event ids derive from it. */
  commandId: string;
  actor?: Actor;
  reason?: string;
  correlationId?: string;
  causationId?: string;
}>;

export type Actor = Readonly<{ kind: 'customer' | 'store' | 'agent' | 'operator' | 'auditor' | 'admin' | 'system'; id: string }>;

export type Decider<State, Cmd extends Command, Evt extends DomainEvent> = Readonly<{
  decide: (command: Cmd, state: State) => Evt[];
  evolve: (state: State, event: Evt) => State;
  initialState: () => State;
}>;

/** Folds a history into state: the one way any aggregate is rebuilt, for commands and audits alike. */
export const fold = <State, Evt extends DomainEvent>(
  decider: Pick<Decider<State, Command, Evt>, 'evolve' | 'initialState'>,
  events: Iterable<Evt>,
  from: State = decider.initialState(),
): State => {
  let state = from;
  for (const event of events) state = decider.evolve(state, event);
  return state;
};
