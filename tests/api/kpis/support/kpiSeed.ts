import { expect } from 'chai';
import request from 'supertest';
import { driveToReleased, orderBody, settle, type OrdersOms } from '../../orders/support/orderFixtures.js';

export type SeededHistory = Readonly<{ shipped: string[]; delivered: string[]; cancelled: string[]; open: string[] }>;

/**
 * A small order history through the API (what the dashboard and the KPI API are tested on):
 * orders on two channels, shipped with two carriers, some delivered, some cancelled by their
 * customer, one left open. `auth` are the headers of a staff credential.
 */
export const seedHistory = async (t: OrdersOms, auth: Record<string, string> = {}): Promise<SeededHistory> => {
  const place = async (key: string, overrides: Record<string, unknown>) => {
    const res = await request(t.app).post('/orders').set(auth).set('Idempotency-Key', key).send(orderBody(overrides));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as { orderId: string; trackingToken: string };
  };
  const post = async (orderId: string, what: string, body: object, key: string) => {
    const res = await request(t.app).post(`/orders/${orderId}/${what}`).set(auth).set('Idempotency-Key', key).send(body);
    expect(res.status, `${what} ${JSON.stringify(res.body)}`).to.equal(200);
  };
  const out = { shipped: [] as string[], delivered: [] as string[], cancelled: [] as string[], open: [] as string[] };
  const plan: [string, string, 'deliver' | 'ship' | 'cancel' | 'open'][] = [
    ['web', 'colissimo', 'deliver'], ['web', 'colissimo', 'deliver'], ['store', 'dhl', 'deliver'], ['web', 'dhl', 'ship'],
    ['call_center', '', 'cancel'], ['web', '', 'cancel'], ['store', '', 'open'],
  ];
  for (const [i, [channel, carrier, fate]] of plan.entries()) {
    const o = await place(`seed-${i}`, { channel, customerId: `seed-${i}`, lines: [{ sku: 'TEE', quantity: 1 + (i % 2) }] });
    if (fate === 'cancel') {
      await post(o.orderId, 'cancel', { reason: 'customer changed mind' }, `seed-cancel-${i}`);
      out.cancelled.push(o.orderId);
      continue;
    }
    if (fate === 'open') {
      out.open.push(o.orderId);
      continue;
    }
    const order = await driveToReleased(t, o.orderId);
    const line = order.lines[0]!;
    const node = line.units.find((u) => u.node)!.node!;
    await post(o.orderId, 'shipments', { shipmentId: `SHP-${i}`, node, lines: [{ lineId: line.lineId, quantity: line.quantity }], carrier, trackingNumber: `TRK${i}000` }, `seed-ship-${i}`);
    out.shipped.push(o.orderId);
    if (fate === 'deliver') {
      await post(o.orderId, 'deliveries', { shipmentId: `SHP-${i}`, deliveredAt: '2026-03-04T10:00:00Z' }, `seed-deliver-${i}`);
      out.delivered.push(o.orderId);
    }
  }
  await settle(t);
  return out;
};
