import { isPlaced, orderDecider, orderStreamName, type Order } from '../../domain/order/index.js';
import type { Command, Decider, DomainEvent } from '../../domain/shared/decider.js';
import { BadRequestError } from '../../domain/shared/errors.js';
import type { EventStore, RecordedEvent } from '../../infrastructure/eventstore/eventStore.js';
import { StreamNotFoundError } from '../../infrastructure/eventstore/errors.js';
import type { UpcasterRegistry } from '../upcasters.js';
import { orderNotFound } from './orderHistory.js';
import { sourcingAsOf, sourcingDecisions, type SourcingDecisionView } from './sourcingAsOf.js';

/**
 * Time travel over one stream: the aggregate exactly as it was at an instant.
 *
 * The instant is compared with each event's **business time** (`metadata.now`, the clock reading
 * the command was decided at; the store's `created` only for events written without it). The
 * state as of T is the fold of the stream up to and including the **last** event whose business
 * time is ≤ T, in stream order:
 * - ties: an event stamped exactly T is included ("as of T" means after everything decided at T);
 *   all events of one command share `now`, so a command is never half-applied;
 * - business times are non-decreasing within a stream in normal operation (commands on a stream
 *   are serialised). Should clock skew between instances ever record an earlier `now` after a
 *   later one, the rule still folds a prefix of the stream (never skips an event, since `evolve`
 *   assumes stream order), so such an event can appear in an earlier instant's state.
 */
export type AsOfFold<State> = Readonly<{
  state: State;
  /** The last event folded; undefined when nothing had happened yet at that instant. */
  last: RecordedEvent | undefined;
  /** The folded prefix of the stream. */
  events: readonly RecordedEvent[];
  /** Events in the stream now (≥ events.length). */
  total: number;
}>;

/** Business time of an event in ms since the epoch. */
export const businessTime = (event: RecordedEvent): number => {
  const now = event.metadata.now;
  const parsed = typeof now === 'string' ? Date.parse(now) : Number.NaN;
  return Number.isNaN(parsed) ? event.created.getTime() : parsed;
};

/** Parses an `asOf` instant (ISO 8601 with an offset, or epoch milliseconds). */
export const parseInstant = (text: string): number => {
  const ms = /^\d{1,15}$/.test(text) ? Number(text) : /T.*(Z|[+-]\d{2}:\d{2})$/.test(text) ? Date.parse(text) : Number.NaN;
  if (Number.isNaN(ms)) {
    throw new BadRequestError('INVALID_AS_OF', `asOf must be an ISO 8601 date-time with offset (e.g. 2025-03-03T09:00:00Z) or epoch milliseconds, got "${text.slice(0, 64)}"`, { field: 'asOf' });
  }
  return ms;
};

/** Folds a stream as of `asOfMs`; undefined when the stream does not exist at all. */
export const foldAsOf = async <State, Evt extends DomainEvent>(
  eventStore: EventStore,
  decider: Pick<Decider<State, Command, Evt>, 'evolve' | 'initialState'>,
  stream: string,
  asOfMs: number,
  upcasters?: UpcasterRegistry,
): Promise<AsOfFold<State> | undefined> => {
  const all: RecordedEvent[] = [];
  try {
    for await (const event of eventStore.readStream(stream)) all.push(event);
  } catch (error) {
    if (error instanceof StreamNotFoundError) return undefined;
    throw error;
  }
  let cut = 0;
  for (let i = 0; i < all.length; i++) if (businessTime(all[i]!) <= asOfMs) cut = i + 1;
  const events = all.slice(0, cut);
  let state = decider.initialState();
  for (const recorded of events) {
    const event = upcasters ? upcasters.upcast(recorded) : recorded;
    state = decider.evolve(state, { type: event.type, data: event.data } as Evt);
  }
  return { state, last: events.at(-1), events, total: all.length };
};

export type OrderAsOf = Readonly<{
  orderId: string;
  /** The instant asked for, normalised to ISO 8601 UTC. */
  asOf: string;
  /** The order as it was; null when it had not been placed yet at that instant. */
  order: Order | null;
  /** Revision / position / business time / type of the last event folded (null: none yet). */
  revision: string | null;
  position: string | null;
  lastEventAt: string | null;
  lastEventType: string | null;
  eventsApplied: number;
  eventsTotal: number;
  /** The sourcing decisions made by then, each with the availability it saw. */
  sourcing: readonly SourcingDecisionView[];
}>;

export type OrderAsOfOptions = Readonly<{
  /** Reconstruct the availability each sourcing decision saw (reads the inventory streams involved). Default true. */
  availability?: boolean;
  upcasters?: UpcasterRegistry;
}>;

/**
 * `GET /orders/:id?asOf=…`: the order exactly as it was at `asOf`, and what its sourcing decisions
 * saw. 404 when the order has never existed; `order: null` when it did not exist yet at `asOf`.
 */
export const orderAsOf = async (
  oms: Readonly<{ eventStore: EventStore }>,
  orderId: string,
  asOf: string,
  options: OrderAsOfOptions = {},
): Promise<OrderAsOf> => {
  const asOfMs = parseInstant(asOf);
  const folded = await foldAsOf(oms.eventStore, orderDecider, orderStreamName(orderId), asOfMs, options.upcasters);
  if (!folded) throw orderNotFound(orderId);
  const { state, last, events, total } = folded;
  const sourcing =
    options.availability === false
      ? sourcingDecisions(events).map((d) => ({ ...d, availability: [] }))
      : await sourcingAsOf(oms.eventStore, orderId, events);
  return {
    orderId,
    asOf: new Date(asOfMs).toISOString(),
    order: isPlaced(state) ? state : null,
    revision: last ? last.revision.toString() : null,
    position: last ? last.position.toString() : null,
    lastEventAt: last ? new Date(businessTime(last)).toISOString() : null,
    lastEventType: last ? last.type : null,
    eventsApplied: events.length,
    eventsTotal: total,
    sourcing,
  };
};
