import { expect } from 'chai';
import { PaymentGatewayError } from '../../../../application/processes/paymentGateway.js';
import { createSimulatedGateway, simulatedTotals } from '../../../../infrastructure/payments/simulatedGateway.js';
import { memorySimulatorStore } from '../../../../infrastructure/payments/simulatorStore.js';

const eur = (amount: string) => ({ amount, currency: 'EUR' });

const rejects = async (work: Promise<unknown>, code: string): Promise<PaymentGatewayError> => {
  try {
    await work;
  } catch (error) {
    expect(error).to.be.instanceOf(PaymentGatewayError);
    expect((error as PaymentGatewayError).code).to.equal(code);
    return error as PaymentGatewayError;
  }
  throw new Error(`expected ${code}`);
};

describe('infrastructure/payments/simulatedGateway', () => {
  let now = Date.parse('2026-03-02T12:00:00.000Z');
  const clock = () => new Date(now);

  it('authorizes ordinary payments and declines amounts ending in .13 or decline- customers', async () => {
    const gw = createSimulatedGateway({ clock });
    const ok = await gw.authorize({ idempotencyKey: 'k1', orderId: 'o1', customerId: 'c-1', amount: eur('50.00') });
    expect(ok).to.include({ status: 'authorized', method: 'card' });
    expect(ok.authorizationId).to.match(/^sim_auth_/);
    expect((await gw.authorize({ idempotencyKey: 'k2', orderId: 'o2', customerId: 'c-1', amount: eur('10.13') })).status).to.equal('declined');
    const declined = await gw.authorize({ idempotencyKey: 'k3', orderId: 'o3', customerId: 'decline-bob', amount: eur('10.00') });
    expect(declined.status).to.equal('declined');
    expect(declined.reason).to.contain('decline-');
  });

  it('keeps slow- payments pending until pendingMs have passed, then settles them (authorize or decline)', async () => {
    const gw = createSimulatedGateway({ clock, pendingMs: 1_000 });
    const slow = await gw.authorize({ idempotencyKey: 's1', orderId: 'o1', customerId: 'slow-ann', amount: eur('20.00') });
    const slowNo = await gw.authorize({ idempotencyKey: 's2', orderId: 'o2', customerId: 'slow-decline-ann', amount: eur('20.00') });
    expect(slow.status).to.equal('pending');
    expect((await gw.status(slow.authorizationId)).status).to.equal('pending');
    now += 1_000;
    expect((await gw.status(slow.authorizationId)).status).to.equal('authorized');
    expect((await gw.status(slowNo.authorizationId)).status).to.equal('declined');
  });

  it('is idempotent by key: a replay returns the first result, a reused key for another request is refused', async () => {
    const gw = createSimulatedGateway({ clock });
    const a = await gw.authorize({ idempotencyKey: 'same', orderId: 'o1', customerId: 'c', amount: eur('30.00') });
    const b = await gw.authorize({ idempotencyKey: 'same', orderId: 'o1', customerId: 'c', amount: eur('30.00') });
    expect(b).to.deep.equal(a);
    await rejects(gw.authorize({ idempotencyKey: 'same', orderId: 'o1', customerId: 'c', amount: eur('31.00') }), 'IDEMPOTENCY_KEY_REUSED');
    const c1 = await gw.capture({ idempotencyKey: 'cap-1', authorizationId: a.authorizationId, amount: eur('10.00') });
    const c2 = await gw.capture({ idempotencyKey: 'cap-1', authorizationId: a.authorizationId, amount: eur('10.00') });
    expect(c2).to.deep.equal(c1);
    await rejects(gw.capture({ idempotencyKey: 'cap-1', authorizationId: a.authorizationId, amount: eur('11.00') }), 'IDEMPOTENCY_KEY_REUSED');
  });

  it('captures partially per shipment, voids the rest, refunds captured money — never beyond the books', async () => {
    const store = memorySimulatorStore();
    const gw = createSimulatedGateway({ clock, store });
    const { authorizationId } = await gw.authorize({ idempotencyKey: 'a', orderId: 'o', customerId: 'c', amount: eur('100.00') });
    await gw.capture({ idempotencyKey: 'ship-1', authorizationId, amount: eur('40.00') });
    await gw.capture({ idempotencyKey: 'ship-2', authorizationId, amount: eur('35.50') });
    await rejects(gw.capture({ idempotencyKey: 'ship-3', authorizationId, amount: eur('24.51') }), 'AMOUNT_EXCEEDS_LIMIT');
    await gw.void({ idempotencyKey: 'void', authorizationId, amount: eur('24.50') });
    await rejects(gw.capture({ idempotencyKey: 'ship-4', authorizationId, amount: eur('0.01') }), 'AMOUNT_EXCEEDS_LIMIT');
    await gw.refund({ idempotencyKey: 'ref-1', authorizationId, amount: eur('75.50') });
    await rejects(gw.refund({ idempotencyKey: 'ref-2', authorizationId, amount: eur('0.01') }), 'AMOUNT_EXCEEDS_LIMIT');
    expect(await simulatedTotals(store, authorizationId)).to.deep.equal({ authorized: '100.00', captured: '75.50', voided: '24.50', refunded: '75.50', status: 'authorized' });
  });

  it('refuses money movements on a declined, pending or unknown authorization', async () => {
    const gw = createSimulatedGateway({ clock, pendingMs: 60_000 });
    const declined = await gw.authorize({ idempotencyKey: 'd', orderId: 'o', customerId: 'decline-x', amount: eur('5.00') });
    const pending = await gw.authorize({ idempotencyKey: 'p', orderId: 'o', customerId: 'slow-x', amount: eur('5.00') });
    await rejects(gw.capture({ idempotencyKey: 'c1', authorizationId: declined.authorizationId, amount: eur('1.00') }), 'NOT_AUTHORIZED');
    await rejects(gw.void({ idempotencyKey: 'c2', authorizationId: pending.authorizationId, amount: eur('1.00') }), 'NOT_AUTHORIZED');
    await rejects(gw.refund({ idempotencyKey: 'c3', authorizationId: 'nope', amount: eur('1.00') }), 'UNKNOWN_AUTHORIZATION');
  });

  it('keeps its books in the store: a new simulator over the same store knows earlier payments', async () => {
    const store = memorySimulatorStore();
    const first = createSimulatedGateway({ clock, store });
    const { authorizationId } = await first.authorize({ idempotencyKey: 'a', orderId: 'o', customerId: 'c', amount: eur('10.00') });
    await first.capture({ idempotencyKey: 'c', authorizationId, amount: eur('4.00') });
    const second = createSimulatedGateway({ clock, store });
    expect((await second.capture({ idempotencyKey: 'c', authorizationId, amount: eur('4.00') })).amount).to.deep.equal(eur('4.00'));
    await rejects(second.capture({ idempotencyKey: 'c-2', authorizationId, amount: eur('6.01') }), 'AMOUNT_EXCEEDS_LIMIT');
  });

  it('fails the next calls with a retriable error on demand, and describes the card country of -card-XX customers', async () => {
    const gw = createSimulatedGateway({ clock });
    gw.failNext(1);
    const error = await rejects(gw.authorize({ idempotencyKey: 'x', orderId: 'o', customerId: 'c', amount: eur('1.00') }), 'GATEWAY_UNAVAILABLE');
    expect(error.retriable).to.equal(true);
    expect((await gw.authorize({ idempotencyKey: 'x', orderId: 'o', customerId: 'c', amount: eur('1.00') })).status).to.equal('authorized');
    expect(await gw.describeInstrument({ orderId: 'o', customerId: 'cust-9-card-US' })).to.deep.equal({ method: 'card', issuerCountry: 'US' });
    expect(await gw.describeInstrument({ orderId: 'o', customerId: 'cust-9' })).to.deep.equal({ method: 'card' });
  });
});
