import { expect } from 'chai';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCommandHandler, type CommandHandler } from '../../../application/commandHandler.js';
import { createWebhookDispatcher, type WebhookDispatcher } from '../../../application/integration/webhookDispatcher.js';
import type { DeliveryRequest, WebhookSender } from '../../../application/integration/webhookSender.js';
import { backoffMs, subscriptionsCollection } from '../../../application/integration/webhookSubscriptions.js';
import { createWebhook } from '../../../application/integration/webhookUseCases.js';
import { openSqliteEventStore, type SqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { openEmbeddedReadStore, type EmbeddedReadStore } from '../../../infrastructure/readstore/embedded/embeddedReadStore.js';
import { receive } from './support/feedFixtures.js';
import { waitUntil } from './support/webhookReceiver.js';

const admin = { kind: 'admin' as const, id: 'test' };
const retry = { maxAttempts: 40, initialDelayMs: 20, maxDelayMs: 50, timeoutMs: 1_000 };

describe('webhook delivery worker and dispatcher (bare stores, fake sender)', function () {
  this.timeout(20_000);
  let dir: string;
  let eventStore: SqliteEventStore;
  let readStore: EmbeddedReadStore;
  let commands: CommandHandler;
  const dispatchers: WebhookDispatcher[] = [];

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oms-webhooks-'));
    eventStore = openSqliteEventStore({ path: join(dir, 'oms.db'), synchronous: 'NORMAL' });
    readStore = await openEmbeddedReadStore({ path: join(dir, 'oms.db'), synchronous: 'NORMAL' });
    commands = createCommandHandler({ eventStore });
  });
  afterEach(async () => {
    await Promise.all(dispatchers.splice(0).map((d) => d.stop()));
    await eventStore.close();
    await readStore.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const recorder = (answer: (r: DeliveryRequest) => boolean = () => true) => {
    const delivered: { instance: string; request: DeliveryRequest }[] = [];
    const attempts: DeliveryRequest[] = [];
    const sender = (instance: string): WebhookSender => async (request) => {
      attempts.push(request);
      const ok = answer(request);
      if (ok) delivered.push({ instance, request });
      return { ok, status: ok ? 204 : 500, error: ok ? null : 'HTTP 500', durationMs: 1 };
    };
    return { delivered, attempts, sender };
  };

  const dispatcher = (sender: WebhookSender, options: { instanceId?: string; singleProcess?: boolean; maxPending?: number } = {}) => {
    const d = createWebhookDispatcher({
      eventStore, readStore, sender, singleProcess: options.singleProcess ?? true, instanceId: options.instanceId ?? 'one',
      refreshMs: 50, pollMs: 30, leaseTtlMs: 300, ...(options.maxPending ? { maxPending: options.maxPending } : {}),
    });
    dispatchers.push(d);
    return d;
  };

  const subscribe = (key: string, extra: Record<string, unknown> = {}) =>
    createWebhook({ eventStore, readStore }, { url: 'http://127.0.0.1:9/hook', eventTypes: ['StockReceived'], retry, after: '0', ...extra }, { now: '2025-03-03T09:00:00Z', actor: admin, idempotencyKey: key });

  it('backs off exponentially up to the cap', () => {
    const policy = { maxAttempts: 10, initialDelayMs: 100, maxDelayMs: 1_000, timeoutMs: 1_000 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(policy, n))).to.deep.equal([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffMs(policy, 500)).to.equal(1_000);
  });

  it('in multi-instance mode exactly one instance delivers; when it stops, another takes over without losing events', async () => {
    const { delivered, sender } = recorder();
    const { view } = await subscribe('multi');
    const a = dispatcher(sender('a'), { instanceId: 'a', singleProcess: false });
    const b = dispatcher(sender('b'), { instanceId: 'b', singleProcess: false });
    await a.start();
    await b.start();
    for (let i = 0; i < 5; i++) await receive(commands, 'dc-m', `S${i % 2}`);
    await waitUntil(() => delivered.length === 5, 10_000, 'five deliveries');
    const first = new Set(delivered.map((d) => d.instance));
    expect(first.size).to.equal(1);
    const [owner] = [...first];
    await (owner === 'a' ? a : b).stop();
    for (let i = 0; i < 5; i++) await receive(commands, 'dc-m', `S${i % 2}`);
    await waitUntil(() => delivered.length === 10, 10_000, 'the other instance to take over');
    expect(new Set(delivered.slice(5).map((d) => d.instance))).to.deep.equal(new Set([owner === 'a' ? 'b' : 'a']));
    expect(new Set(delivered.map((d) => d.request.event.id)).size).to.equal(10);
    const doc = await subscriptionsCollection(readStore).findOne({ _id: view.id });
    expect(doc!.state.delivered).to.equal(10);
  });

  it('stops reading the log while too many events wait behind failing streams (backpressure), then catches up', async () => {
    let healthy = false;
    const { delivered, sender } = recorder(() => healthy);
    const { view } = await subscribe('pressure', { retry: { ...retry, maxAttempts: 1000 } });
    const positions: bigint[] = [];
    for (let i = 0; i < 12; i++) positions.push(await receive(commands, 'dc-p', `S${i % 2}`));
    await dispatcher(sender('one'), { maxPending: 3 }).start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const stalled = (await subscriptionsCollection(readStore).findOne({ _id: view.id }))!.state;
    // S0 fails, S1 fails, the next S0 waits behind its head: 3 pending, and the log is not read further.
    expect(stalled.pending.map((p) => p.event.position)).to.deep.equal(positions.slice(0, 3).map(String));
    expect(stalled.cursor).to.equal(positions[2]!.toString());
    healthy = true;
    await waitUntil(() => delivered.length === 12, 10_000, 'catching up');
    for (const s of ['inventory-dc-p~S0', 'inventory-dc-p~S1']) {
      const revisions = delivered.filter((d) => d.request.event.stream === s).map((d) => Number(d.request.event.revision));
      expect(revisions).to.deep.equal([0, 1, 2, 3, 4, 5]);
    }
  });

  it('a deleted subscription gets no further deliveries', async () => {
    const { delivered, sender } = recorder();
    const { view } = await subscribe('deleted');
    await dispatcher(sender('one')).start();
    await receive(commands, 'dc-x', 'A');
    await waitUntil(() => delivered.length === 1, 5_000, 'first delivery');
    await subscriptionsCollection(readStore).deleteOne({ _id: view.id });
    await receive(commands, 'dc-x', 'A');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(delivered).to.have.length(1);
  });
});
