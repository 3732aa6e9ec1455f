import { expect } from 'chai';
import { authedRequest, keyFor } from '../../support/authedRequest.js';
import { startReturnsWorld, nextKey, type ReturnsWorld } from './support/returnsWorld.js';

/** Every refusal is problem+json with a stable code, and writes nothing (the log's head does not move). */
describe('api/returns — refusals and access', function () {
  this.timeout(30_000);
  let w: ReturnsWorld;
  let orderId: string;
  before(async () => {
    w = await startReturnsWorld();
    orderId = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
  });
  after(() => w.close());

  const refused = async (send: () => Promise<{ status: number; body: { code?: string }; headers: Record<string, string> }>, status: number, code: string) => {
    await w.idle();
    const head = await w.t.oms.eventStore.headPosition();
    const res = await send();
    expect(res.status, JSON.stringify(res.body)).to.equal(status);
    expect(res.headers['content-type']).to.contain('application/problem+json');
    expect(res.body.code).to.equal(code);
    await w.idle();
    expect(await w.t.oms.eventStore.headPosition(), 'nothing written').to.equal(head);
  };
  const ret = (body: object, token?: string) => {
    const r = w.http.post('/returns').set('Idempotency-Key', nextKey());
    return (token ? r.set('Authorization', `Bearer ${token}`) : r).send({ orderId, method: 'carrier_label', channel: 'web', ...body });
  };

  it('more than delivered → 422 QUANTITY_EXCEEDS_DELIVERED', () =>
    refused(() => ret({ lines: [{ sku: 'MUG', quantity: 3, reason: 'changed_mind' }] }), 422, 'QUANTITY_EXCEEDS_DELIVERED'));

  it('unknown line → 422 UNKNOWN_LINE', () =>
    refused(() => ret({ lines: [{ sku: 'LAMP', quantity: 1, reason: 'changed_mind' }] }), 422, 'UNKNOWN_LINE'));

  it('after the window → 422 RETURN_WINDOW_EXPIRED', async () => {
    w.policy({ window: { defaultDays: 0, startsAt: 'purchase', overrides: [] } });
    try {
      await refused(() => ret({ lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] }), 422, 'RETURN_WINDOW_EXPIRED');
    } finally {
      w.policy({});
    }
  });

  it('a tracking token for another order → the same 404 as a missing order', async () => {
    const other = await w.delivered([{ sku: 'BOOK', quantity: 1 }], { customerId: 'c-2' });
    const token = await w.t.oms.security.trackingTokens.issue(other);
    await refused(() => ret({ lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] }, token), 404, 'ORDER_NOT_FOUND');
    await refused(() => ret({ orderId: 'ord-missing', lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] }), 404, 'ORDER_NOT_FOUND');
    const own = await ret({ orderId: other, lines: [{ sku: 'BOOK', quantity: 1, reason: 'changed_mind' }] }, token);
    expect(own.status, JSON.stringify(own.body)).to.equal(201);
    expect((await authedRequest(w.t, token).get(`/returns/${own.body.returnId}`)).status).to.equal(200);
    const foreign = await ret({ lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] });
    expect((await authedRequest(w.t, token).get(`/returns/${foreign.body.returnId}`)).body.code).to.equal('RETURN_NOT_FOUND');
  });

  it('malformed body → 400; a store key for another store → 403; over-returning across two returns is refused', async () => {
    await refused(() => ret({ lines: [{ sku: 'MUG', quantity: 0, reason: 'nope' }] }), 400, 'VALIDATION_FAILED');
    const storeKey = await keyFor(w.t, 'store', ['store-lyon']);
    const fresh = await w.delivered([{ sku: 'MUG', quantity: 2 }]);
    const ret2 = (body: object, token?: string) => ret({ orderId: fresh, ...body }, token);
    await refused(() => ret2({ method: 'in_store', channel: 'store', storeNodeId: 'returns-hub', lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] }, storeKey), 403, 'FORBIDDEN_SCOPE');
    const first = await ret2({ method: 'in_store', channel: 'store', storeNodeId: 'store-lyon', lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] }, storeKey);
    expect(first.status, JSON.stringify(first.body)).to.equal(201);
    expect(first.body.receivingNodeId).to.equal('store-lyon');
    const second = await ret2({ lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] });
    expect(second.status, JSON.stringify(second.body)).to.equal(201);
    await refused(() => ret2({ lines: [{ sku: 'MUG', quantity: 1, reason: 'changed_mind' }] }), 422, 'QUANTITY_EXCEEDS_DELIVERED');
  });
});
