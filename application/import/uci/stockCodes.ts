/**
 * Stock codes of the UCI file that are not merchandise, and what each becomes. Charges are money
 * the retailer billed on top of the goods (postage, carriage, bank charges); adjustments change
 * what is owed without goods moving (discounts, manual corrections, samples, fees, bad debt).
 * They are not orderable SKUs (no stock, no fulfilment); the import records them, with their
 * signed amount, in the invoice's import ledger entry (`uciLedger.ts`).
 *
 * | code(s)            | file description        | becomes                                   |
 * |--------------------|-------------------------|-------------------------------------------|
 * | POST, DOT, C2      | postage, dotcom postage, carriage | charge `shipping`               |
 * | BANK CHARGES       | bank charges            | charge `bank_charges`                     |
 * | D                  | Discount                | adjustment `discount` (negative)          |
 * | M, m               | Manual                  | adjustment `manual` (sign as in the file) |
 * | S                  | SAMPLES                 | adjustment `samples`                      |
 * | AMAZONFEE          | AMAZON FEE              | adjustment `marketplace_fee`              |
 * | CRUK               | CRUK Commission         | adjustment `commission`                   |
 * | B (and A-invoices) | Adjust bad debt         | adjustment `bad_debt`                     |
 * | PADS               | pads to match cushions (0.001) | adjustment `make_weight`           |
 *
 * Amounts are quantity × unit price as in the file; on a cancellation invoice (`C…`) the
 * quantity is negative, so the recorded amount reverses the original charge.
 */
export type NonProduct = Readonly<{ kind: 'charge' | 'adjustment'; category: string }>;

const TABLE: Readonly<Record<string, NonProduct>> = {
  POST: { kind: 'charge', category: 'shipping' },
  DOT: { kind: 'charge', category: 'shipping' },
  C2: { kind: 'charge', category: 'shipping' },
  'BANK CHARGES': { kind: 'charge', category: 'bank_charges' },
  D: { kind: 'adjustment', category: 'discount' },
  M: { kind: 'adjustment', category: 'manual' },
  S: { kind: 'adjustment', category: 'samples' },
  AMAZONFEE: { kind: 'adjustment', category: 'marketplace_fee' },
  CRUK: { kind: 'adjustment', category: 'commission' },
  B: { kind: 'adjustment', category: 'bad_debt' },
  PADS: { kind: 'adjustment', category: 'make_weight' },
};

/** The non-product meaning of a stock code (case-insensitive: the file has `M` and `m`), or undefined for merchandise. */
export const classifyStockCode = (stockCode: string): NonProduct | undefined => TABLE[stockCode.trim().toUpperCase()];
