import type { FulfilmentNode } from '../network/node.js';
import type { AvailabilityIndex } from './availability.js';
import type { CarrierService } from './carrierService.js';
import type { CapacityUsed } from './nodeSchedule.js';
import type { TransitModel } from './transitModel.js';

export type DeliveryMethod = 'delivery' | 'pickup' | 'shipToStore';

export type CartLine = Readonly<{ sku: string; quantity: number }>;

export type Destination = Readonly<{
  lat: number;
  lng: number;
  country: string;
  region?: string;
  postalCode?: string;
}>;

export type PromiseOptions = Readonly<{
  /** Transit quantile the promise is built on (the confidence it carries); default 0.9. */
  quantile?: number;
  /** Hours between expected supply's ETA and it being usable, and a ship-to-store parcel's receipt at the store; default 2. */
  receivingHours?: number;
  /** Nodes farther from the destination (or pickup node) never quote; default unbounded. */
  maxDistanceKm?: number;
  /** Stocked nodes, nearest first, that get the full date arithmetic; default 12. */
  maxCandidates?: number;
  /** Days ahead the engine looks for working days/capacity before giving up; default 60. */
  horizonDays?: number;
  /** Without a pickup node: pickup stores offered within this radius of the destination; default 30 km. */
  pickupRadiusKm?: number;
  maxPickupOptions?: number;
  /** Carrier service used for ship-to-store transfers; default the first service. */
  shipToStoreService?: string;
}>;

export type PromiseInput = Readonly<{
  /** ISO instant the quote is made at (never read from a clock). */
  now: string;
  lines: readonly CartLine[];
  /** Delivery address; needed for delivery and for finding pickup stores near the customer. */
  destination?: Destination;
  /** The store the customer chose for pickup / ship-to-store. */
  pickupNodeId?: string;
  channel: string;
  deliveryMethods: readonly DeliveryMethod[];
  nodes: readonly FulfilmentNode[];
  availability: AvailabilityIndex;
  capacityUsed?: CapacityUsed;
  /** Nodes that must not be used, e.g. after they rejected this order (re-promise). */
  excludedNodeIds?: readonly string[];
  carrierServices: readonly CarrierService[];
  transitModel: TransitModel;
  options?: PromiseOptions;
}>;

export type NodeLines = Readonly<{ nodeId: string; lines: readonly CartLine[] }>;

export type DeliveryOption = Readonly<{
  method: 'delivery';
  service: string;
  nodes: readonly NodeLines[];
  split: boolean;
  /** Latest hand-over instant (ISO, node offset) over the shipping nodes. */
  shipBy: string;
  /** Node-local date of that hand-over. */
  shipDate: string;
  /** Local date at the destination by which the parcel arrives with `confidence`. */
  deliverBy: string;
  transitDays: number;
  quantile: number;
  confidence: number;
  distanceKm: number;
  explanation: readonly string[];
}>;

export type PickupOption = Readonly<{
  method: 'pickup';
  node: string;
  /** ISO instant (node offset), always inside the store's opening hours. */
  readyBy: string;
  distanceKm?: number;
  explanation: readonly string[];
}>;

export type ShipToStoreOption = Readonly<{
  method: 'shipToStore';
  service: string;
  shipFrom: string;
  pickupNode: string;
  shipBy: string;
  arrivesOn: string;
  readyBy: string;
  quantile: number;
  confidence: number;
  explanation: readonly string[];
}>;

export type PromiseOption = DeliveryOption | PickupOption | ShipToStoreOption;

export type UnavailableReason =
  | 'NO_DESTINATION'
  | 'UNKNOWN_NODE'
  | 'EXCLUDED'
  | 'CLOSED'
  | 'CHANNEL_BLOCKED'
  | 'NO_CAPABILITY'
  | 'NO_STOCK'
  | 'NO_SERVICE'
  | 'BEYOND_HORIZON';

export type Unavailable = Readonly<{
  method: DeliveryMethod;
  service?: string;
  node?: string;
  reason: UnavailableReason;
  detail: string;
}>;

export type PromiseQuote = Readonly<{
  quotedAt: string;
  options: readonly PromiseOption[];
  unavailable: readonly Unavailable[];
  /** Nodes that went through full date arithmetic (after the stock/distance prefilter). */
  candidatesEvaluated: number;
}>;
