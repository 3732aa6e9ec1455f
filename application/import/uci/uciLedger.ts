import { streamId } from '../../../domain/network/identifier.js';
import type { Command, Decider, DomainEvent } from '../../../domain/shared/decider.js';
import type { MoneyJson } from '../../../domain/shared/money.js';
import type { BadRowReason } from './uciRow.js';
import type { UnmatchedReason } from './cancellationMatcher.js';

/**
 * The import's own record of each invoice, `process-uciImport-<invoiceNo>`: what the invoice
 * became (order, cancellations, returns), the charges and adjustments it carried, the rows that
 * could not be imported and why, and the cancellation lines left unmatched. It is written last,
 * once the invoice's commands are done, so its presence means "imported": a re-run skips the
 * invoice (and rebuilds the cancellation index from these entries) instead of re-deciding it
 * against today's state.
 */
export const UCI_IMPORT_PROCESS = 'uciImport';
export const uciLedgerStreamName = (invoiceNo: string): string => `process-${UCI_IMPORT_PROCESS}-${streamId(invoiceNo)}`;

export type LedgerCharge = Readonly<{ stockCode: string; kind: 'charge' | 'adjustment'; category: string; quantity: number; amount: MoneyJson }>;
export type LedgerMatch = Readonly<{ stockCode: string; invoiceNo: string; orderId: string; lineId: string; quantity: number; action: 'cancel' | 'return' }>;
export type LedgerUnmatched = Readonly<{ stockCode: string; quantity: number; reason: UnmatchedReason | string }>;

export type UciInvoiceImported = DomainEvent<'UciInvoiceImported', Readonly<{
  invoiceNo: string;
  kind: 'sale' | 'cancellation' | 'adjustment';
  at: string;
  customerId?: string;
  outcome: 'order' | 'cancellation' | 'charges only' | 'failed' | 'nothing to import';
  orderId?: string;
  /** Sold lines (sale): what a later cancellation can match. */
  lines: readonly Readonly<{ stockCode: string; lineId: string; quantity: number }>[];
  charges: readonly LedgerCharge[];
  matches: readonly LedgerMatch[];
  unmatched: readonly LedgerUnmatched[];
  badRows: readonly Readonly<{ stockCode: string; reason: BadRowReason }>[];
  failure?: Readonly<{ code: string; message: string }>;
}>>;

export type RecordInvoiceImport = Command<'RecordInvoiceImport', UciInvoiceImported['data']>;
export type UciLedgerState = Readonly<{ imported: UciInvoiceImported['data'] | undefined }>;

/**
 * A record that says "failed" only because the OMS stayed behind while the invoice ran (a drain
 * timeout — before the import stopped on those, it recorded them; their code was the generic
 * `Error`): the invoice itself was never refused, so a re-run imports it again and records the
 * real outcome over this one. Failures the domain decided (a refused command) are final.
 */
export const failedByInfrastructure = (entry: UciInvoiceImported['data']): boolean =>
  entry.outcome === 'failed' && entry.failure !== undefined &&
  (entry.failure.code === 'IMPORT_DRAIN_TIMEOUT' || (entry.failure.code === 'Error' && entry.failure.message.includes('did not handle the events after position')));

export const uciLedgerDecider: Decider<UciLedgerState, RecordInvoiceImport, UciInvoiceImported> = {
  initialState: () => ({ imported: undefined }),
  decide: (command, state) => (state.imported && !failedByInfrastructure(state.imported) ? [] : [{ type: 'UciInvoiceImported', data: command.data }]),
  evolve: (_state, event) => ({ imported: event.data }),
};
