/**
 * Matches the lines of a cancellation invoice (`C…`) to the sales they undo.
 *
 * The rule (the file carries no reference to the original invoice, so it is inferred):
 * 1. same CustomerID and same StockCode — guest lines (no CustomerID) cannot be tied to anyone;
 * 2. an original invoice dated no later than the cancellation (and not the cancellation itself);
 * 3. the most recent such sale first (a customer cancels what they just bought), spilling over
 *    to older sales when one line does not cover the quantity;
 * 4. never more than the original line still has (sold − already cancelled or returned).
 * What is left over is unmatched, with the reason.
 */
export type SoldLine = { readonly invoiceNo: string; readonly orderId: string; readonly lineId: string; readonly at: string; remaining: number };

export type Allocation = Readonly<{ invoiceNo: string; orderId: string; lineId: string; quantity: number }>;

export const UNMATCHED_REASONS = [
  'no customer id',
  'no earlier sale of this stock code to this customer',
  'quantity exceeds what the earlier sales still hold',
] as const;
export type UnmatchedReason = (typeof UNMATCHED_REASONS)[number];

export type MatchResult = Readonly<{ allocations: readonly Allocation[]; unmatched?: Readonly<{ quantity: number; reason: UnmatchedReason }> }>;

export type SalesIndex = Readonly<{
  /** Remembers a sold line (after its order was placed). */
  record: (customerId: string, stockCode: string, line: Omit<SoldLine, 'remaining'> & { quantity: number }) => void;
  /** Plans the match of `quantity` units (positive) without changing the index. */
  match: (customerId: string | undefined, stockCode: string, quantity: number, at: string, invoiceNo: string) => MatchResult;
  /** Takes matched units off the sold lines (once the cancellation or return was recorded). */
  commit: (customerId: string, stockCode: string, allocations: readonly Allocation[]) => void;
  /** Open sold lines held (for memory accounting). */
  size: () => number;
}>;

const keyOf = (customerId: string, stockCode: string) => `${customerId}\u0000${stockCode.toUpperCase()}`;

export const createSalesIndex = (): SalesIndex => {
  const lines = new Map<string, SoldLine[]>();
  let size = 0;
  return {
    record: (customerId, stockCode, { quantity, ...line }) => {
      if (quantity <= 0) return;
      const key = keyOf(customerId, stockCode);
      const list = lines.get(key) ?? [];
      list.push({ ...line, remaining: quantity });
      lines.set(key, list);
      size += 1;
    },
    match: (customerId, stockCode, quantity, at, invoiceNo) => {
      if (customerId === undefined) return { allocations: [], unmatched: { quantity, reason: 'no customer id' } };
      const candidates = (lines.get(keyOf(customerId, stockCode)) ?? []).filter((l) => l.at <= at && l.invoiceNo !== invoiceNo && l.remaining > 0);
      if (candidates.length === 0) return { allocations: [], unmatched: { quantity, reason: 'no earlier sale of this stock code to this customer' } };
      // Most recent first; among equal times the later recorded (later in the file) first.
      const ordered = candidates.map((l, i) => ({ l, i })).sort((a, b) => (a.l.at === b.l.at ? b.i - a.i : a.l.at < b.l.at ? 1 : -1));
      const allocations: Allocation[] = [];
      let left = quantity;
      for (const { l } of ordered) {
        if (left === 0) break;
        const take = Math.min(left, l.remaining);
        allocations.push({ invoiceNo: l.invoiceNo, orderId: l.orderId, lineId: l.lineId, quantity: take });
        left -= take;
      }
      return left === 0 ? { allocations } : { allocations, unmatched: { quantity: left, reason: 'quantity exceeds what the earlier sales still hold' } };
    },
    commit: (customerId, stockCode, allocations) => {
      const key = keyOf(customerId, stockCode);
      const list = lines.get(key);
      if (!list) return;
      for (const a of allocations) {
        const line = list.find((l) => l.orderId === a.orderId && l.lineId === a.lineId);
        if (line) line.remaining -= Math.min(a.quantity, line.remaining);
      }
      const open = list.filter((l) => l.remaining > 0);
      size -= list.length - open.length;
      if (open.length === 0) lines.delete(key);
      else lines.set(key, open);
    },
    size: () => size,
  };
};
