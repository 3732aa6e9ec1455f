/**
 * A fulfilment node of the network: where stock sits and orders are fulfilled from.
 * Shared vocabulary for inventory, promise, sourcing and returns.
 */
export const NODE_TYPES = ['dc', 'store', 'supplier', 'locker'] as const;
export type NodeType = (typeof NODE_TYPES)[number];

/** What a node can do. `ship` = ship to a customer; `pickup` = customer collects; `shipToStore` = receives orders for pickup from other nodes; `returns` = accepts returns. */
export const NODE_CAPABILITIES = ['ship', 'pickup', 'shipToStore', 'returns'] as const;
export type NodeCapability = (typeof NODE_CAPABILITIES)[number];

export const NODE_STATUSES = ['open', 'closed'] as const;
export type NodeStatus = (typeof NODE_STATUSES)[number];

export type GeoLocation = Readonly<{
  lat: number;
  lng: number;
  /** ISO 3166-1 alpha-2. */
  country: string;
  region?: string;
  postalCode?: string;
  /** IANA time zone, e.g. "Europe/Paris". Cut-offs and calendars are local to it. */
  timezone: string;
}>;

/** Weekly opening calendar (local times) plus dated closures. */
export type NodeCalendar = Readonly<{
  /** ISO weekdays 1 (Mon) … 7 (Sun) on which the node processes orders. */
  workingDays: readonly number[];
  /** Local dates (YYYY-MM-DD) on which the node does not process orders. */
  holidays: readonly string[];
  /** Local opening hours for pickup readiness, e.g. { open: "09:00", close: "20:00" }. */
  openingHours?: Readonly<{ open: string; close: string }>;
}>;

export type FulfilmentNode = Readonly<{
  id: string;
  type: NodeType;
  name: string;
  location: GeoLocation;
  capabilities: readonly NodeCapability[];
  /** Hours between release and hand-over to the carrier (or ready for pickup). */
  processingHours: number;
  /** Local "HH:MM" after which an order counts as received the next working day. */
  cutoffLocal: string;
  calendar: NodeCalendar;
  /** Orders the node can process per local day. */
  dailyCapacity: number;
  status: NodeStatus;
  /** Channels for which this node is blocked even when open (e.g. a store blocked for marketplace). */
  blockedChannels: readonly string[];
  /** Monotonic version of this node's configuration (its stream revision + 1). */
  version: number;
}>;
