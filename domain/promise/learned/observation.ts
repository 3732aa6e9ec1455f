/**
 * What the learner is told, as the order events would tell it. Instants are epoch milliseconds
 * (the application adapter parses the ISO strings of the events). Keys name the hierarchy a
 * duration is pooled in, finest first — e.g. handling ["seller:S1", "sellerState:SP", "*"],
 * transit ["SP>RJ:22", "SP>RJ", ">RJ", "*"]; the model knows nothing about what they mean.
 *
 * An order may have several legs (one per shipping node) and a leg several parcels; both ids are
 * optional and default to the order id, which is all a one-node, one-parcel order needs.
 */
export type Keys = readonly string[];

/** Purchase: the handling clock of the leg starts (censored until hand-over). */
export type Placed = Readonly<{ type: 'placed'; orderId: string; legId?: string; at: number; handlingKeys: Keys; transitKeys: Keys }>;

/** Carrier hand-over: a handling sample completes, the transit clock of the parcel starts. */
export type HandedOver = Readonly<{
  type: 'handedOver';
  orderId: string;
  legId?: string;
  parcelId?: string;
  at: number;
  /** When the shipping node differs from the one known at placement. */
  handlingKeys?: Keys;
  transitKeys?: Keys;
}>;

/**
 * Delivery: a transit sample completes. `final` says the order is now complete and resolves its
 * promise (kept or late); by default it is final when nothing else of the order is still open.
 */
export type Delivered = Readonly<{ type: 'delivered'; orderId: string; legId?: string; parcelId?: string; at: number; final?: boolean }>;

/** The order will not complete: its open subjects and promise are dropped, not counted. */
export type Cancelled = Readonly<{ type: 'cancelled'; orderId: string; at: number }>;

/** A promise was made: kept if delivered before `deadline` (exclusive end of the promised local day). */
export type Promised = Readonly<{ type: 'promised'; orderId: string; at: number; deadline: number }>;

/** Time passes with nothing else happening: lets expired promises count as misses. */
export type Tick = Readonly<{ type: 'tick'; at: number }>;

export type Observation = Placed | HandedOver | Delivered | Cancelled | Promised | Tick;

export const legSubject = (orderId: string, legId?: string): string => (legId === undefined ? orderId : `${orderId}@${legId}`);
export const parcelSubject = (orderId: string, legId?: string, parcelId?: string): string =>
  parcelId ?? legSubject(orderId, legId);
