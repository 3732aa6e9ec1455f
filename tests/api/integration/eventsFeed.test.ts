import { expect } from 'chai';
import type { Server } from 'node:http';
import request from 'supertest';
import type { WireEvent } from '../../../application/integration/wireEvent.js';
import { startTestOms, type TestOms } from '../../support/testOms.js';
import { listen, readSse, receive } from './support/feedFixtures.js';

type Page = { events: WireEvent[]; next: string };

describe('integration feed: GET /events', function () {
  this.timeout(20_000);
  let t: TestOms;
  let server: Server;
  let base: string;
  const positions: bigint[] = [];

  before(async () => {
    t = await startTestOms();
    for (let i = 0; i < 5; i++) positions.push(await receive(t.oms.commands, 'dc-a', `SKU-${i % 2}`));
    positions.push(await receive(t.oms.commands, 'dc-b', 'SKU-0'));
    ({ server, base } = await listen(t.app));
  });
  after(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
    await t.close();
  });

  const page = async (query: Record<string, string | number>): Promise<Page> => (await request(t.app).get('/events').query(query).expect(200)).body as Page;

  it('pages through the whole log in global order; `next` resumes exactly behind the page', async () => {
    const all: WireEvent[] = [];
    let after = '0';
    for (let guard = 0; guard < 100; guard++) {
      const p = await page({ after, limit: 2 });
      if (p.events.length === 0) break;
      expect(p.events.length).to.be.at.most(2);
      expect(BigInt(p.next) >= BigInt(p.events.at(-1)!.position)).to.equal(true);
      all.push(...p.events);
      after = p.next;
    }
    const expected: string[] = [];
    for await (const e of t.oms.eventStore.readAll()) expected.push(e.position.toString());
    expect(all.map((e) => e.position)).to.deep.equal(expected);
    const first = all.find((e) => e.position === positions[0]!.toString())!;
    expect(first).to.include({ type: 'StockReceived', stream: 'inventory-dc-a~SKU-0', revision: '0' });
    expect(first.metadata).to.include({ commandType: 'ReceiveStock' });
    expect(Date.parse(first.recordedAt)).to.not.be.NaN;
  });

  it('filters by event type and stream prefix; `next` moves past filtered-out events', async () => {
    const b = await page({ after: '0', streamPrefix: 'inventory-dc-b~' });
    expect(b.events.map((e) => e.position)).to.deep.equal([positions[5]!.toString()]);
    const head = await t.oms.eventStore.headPosition();
    expect(BigInt(b.next)).to.equal(head);
    const none = await page({ after: '0', types: 'NoSuchEvent' });
    expect(none.events).to.deep.equal([]);
    expect(BigInt(none.next)).to.equal(head);
    const typed = await page({ after: '0', types: 'StockReceived,StockAdjusted', streamPrefix: 'inventory-dc-a~,inventory-dc-b~' });
    expect(typed.events).to.have.length(6);
  });

  it('rejects a malformed position with 400 INVALID_POSITION and a bad filter with 400 INVALID_FILTER', async () => {
    for (const after of ['abc', '-1', '1.5', '01', ' 1', '1e3', '9'.repeat(40)]) {
      const res = await request(t.app).get('/events').query({ after }).expect(400);
      expect(res.body.code, after).to.equal('INVALID_POSITION');
    }
    const header = await request(t.app).get('/events').set('Last-Event-ID', 'nope').expect(400);
    expect(header.body.code).to.equal('INVALID_POSITION');
    expect((await request(t.app).get('/events').query({ types: 'Order Placed' }).expect(400)).body.code).to.equal('INVALID_FILTER');
    await request(t.app).get('/events').query({ limit: 0 }).expect(400);
    await request(t.app).get('/events').query({ wait: 61 }).expect(400);
  });

  it('long-polls: waits for the next event, and answers empty (with the resume position) on timeout', async () => {
    const head = (await t.oms.eventStore.headPosition()).toString();
    const started = Date.now();
    const pending = request(t.app).get('/events').query({ after: head, wait: 10 }).then((r) => r);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const position = await receive(t.oms.commands, 'dc-c', 'SKU-9');
    const res = await pending;
    expect(res.status).to.equal(200);
    expect((res.body as Page).events.map((e) => e.position)).to.deep.equal([position.toString()]);
    expect(Date.now() - started).to.be.below(8_000);

    const quietStart = Date.now();
    const quiet = (await request(t.app).get('/events').query({ after: position.toString(), wait: 1 }).expect(200)).body as Page;
    expect(quiet.events).to.deep.equal([]);
    expect(quiet.next).to.equal(position.toString());
    expect(Date.now() - quietStart).to.be.within(900, 5_000);
  });

  it('streams server-sent events with id = position; Last-Event-ID resumes after the last one seen', async () => {
    const first = await readSse(`${base}/events?after=0`, {}, (m) => m.filter((x) => x.data).length >= 3);
    expect(first.response.headers['content-type']).to.match(/^text\/event-stream/);
    const seen = first.messages.filter((m) => m.data).slice(0, 3);
    expect(seen.map((m) => m.id)).to.deep.equal(seen.map((m) => (JSON.parse(m.data!) as WireEvent).position));
    const lastId = seen.at(-1)!.id!;
    const expected: string[] = [];
    for await (const e of t.oms.eventStore.readAll({ after: BigInt(lastId) })) expected.push(e.position.toString());
    const live = receive(t.oms.commands, 'dc-d', 'SKU-LIVE');
    const resumed = await readSse(`${base}/events?after=0`, { 'Last-Event-ID': lastId }, (m) => m.some((x) => x.data?.includes('SKU-LIVE')));
    const ids = resumed.messages.filter((m) => m.data).map((m) => m.id);
    expect(ids.slice(0, expected.length)).to.deep.equal(expected);
    expect(ids.at(-1)).to.equal((await live).toString());
  });

  it('SSE with a filter sends id-only progress records so a resumed client skips what was filtered out', async () => {
    const head = (await t.oms.eventStore.headPosition()).toString();
    const res = await readSse(`${base}/events?after=0&types=NoSuchEvent`, {}, (m) => m.some((x) => x.id === head), 3_000);
    expect(res.messages.filter((m) => m.data)).to.deep.equal([]);
    expect(res.messages.at(-1)).to.deep.equal({ id: head });
  });
});
