import { expect } from 'chai';
import request from 'supertest';
import { routeTable } from '../../../api/http/route.js';
import { orderBody, place, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';

/**
 * BOLA on the order routes that customers reach with a tracking token. They are declared public in
 * the route table (a token may come as a query parameter from an e-mail link) and authorize in the
 * handler, so the generated edge-level BOLA test does not see them: this one takes every public
 * route under /orders/:id and /track/:id from the route table and calls it with order A's token on
 * order B. Each must answer exactly like a missing order, and let A's own order through.
 */
describe('security: BOLA — public order routes authorize the object in the handler (generated from the route table)', function () {
  this.timeout(60_000);
  let t: OrdersOms;
  let a: { orderId: string; trackingToken: string };
  let b: { orderId: string; trackingToken: string };
  before(async () => {
    t = await startOrdersOms();
    a = (await place(t, orderBody({ customerId: 'cust-a' }), 'bola-a')).body;
    b = (await place(t, orderBody({ customerId: 'cust-b' }), 'bola-b')).body;
    expect(a.trackingToken).to.be.a('string');
  });
  after(async () => t?.close());

  /**
   * A body that passes each route's validation, so the answer is about the object, not the input
   * (validation runs first and answers the same for any order id). Routes not listed get `{}`;
   * the assertion below then still requires B's answer to equal a missing order's.
   */
  const VALID_BODIES: Readonly<Record<string, object>> = {
    '/orders/:id/cancel': { reason: 'bola probe' },
    '/orders/:id/changes': { action: 'reduceQuantity', lineId: 'l1', quantity: 1, reason: 'bola probe' },
    '/orders/:id/exchanges': { lines: [{ sku: 'TEE', quantity: 1, reason: 'wrong_size' }], replacement: [{ sku: 'TEE', quantity: 1 }], method: 'carrier_label', channel: 'web' },
  };
  const call = (method: string, route: string, id: string, token: string) => {
    const r = (request(t.app) as unknown as Record<string, (p: string) => request.Test>)[method]!(route.replace(':id', id)).set('Authorization', `Bearer ${token}`);
    return method === 'get' ? r : r.set('Idempotency-Key', `k-${Math.random()}`).send(VALID_BODIES[route] ?? {});
  };

  it('order A\'s token on order B: the missing-order 404 on every such route; on its own order, never that 404', async () => {
    const routes = routeTable(t.app).filter((r) => r.role === 'public' && /^\/(orders|track)\/:id(\/|$)/.test(r.path));
    expect(routes.length, 'public order routes found').to.be.greaterThan(3);
    const leaks: string[] = [];
    for (const route of routes) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      const ghost = await call(route.method, route.path, 'ord-does-not-exist', a.trackingToken);
      const foreign = await call(route.method, route.path, b.orderId, a.trackingToken);
      if (ghost.status !== 404 || ghost.body.code !== 'ORDER_NOT_FOUND') leaks.push(`${name} on a missing order → ${ghost.status} ${ghost.body.code} (body not valid for the route?)`);
      if (foreign.status !== ghost.status || foreign.body.code !== ghost.body.code) leaks.push(`${name} on B → ${foreign.status} ${foreign.body.code}, missing order → ${ghost.status} ${ghost.body.code}`);
      const own = await call(route.method, route.path, a.orderId, a.trackingToken);
      if (own.status === 404 && own.body.code === 'ORDER_NOT_FOUND') leaks.push(`${name} refused A its own order`);
    }
    expect(leaks, leaks.join('\n')).to.deep.equal([]);
  });
});
