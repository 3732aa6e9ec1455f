import { expect } from 'chai';
import { configureReturns, defaultReturnSettings, type ReturnSettings } from '../../../../application/returns/returnSettings.js';
import { lineQuantities } from '../../../../domain/order/index.js';
import { settle as settleProjections } from '../../orders/support/orderFixtures.js';
import { receive, startProcessOms, type ProcessOms } from '../../../e2e/processes/support/processOms.js';

/**
 * A whole OMS with the order and returns processes running (payment simulator as the PSP), the
 * small French network of the process tests plus two nodes that take returns: `returns-hub`
 * (a DC near Paris that only receives returns) and `store-lyon` (a store with a returns counter).
 */
export type ReturnsWorld = ProcessOms & Readonly<{
  /** Places an order of `lines`, ships everything from the node it was released to and delivers it. */
  delivered: (lines: readonly { sku: string; quantity: number }[], opts?: { deliveredAt?: string; customerId?: string }) => Promise<string>;
  /** Waits for order and returns processes and every projection. */
  idle: () => Promise<void>;
  policy: (over: Partial<ReturnSettings['policy']>) => void;
}>;

let seq = 0;

export const startReturnsWorld = async (): Promise<ReturnsWorld> => {
  const p = await startProcessOms();
  const node = async (id: string, type: string, lat: number, lng: number, capabilities: string[]) => {
    const res = await p.http.post('/network/nodes').send({ id, type, name: id, location: { lat, lng, country: 'FR', timezone: 'Europe/Paris' }, capabilities, processingHours: 4, cutoffLocal: '17:00', dailyCapacity: 1000 });
    expect(res.status, JSON.stringify(res.body)).to.be.oneOf([200, 201]);
  };
  await node('returns-hub', 'dc', 48.95, 2.5, ['returns']);
  await node('store-lyon', 'store', 45.76, 4.83, ['pickup', 'returns']);
  await receive(p, 'dc-north', 'MUG', 20);
  await receive(p, 'dc-north', 'BOOK', 10);
  await receive(p, 'dc-north', 'LAMP', 2);
  configureReturns(p.t.oms, defaultReturnSettings());
  const idle = async () => {
    for (let i = 0; i < 3; i++) {
      await p.settle();
      await p.t.oms.returnProcesses!.waitUntilIdle(10_000);
    }
    await settleProjections(p.t);
  };
  const delivered: ReturnsWorld['delivered'] = async (lines, opts = {}) => {
    const orderId = await p.place({ lines, ...(opts.customerId ? { customerId: opts.customerId } : {}) });
    await p.settle();
    const order = await p.order(orderId);
    const byNode = new Map<string, { lineId: string; quantity: number }[]>();
    for (const l of order.lines) {
      for (const u of l.units) if (u.node && u.stage === 'released') byNode.set(u.node, [...(byNode.get(u.node) ?? []), { lineId: l.lineId, quantity: u.quantity }]);
    }
    expect(byNode.size, `order ${orderId} released: ${JSON.stringify(order.lines.map((l) => l.units))}`).to.be.greaterThan(0);
    for (const [n, ls] of byNode) {
      await p.act(orderId, 'NodeAccepted', { node: n });
      const shipmentId = `S${++seq}`;
      await p.act(orderId, 'RecordShipped', { shipmentId, node: n, lines: ls, carrier: 'colissimo', trackingNumber: `6A${shipmentId}`, shippedAt: new Date().toISOString() });
      await p.act(orderId, 'RecordDelivered', { shipmentId, deliveredAt: opts.deliveredAt ?? new Date().toISOString() });
    }
    await idle();
    const after = await p.order(orderId);
    expect(after.lines.every((l) => lineQuantities(l).delivered === l.quantity), 'delivered').to.equal(true);
    return orderId;
  };
  const policy = (over: Partial<ReturnSettings['policy']>) => void configureReturns(p.t.oms, { policy: { ...defaultReturnSettings().policy, ...over } });
  return { ...p, delivered, idle, policy };
};

let key = 0;
export const nextKey = (prefix = 'k'): string => `${prefix}-${++key}-${Date.now()}`;
