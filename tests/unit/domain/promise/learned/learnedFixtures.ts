import {
  initialLearnedPromiseState,
  observe,
  type LearnedPromiseConfig,
  type LearnedPromiseState,
  type Observation,
} from '../../../../../domain/promise/learned/index.js';

export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;
/** 2024-01-01T00:00Z: scenarios count days from here. */
export const T0 = Date.UTC(2024, 0, 1);
export const at = (days: number): number => T0 + days * DAY;

export const LANE = ['lane:SP>RJ', 'dest:RJ', '*'];
export const HANDLING = ['seller:S1', 'sellerState:SP', '*'];

/** A parcel that is handed over at `handOverDay` and delivered `transitDays` later (open when undefined). */
export type Parcel = Readonly<{ id: string; placedDay: number; handlingDays: number; transitDays?: number; handling?: readonly string[]; transit?: readonly string[] }>;

export const parcelObservations = (p: Parcel): Observation[] => {
  const handedOver = p.placedDay + p.handlingDays;
  const out: Observation[] = [
    { type: 'placed', orderId: p.id, at: at(p.placedDay), handlingKeys: p.handling ?? HANDLING, transitKeys: p.transit ?? LANE },
    { type: 'handedOver', orderId: p.id, at: at(handedOver) },
  ];
  if (p.transitDays !== undefined) out.push({ type: 'delivered', orderId: p.id, at: at(handedOver + p.transitDays) });
  return out;
};

/** Feeds the observations in time order (stable for ties), as the event stream would. */
export const feed = (observations: readonly Observation[], config: Partial<LearnedPromiseConfig> = {}, from?: LearnedPromiseState): LearnedPromiseState => {
  const sorted = observations.map((o, i) => [o, i] as const).sort((a, b) => a[0].at - b[0].at || a[1] - b[1]);
  let s = from ?? initialLearnedPromiseState(config);
  for (const [o] of sorted) s = observe(s, o);
  return s;
};

export const parcels = <T = Parcel>(n: number, make: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => make(i));
