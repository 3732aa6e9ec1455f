import { expect } from 'chai';
import { fold, type Command, type CommandMetadata, type Decider, type DomainEvent } from '../../../../domain/shared/decider.js';
import { DomainError } from '../../../../domain/shared/errors.js';

type ErrorClass = abstract new (...args: never[]) => DomainError;

export type Then<State, Evt extends DomainEvent> = Readonly<{
  /** Expect exactly these events (deep equality), or — given a string — a DomainError with that code. */
  then: (expected: readonly Evt[] | string) => void;
  /** Expect no events (idempotent no-op). */
  thenNothing: () => void;
  /** Expect a DomainError with `code` (and, if given, of `errorClass`); returns it for detail checks. */
  thenFails: (code: string, errorClass?: ErrorClass) => DomainError;
  /** The events decided, for assertions that are not plain equality. */
  events: () => Evt[];
  /** The state after evolving the decided events onto the given history. */
  state: () => State;
}>;

/**
 * Emmett-style decider specification, generic over any Decider:
 *
 *   const given = specFor(inventoryDecider);
 *   given([received(5)]).when(reserve('r1', 2)).then([reserved('r1', 2)]);
 *   given([]).when(reserve('r1', 2)).then('OUT_OF_STOCK');
 */
export const specFor = <State, Cmd extends Command, Evt extends DomainEvent>(decider: Decider<State, Cmd, Evt>) =>
  (history: readonly Evt[] = []) => ({
    when: (command: Cmd): Then<State, Evt> => {
      const decide = (): Evt[] => decider.decide(command, fold(decider, history));
      const fails = (code: string, errorClass?: ErrorClass): DomainError => {
        let caught: unknown;
        let produced: Evt[] | undefined;
        try {
          produced = decide();
        } catch (error) {
          caught = error;
        }
        if (caught === undefined) {
          expect.fail(`expected ${code} but ${command.type} decided ${JSON.stringify(produced)}`);
        }
        if (!(caught instanceof DomainError)) throw caught;
        expect(caught.code, `error code (message: ${caught.message})`).to.equal(code);
        if (errorClass) expect(caught).to.be.instanceOf(errorClass);
        return caught;
      };
      return {
        then: (expected) => {
          if (typeof expected === 'string') fails(expected);
          else expect(decide()).to.deep.equal(expected);
        },
        thenNothing: () => expect(decide()).to.deep.equal([]),
        thenFails: fails,
        events: decide,
        state: () => fold(decider, decide(), fold(decider, history)),
      };
    },
  });

export const DEFAULT_NOW = '2025-03-01T10:00:00.000Z';

let sequence = 0;
/**
 * Builds a command with metadata; each call gets a fresh command id unless one is given. Loosely
 * typed on purpose: each spec wraps it in a helper typed by its own command union.
 */
export const commandOf = <C extends Command = Command>(
  type: string,
  data: unknown,
  metadata: Partial<CommandMetadata> = {},
): C => ({ type, data, metadata: { now: DEFAULT_NOW, commandId: `cmd-${++sequence}`, ...metadata } }) as unknown as C;

/** Asserts an event payload survives JSON unchanged: no Dates, bigints, Decimals, undefined values or Maps. */
export const expectJsonSafe = (events: readonly DomainEvent[]): void => {
  for (const event of events) expect(JSON.parse(JSON.stringify(event)), event.type).to.deep.equal(event);
};
