import { expect } from 'chai';
import { createAnomalies } from '../../../../../application/import/olist/anomalies.js';
import type { OlistOrderRecord } from '../../../../../application/import/olist/olistDataset.js';
import { planOrder, timeline } from '../../../../../application/import/olist/olistTimeline.js';

const base: OlistOrderRecord = {
  orderId: 'o1',
  customerId: 'c1',
  status: 'delivered',
  purchasedAt: '2017-03-01T10:00:00.000Z',
  approvedAt: '2017-03-01T11:00:00.000Z',
  handedOverAt: '2017-03-03T09:00:00.000Z',
  deliveredAt: '2017-03-08T15:00:00.000Z',
  estimatedDate: '2017-03-20',
  destination: { zip: '01001', city: 'sao paulo', state: 'SP', lat: -23.5, lng: -46.6 },
  items: [{ productId: 'p', sellerId: 's', quantity: 1 }],
};

const plan = (o: Partial<OlistOrderRecord>) => {
  const anomalies = createAnomalies();
  const steps = planOrder({ ...base, ...o } as OlistOrderRecord, anomalies).map((s) => `${s.kind}@${s.at.slice(5, 16)}`);
  return { steps, anomalies: anomalies.snapshot() };
};

describe('Olist timeline: each order as OMS steps at its recorded instants, repairs counted', () => {
  it('given a clean delivered order, then place, accept, ship, deliver at the recorded instants and no anomaly', () => {
    expect(plan({})).to.deep.equal({ steps: ['place@03-01T10:00', 'accept@03-01T11:00', 'ship@03-03T09:00', 'deliver@03-08T15:00'], anomalies: {} });
  });

  it('given a cancelled order that had been handed over, then it is cancelled at approval and the hand-over is ignored (counted)', () => {
    expect(plan({ status: 'canceled' })).to.deep.equal({
      steps: ['place@03-01T10:00', 'cancel@03-01T11:00'],
      anomalies: { 'order: canceled after hand-over (hand-over and delivery ignored)': 1 },
    });
  });

  it('given a delivery recorded before the hand-over, then it ships at the delivery instant (counted)', () => {
    expect(plan({ deliveredAt: '2017-03-02T12:00:00.000Z' })).to.deep.equal({
      steps: ['place@03-01T10:00', 'accept@03-01T11:00', 'ship@03-02T12:00', 'deliver@03-02T12:00'],
      anomalies: { 'order: delivered before hand-over (shipped at delivery)': 1 },
    });
  });

  it('given a hand-over before approval, then the approval moves to the hand-over (counted)', () => {
    expect(plan({ approvedAt: '2017-03-04T00:00:00.000Z' }).steps).to.deep.equal(['place@03-01T10:00', 'accept@03-03T09:00', 'ship@03-03T09:00', 'deliver@03-08T15:00']);
  });

  it('given no approval and no hand-over on a processing order, then it is approved at purchase and stops there', () => {
    const r = plan({ status: 'processing', approvedAt: undefined, handedOverAt: undefined, deliveredAt: undefined });
    expect(r.steps).to.deep.equal(['place@03-01T10:00', 'accept@03-01T10:00']);
    expect(r.anomalies).to.deep.equal({ 'order: no approval timestamp (approved at purchase, status processing)': 1 });
  });

  it('given a hand-over before the purchase, then the hand-over is dropped and the delivery ships at its own instant', () => {
    const r = plan({ handedOverAt: '2017-02-27T00:00:00.000Z' });
    expect(r.steps).to.deep.equal(['place@03-01T10:00', 'accept@03-01T11:00', 'ship@03-08T15:00', 'deliver@03-08T15:00']);
    expect(Object.keys(r.anomalies)).to.have.members(['order: handed over before purchase (hand-over dropped)', 'order: delivered without hand-over (shipped at delivery)']);
  });

  it('merges the steps of all orders in time order: a later purchase comes before an earlier order’s delivery', () => {
    const anomalies = createAnomalies();
    const second = { ...base, orderId: 'o2', purchasedAt: '2017-03-05T00:00:00.000Z', approvedAt: '2017-03-05T01:00:00.000Z', handedOverAt: undefined, deliveredAt: undefined, status: 'processing' };
    const steps = timeline([base, second], anomalies).map((s) => `${s.order.orderId}:${s.kind}`);
    expect(steps).to.deep.equal(['o1:place', 'o1:accept', 'o1:ship', 'o2:place', 'o2:accept', 'o1:deliver']);
  });
});
