/**
 * The finance ledger: one entry per money movement on one tender of one order, derived from
 * events (never typed in). Entries are plain JSON (amount strings, ISO instants) so a projection
 * can store them as they are and a rebuild reproduces them byte for byte.
 */
export const LEDGER_KINDS = ['authorized', 'captured', 'refunded', 'voided', 'written_off', 'charged_difference'] as const;
export type LedgerKind = (typeof LEDGER_KINDS)[number];

/** The event an entry comes from: its id, or its stream and revision (decimal string). */
export type LedgerCause = Readonly<{ eventType: string; eventId?: string; stream?: string; revision?: string }>;

export type LedgerEntry = Readonly<{
  /** Deterministic: `<eventId or stream@revision>:<index within the event>`, so re-projection deduplicates. */
  entryId: string;
  orderId: string;
  lineId?: string;
  tenderId: string;
  /** Payment method of the tender (`card`, `gift_card`, …): settlement groups by it. */
  method: string;
  /** Channel the order was placed on: settlement groups by it. */
  channel: string;
  kind: LedgerKind;
  /** Non-negative decimal string; the kind gives the direction. */
  amount: string;
  currency: string;
  causedBy: LedgerCause;
  /** ISO-8601 business instant of the movement. */
  at: string;
}>;

/** Where an event sits in the log; the entry ids derive from it. */
export type LedgerSource = Readonly<{ eventId: string }> | Readonly<{ stream: string; revision: bigint | string }>;

export const causeOf = (eventType: string, source: LedgerSource): LedgerCause =>
  'eventId' in source
    ? { eventType, eventId: source.eventId }
    : { eventType, stream: source.stream, revision: source.revision.toString() };

export const entryIdOf = (source: LedgerSource, index: number): string =>
  'eventId' in source ? `${source.eventId}:${index}` : `${source.stream}@${source.revision.toString()}:${index}`;
