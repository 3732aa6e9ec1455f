import { expect } from 'chai';
import request from 'supertest';
import { verifyWebhookSignature } from '../../../application/integration/webhookSigning.js';
import { receive } from '../../api/integration/support/feedFixtures.js';
import { startReceiver, waitUntil, type Receiver } from '../../api/integration/support/webhookReceiver.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';

/**
 * The acceptance test: a webhook receiver that is down for a while — connection refused,
 * then hanging up, then answering 500 — receives every event, in order per stream, exactly once,
 * once it is back.
 */
describe('e2e: a webhook receiver that was down receives every event in order once it is back', function () {
  this.timeout(60_000);
  let t: TestOms;
  let receiver: Receiver;

  before(async () => {
    t = await startTestOms();
    receiver = await startReceiver();
  });
  after(async () => {
    await receiver.stop();
    await t.close();
  });

  it('survives refused connections, hang-ups and 500s without losing, reordering or duplicating', async () => {
    const created = await request(t.app)
      .post('/webhooks')
      .send({ url: receiver.url, eventTypes: ['StockReceived'], streamPrefixes: ['inventory-e2e-'], retry: { maxAttempts: 30, initialDelayMs: 50, maxDelayMs: 400, timeoutMs: 1_000 } })
      .expect(201);
    const { id, secret } = created.body as { id: string; secret: string };
    const streams = ['A', 'B', 'C'];

    // Up: the first events arrive as they happen.
    for (let i = 0; i < 6; i++) await receive(t.oms.commands, 'e2e-dc', streams[i % 3]!);
    await waitUntil(() => receiver.received.length === 6, 15_000, 'the first six deliveries');

    // Down: connection refused while 30 more events happen on three streams.
    await receiver.stop();
    for (let i = 0; i < 30; i++) await receive(t.oms.commands, 'e2e-dc', streams[(i * 7) % 3]!);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    await waitUntil(async () => (await request(t.app).get(`/webhooks/${id}`)).body.delivery.failedAttempts >= 3, 10_000, 'failed attempts');
    const during = (await request(t.app).get(`/webhooks/${id}`).expect(200)).body.delivery;
    expect(during.blockedStreams.length).to.be.greaterThan(0);
    expect(during.pending).to.be.greaterThan(0);

    // Back, but flaky at first: hangs up on 4 attempts, answers 500 to the next 4, then recovers.
    let answered = 0;
    receiver.mode = () => (++answered <= 4 ? 'hangup' : answered <= 8 ? 'fail' : 'ok');
    await receiver.start();
    for (let i = 0; i < 6; i++) await receive(t.oms.commands, 'e2e-dc', streams[i % 3]!);
    await waitUntil(() => receiver.received.length >= 42, 30_000, 'all 42 events');
    await new Promise((resolve) => setTimeout(resolve, 500)); // anything extra would show up now

    const expected: { id: string; stream: string; revision: string }[] = [];
    for await (const e of t.oms.eventStore.readAll({ filter: { streamPrefixes: ['inventory-e2e-'] } })) {
      expected.push({ id: e.id, stream: e.streamName, revision: e.revision.toString() });
    }
    expect(expected).to.have.length(42);
    const ids = receiver.received.map((d) => d.event.id);
    expect(new Set(ids).size, 'no duplicates').to.equal(ids.length);
    expect([...ids].sort()).to.deep.equal(expected.map((e) => e.id).sort());
    for (const stream of new Set(expected.map((e) => e.stream))) {
      const got = receiver.received.filter((d) => d.event.stream === stream).map((d) => Number(d.event.revision));
      expect(got, `order within ${stream}`).to.deep.equal([...got].sort((a, b) => a - b));
      expect(got).to.deep.equal(expected.filter((e) => e.stream === stream).map((e) => Number(e.revision)));
    }
    expect(receiver.received.every((d) => verifyWebhookSignature(secret, d.body, d.headers['x-oms-signature'] as string))).to.equal(true);
    expect(receiver.attempts.some((a) => Number(a.headers['x-oms-delivery-attempt']) > 1)).to.equal(true);

    await waitUntil(async () => (await request(t.app).get(`/webhooks/${id}`)).body.delivery.delivered === 42, 5_000, 'status');
    const after = (await request(t.app).get(`/webhooks/${id}`).expect(200)).body;
    expect(after.delivery).to.include({ delivered: 42, pending: 0, deadLettered: 0, lastError: null });
    expect(after.delivery.failedAttempts).to.be.greaterThan(8);
    expect(after.deadLetters).to.deep.equal([]);
  });
});
