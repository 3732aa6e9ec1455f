import type { RecordedEvent } from '../../../../infrastructure/eventstore/eventStore.js';

/**
 * Recorded events for projection unit tests: a stream's events get consecutive revisions and
 * every event a global position, as the store would assign them. Data holds only the fields the
 * projections read (cast: the full event shapes are the domain's business).
 */
export const eventLog = () => {
  let position = 0n;
  const revisions = new Map<string, bigint>();
  return (streamName: string, type: string, data: Record<string, unknown>, now: string): RecordedEvent => {
    const revision = revisions.get(streamName) ?? 0n;
    revisions.set(streamName, revision + 1n);
    position += 1n;
    return {
      id: `${streamName}-${revision}`, type, streamName, revision, position,
      data: data as RecordedEvent['data'],
      metadata: { now, commandId: `c-${position}`, actor: { kind: 'customer', id: 'c1' } } as unknown as RecordedEvent['metadata'],
      created: new Date(now),
    };
  };
};

const eur = (amount: string) => ({ amount, currency: 'EUR' });
const amounts = (total: string) => ({ subtotal: eur(total), discount: eur('0'), tax: eur('0'), duty: eur('0'), merchantDuty: eur('0'), total: eur(total) });

export const placedData = (orderId: string, over: Record<string, unknown> = {}) => ({
  orderId, channel: 'web', customerId: 'cust-1', currency: 'EUR', locale: 'fr-FR', deliveryMethod: 'standard',
  destination: { country: 'FR', lat: 48.85, lng: 2.35, city: 'Paris', postalCode: '75004', line1: '1 rue X' },
  lines: [
    { lineId: '1', sku: 'TEE', quantity: 2, unitPrice: eur('20.00'), proposedNode: 'dc-paris', amounts: amounts('40.00') },
    { lineId: '2', sku: 'MUG', quantity: 1, unitPrice: eur('12.50'), proposedNode: 'store-12', amounts: amounts('12.50') },
  ],
  totals: { total: eur('57.40') },
  promise: { earliest: '2026-03-04', latest: '2026-03-06' },
  placedAt: '2026-03-02T09:00:00.000Z',
  checkout: { requestHash: 'h', sourcing: [{ decision: { totalCost: eur('7.10') }, failed: [] }] },
  ...over,
});

/** The shared fields of a post-purchase change event. */
export const changeData = (reason: string, moves: unknown[], total: string, refund: string, lineAmounts: unknown[] = []) => ({
  reason, moves, lineAmounts, totals: { total: eur(total) },
  moneyDifference: { amount: refund, currency: 'EUR', direction: refund === '0' ? 'none' : 'refund' },
});

export const move = (lineId: string, quantity: number, from: string, to: string, node?: string) =>
  ({ lineId, quantity, from: { stage: from }, to: { stage: to, ...(node ? { node } : {}) } });
