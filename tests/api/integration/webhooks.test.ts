import { expect } from 'chai';
import request from 'supertest';
import { verifyWebhookSignature } from '../../../application/integration/webhookSigning.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { receive } from './support/feedFixtures.js';
import { startReceiver, waitUntil, type Receiver } from './support/webhookReceiver.js';

const FAST = { maxAttempts: 3, initialDelayMs: 20, maxDelayMs: 100, timeoutMs: 2_000 };

describe('webhooks: subscriptions, signed deliveries, dead letters and replay', function () {
  this.timeout(30_000);
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
  beforeEach(() => {
    receiver.mode = 'ok';
    receiver.received.length = 0;
    receiver.attempts.length = 0;
  });

  const subscribe = async (body: Record<string, unknown>) =>
    (await request(t.app).post('/webhooks').send({ url: receiver.url, eventTypes: ['StockReceived'], retry: FAST, ...body }).expect(201)).body as { id: string; secret: string };
  const status = async (id: string) => (await request(t.app).get(`/webhooks/${id}`).expect(200)).body;

  it('validates the subscription: http(s) only, no credentials in the URL, at least one event type', async () => {
    for (const url of ['ftp://example.com/x', 'http://user:pw@127.0.0.1/x', 'https://example.com/x#frag']) {
      const res = await request(t.app).post('/webhooks').send({ url, eventTypes: ['StockReceived'] }).expect(422);
      expect(res.body.code, url).to.equal('INVALID_WEBHOOK_URL');
    }
    expect((await request(t.app).post('/webhooks').send({ url: 'not a url', eventTypes: ['X'] }).expect(400)).body.code).to.equal('INVALID_WEBHOOK_URL');
    await request(t.app).post('/webhooks').send({ url: receiver.url, eventTypes: [] }).expect(400);
    await request(t.app).post('/webhooks').send({ url: receiver.url, eventTypes: ['Bad Type'] }).expect(400);
    await request(t.app).post('/webhooks').send({ url: receiver.url, eventTypes: ['X'], retry: { maxAttempts: 0 } }).expect(400);
    await request(t.app).post('/webhooks').send({ url: receiver.url, eventTypes: ['X'], after: 'abc' }).expect(400);
  });

  it('returns the generated secret once, never again; lists, shows and deletes subscriptions', async () => {
    const created = await request(t.app).post('/webhooks').set('Idempotency-Key', 'wh-create-1').send({ url: receiver.url, eventTypes: ['StockReceived'] }).expect(201);
    expect(created.body.secret).to.match(/^whsec_[0-9a-f]{64}$/);
    expect(created.headers.location).to.equal(`/webhooks/${created.body.id}`);
    const shown = await status(created.body.id);
    expect(shown).to.not.have.property('secret');
    expect(JSON.stringify(shown)).to.not.include(created.body.secret);
    expect(shown.delivery).to.include({ delivered: 0, pending: 0, deadLettered: 0 });
    const listed = (await request(t.app).get('/webhooks').expect(200)).body.webhooks as { id: string }[];
    expect(listed.map((w) => w.id)).to.include(created.body.id);
    expect(JSON.stringify(listed)).to.not.include(created.body.secret);
    await request(t.app).delete(`/webhooks/${created.body.id}`).expect(204);
    expect((await request(t.app).get(`/webhooks/${created.body.id}`).expect(404)).body.code).to.equal('WEBHOOK_NOT_FOUND');
    await request(t.app).delete(`/webhooks/${created.body.id}`).expect(404);
  });

  it('delivers matching events in order, signed with HMAC-SHA256 of the raw body', async () => {
    const { id, secret } = await subscribe({ secret: 'a-shared-secret-of-32-characters!!', streamPrefixes: ['inventory-dc-sig~'] });
    const positions = [await receive(t.oms.commands, 'dc-sig', 'A'), await receive(t.oms.commands, 'dc-sig', 'A'), await receive(t.oms.commands, 'dc-other', 'A')];
    await waitUntil(() => receiver.received.length >= 2, 10_000, 'two deliveries');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(receiver.received.map((d) => d.event.position)).to.deep.equal(positions.slice(0, 2).map(String));
    for (const d of receiver.received) {
      expect(verifyWebhookSignature(secret, d.body, d.headers['x-oms-signature'] as string)).to.equal(true);
      expect(verifyWebhookSignature('another-secret-entirely-0123456789', d.body, d.headers['x-oms-signature'] as string)).to.equal(false);
      expect(d.headers['x-oms-event-id']).to.equal(d.event.id);
      expect(d.headers['x-oms-delivery-attempt']).to.equal('1');
      expect(d.headers['content-type']).to.equal('application/json');
      expect(d.event).to.include({ type: 'StockReceived', stream: 'inventory-dc-sig~A' });
    }
    await waitUntil(async () => (await status(id)).delivery.delivered === 2, 5_000, 'status');
    const shown = await status(id);
    expect(shown.delivery).to.include({ delivered: 2, lastDeliveredPosition: positions[1]!.toString(), failedAttempts: 0 });
    await request(t.app).delete(`/webhooks/${id}`).expect(204);
  });

  it('dead-letters an event after maxAttempts, keeps its stream moving, and replays it on request', async () => {
    let poison = '';
    receiver.mode = (d) => (d.event.id === poison ? 'fail' : 'ok');
    const { id } = await subscribe({ streamPrefixes: ['inventory-dc-dl~'] });
    const first = await receive(t.oms.commands, 'dc-dl', 'A');
    for await (const e of t.oms.eventStore.readAll({ after: first - 1n, maxCount: 1 })) poison = e.id;
    const second = await receive(t.oms.commands, 'dc-dl', 'A');
    await waitUntil(() => receiver.received.length === 1, 10_000, 'the event after the dead letter');
    expect(receiver.received[0]!.event.position).to.equal(second.toString());
    expect(receiver.attempts.filter((a) => a.event.id === poison).map((a) => a.headers['x-oms-delivery-attempt'])).to.deep.equal(['1', '2', '3']);
    await waitUntil(async () => (await status(id)).deadLetters.length === 1, 5_000, 'the dead letter');
    const dead = await status(id);
    expect(dead.delivery).to.include({ deadLettered: 1, failedAttempts: 3, delivered: 1 });
    expect(dead.deadLetters[0]).to.include({ eventId: poison, position: first.toString(), attempts: 3, lastError: 'HTTP 500' });

    receiver.mode = 'ok';
    await request(t.app).post(`/webhooks/${id}/replay`).send({ deadLetters: true }).expect(202);
    await waitUntil(() => receiver.received.some((d) => d.event.id === poison), 10_000, 'the replayed dead letter');
    await waitUntil(async () => (await status(id)).deadLetters.length === 0, 5_000, 'dead letters emptied');
    expect(receiver.received.filter((d) => d.event.id === poison)).to.have.length(1);
    await request(t.app).delete(`/webhooks/${id}`).expect(204);
  });

  it('a failing event blocks later events of its own stream only; other streams keep flowing', async () => {
    receiver.mode = (d) => (d.event.stream === 'inventory-dc-ord~BLOCKED' ? 'fail' : 'ok');
    const { id } = await subscribe({ streamPrefixes: ['inventory-dc-ord~'], retry: { ...FAST, maxAttempts: 50, initialDelayMs: 50, maxDelayMs: 200 } });
    const blocked = [await receive(t.oms.commands, 'dc-ord', 'BLOCKED'), await receive(t.oms.commands, 'dc-ord', 'BLOCKED')];
    const free = [await receive(t.oms.commands, 'dc-ord', 'FREE'), await receive(t.oms.commands, 'dc-ord', 'FREE')];
    await waitUntil(() => receiver.received.length === 2, 10_000, 'the free stream');
    expect(receiver.received.map((d) => d.event.position)).to.deep.equal(free.map(String));
    await waitUntil(() => receiver.attempts.filter((a) => a.event.stream.endsWith('BLOCKED')).length >= 3, 10_000, 'retries');
    // Only the head of the blocked stream is ever attempted while it fails.
    expect(new Set(receiver.attempts.filter((a) => a.event.stream.endsWith('BLOCKED')).map((a) => a.event.position))).to.deep.equal(new Set([blocked[0]!.toString()]));
    await waitUntil(async () => (await status(id)).delivery.blockedStreams.length === 1, 5_000, 'status');
    const shown = await status(id);
    expect(shown.delivery.blockedStreams[0]).to.include({ stream: 'inventory-dc-ord~BLOCKED', position: blocked[0]!.toString() });
    expect(shown.delivery.pending).to.equal(2);
    expect(shown.delivery.nextAttemptAt).to.be.a('string');
    receiver.mode = 'ok';
    await waitUntil(() => receiver.received.length === 4, 10_000, 'the unblocked stream');
    expect(receiver.received.slice(2).map((d) => d.event.position)).to.deep.equal(blocked.map(String));
    await request(t.app).delete(`/webhooks/${id}`).expect(204);
  });

  it('replays from a position: every matching event at or after it again, in order', async () => {
    const positions = [await receive(t.oms.commands, 'dc-rp', 'A'), await receive(t.oms.commands, 'dc-rp', 'B'), await receive(t.oms.commands, 'dc-rp', 'A')];
    const { id } = await subscribe({ streamPrefixes: ['inventory-dc-rp~'], after: '0' });
    await waitUntil(() => receiver.received.length === 3, 10_000, 'history delivered');
    expect(receiver.received.map((d) => d.event.position)).to.deep.equal(positions.map(String));
    await request(t.app).post(`/webhooks/${id}/replay`).send({ fromPosition: positions[1]!.toString() }).expect(202);
    await waitUntil(() => receiver.received.length === 5, 10_000, 'replayed events');
    expect(receiver.received.slice(3).map((d) => d.event.position)).to.deep.equal(positions.slice(1).map(String));
    await request(t.app).post(`/webhooks/${id}/replay`).send({}).expect(422);
    await request(t.app).post(`/webhooks/${id}/replay`).send({ fromPosition: 'x' }).expect(400);
    await request(t.app).post('/webhooks/wh_nope/replay').send({ deadLetters: true }).expect(404);
    await request(t.app).delete(`/webhooks/${id}`).expect(204);
  });
});
