/**
 * The words of the returns domain. Kept as `as const` lists so commands can be checked at run time
 * (they arrive from JSON) and the types follow from the same source.
 */

/** Where the customer started the return. Independent of the order's channel: a web order may come back in a store. */
export const RETURN_CHANNELS = ['web', 'store', 'call_center', 'marketplace'] as const;
export type ReturnChannel = (typeof RETURN_CHANNELS)[number];

/**
 * How the goods travel back. `in_store`: handed over at a store counter (received on the spot);
 * `carrier_label`: customer ships with a prepaid label; `drop_off`: customer drops the parcel at a
 * carrier point; `box_free`: customer shows a QR code at a drop-off point that packs the item.
 */
export const RETURN_METHODS = ['in_store', 'carrier_label', 'drop_off', 'box_free'] as const;
export type ReturnMethod = (typeof RETURN_METHODS)[number];

/** The RMA aggregate covers three kinds (Medusa's order changes, OFBiz return types). */
export const RETURN_KINDS = ['return', 'exchange', 'claim'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

export const RETURN_REASONS = [
  'changed_mind', 'wrong_size', 'not_as_described', 'late_delivery', 'damaged', 'wrong_item', 'defective', 'missing', 'other',
] as const;
export type ReturnReason = (typeof RETURN_REASONS)[number];

/** Reasons a claim may give: something is wrong with what the merchant delivered. */
export const CLAIM_REASONS = ['missing', 'damaged', 'wrong_item', 'defective'] as const satisfies readonly ReturnReason[];
export type ClaimReason = (typeof CLAIM_REASONS)[number];

/** Merchant-fault reasons unless the policy says otherwise: no restocking fee, original shipping refunded. */
export const DEFAULT_MERCHANT_FAULT_REASONS: readonly ReturnReason[] = ['damaged', 'wrong_item', 'defective', 'missing'];

/** Condition of an item: declared by the customer at request, established by inspection at receipt. */
export const ITEM_CONDITIONS = ['new', 'opened', 'damaged', 'defective'] as const;
export type ItemCondition = (typeof ITEM_CONDITIONS)[number];

/** What happens to a received unit: back to sellable stock, to repair, or written off (Medusa: damaged not restocked). */
export const DISPOSITIONS = ['restock', 'refurbish', 'dispose'] as const;
export type Disposition = (typeof DISPOSITIONS)[number];

/** When money goes back: as soon as the return is authorised, or once the goods are received. */
export const REFUND_TIMINGS = ['on_request', 'on_receipt'] as const;
export type RefundTiming = (typeof REFUND_TIMINGS)[number];

export const RETURN_STATUSES = [
  'none', 'pending_approval', 'authorized', 'in_transit', 'partially_received', 'received', 'rejected', 'cancelled', 'closed',
] as const;
export type ReturnStatus = (typeof RETURN_STATUSES)[number];

export const isOneOf = <T extends string>(allowed: readonly T[], value: unknown): value is T =>
  typeof value === 'string' && (allowed as readonly string[]).includes(value);
