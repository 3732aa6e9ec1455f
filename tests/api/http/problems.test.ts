import { expect } from 'chai';
import request from 'supertest';
import { gzipSync } from 'node:zlib';
import { SECRET } from './support/sampleRoutes.js';
import { makeTestApp, validOrder } from './support/testApp.js';

const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId'];

function expectProblem(res: request.Response, status: number, code: string): void {
  expect(res.status, JSON.stringify(res.body)).to.equal(status);
  expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
  expect(res.body).to.include.keys(PROBLEM_MEMBERS);
  expect(res.body.code).to.equal(code);
  expect(res.body.status).to.equal(status);
  expect(res.body.type).to.equal(`https://oms.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`);
  expect(res.body.requestId).to.equal(res.headers['x-request-id']);
}

describe('api/http problems', () => {
  const { app, logs } = makeTestApp();

  describe('body parsing', () => {
    it('malformed JSON → 400 MALFORMED_JSON', async () => {
      for (const raw of ['{"orderId":', '{orderId: 1}', "{'a':1}", '[1,]', '"just a string"', '42', 'null', '{"a":1}}']) {
        const res = await request(app).post('/orders').set('Content-Type', 'application/json').send(raw);
        expectProblem(res, 400, 'MALFORMED_JSON');
        expect(res.body.instance).to.equal('/orders');
      }
    });

    it('a non-JSON body on a mutating route → 415 UNSUPPORTED_MEDIA_TYPE', async () => {
      expectProblem(await request(app).post('/orders').set('Content-Type', 'text/plain').send('hello'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await request(app).post('/orders').type('form').send('a=1'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      expectProblem(await request(app).post('/orders').set('Content-Type', 'application/json; charset=latin1').send('{}'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      // application/*+json is JSON too
      const merge = await request(app).post('/orders').set('Content-Type', 'application/merge-patch+json').send(JSON.stringify(validOrder()));
      expect(merge.status).to.equal(201);
    });

    it('a body over the limit → 413 PAYLOAD_TOO_LARGE; a route may raise its own limit', async () => {
      const big = { items: Array.from({ length: 15_000 }, (_, i) => `item-${i}-${'x'.repeat(100)}`) }; // ~1.7 MB
      expectProblem(await request(app).post('/orders').send({ ...validOrder(), note: 'y'.repeat(1_100_000) }), 413, 'PAYLOAD_TOO_LARGE');
      const batch = await request(app).post('/batch').send(big);
      expect(batch.status).to.equal(202);
      expect(batch.body).to.deep.equal({ count: 15_000 });
      const huge = { items: Array.from({ length: 40_000 }, () => 'z'.repeat(100)) }; // ~4.1 MB > 3mb
      expectProblem(await request(app).post('/batch').send(huge), 413, 'PAYLOAD_TOO_LARGE');
    });

    it('applies the limit after decompression (gzip bombs are too large, not a crash)', async () => {
      const gz = (v: unknown) => gzipSync(Buffer.from(JSON.stringify(v)));
      const post = (body: Buffer, encoding: string) =>
        // superagent would JSON-encode a Buffer under a JSON content type; send the bytes as they are
        request(app).post('/orders').set('Content-Type', 'application/json').set('Content-Encoding', encoding).serialize((b: unknown) => b as string).send(body);
      expect((await post(gz(validOrder()), 'gzip')).status).to.equal(201);
      expectProblem(await post(gz({ ...validOrder(), note: ' '.repeat(5_000_000) }), 'gzip'), 413, 'PAYLOAD_TOO_LARGE');
      expectProblem(await post(Buffer.from('{}'), 'snappy'), 415, 'UNSUPPORTED_MEDIA_TYPE');
      const corrupt = await post(Buffer.from('not gzip at all'), 'gzip');
      expect(corrupt.status).to.equal(400);
    });
  });

  describe('routing', () => {
    it('unknown route → 404 ROUTE_NOT_FOUND', async () => {
      const res = await request(app).get('/nope/nothing');
      expectProblem(res, 404, 'ROUTE_NOT_FOUND');
      expect(res.body.instance).to.equal('/nope/nothing');
    });

    it('wrong method on a known path → 405 METHOD_NOT_ALLOWED with Allow', async () => {
      const res = await request(app).delete('/orders');
      expectProblem(res, 405, 'METHOD_NOT_ALLOWED');
      expect(res.headers.allow).to.equal('POST, GET, HEAD, OPTIONS');
      const put = await request(app).put('/orders/o-1');
      expectProblem(put, 405, 'METHOD_NOT_ALLOWED');
      expect(put.headers.allow).to.equal('GET, HEAD, OPTIONS');
      const get = await request(app).get('/orders/o-1/cancel');
      expect(get.headers.allow).to.equal('POST, OPTIONS');
    });

    it('OPTIONS on a known path → 204 with Allow', async () => {
      const res = await request(app).options('/orders/o-1/cancel');
      expect(res.status).to.equal(204);
      expect(res.headers.allow).to.equal('POST, OPTIONS');
    });

    it('an undecodable path escape is a 400, not a 500', async () => {
      expectProblem(await request(app).get('/orders/%E0%A4%A'), 400, 'MALFORMED_URL');
    });
  });

  describe('error mapping', () => {
    it('DomainError → its own status and code, with details as extension members', async () => {
      const res = await request(app).post('/failures/conflict');
      expectProblem(res, 409, 'ORDER_ALREADY_SHIPPED');
      expect(res.body.detail).to.equal('order o-1 has already shipped');
      expect(res.body.orderId).to.equal('o-1');
      expect(res.body.status, 'details must not overwrite standard members').to.equal(409);
      expect(res.body.title).to.equal('Conflict');
      expectProblem(await request(app).get('/orders/missing'), 404, 'ORDER_NOT_FOUND');
    });

    it('ConcurrencyError (retries exhausted) → 409 CONCURRENCY_CONFLICT without stream internals', async () => {
      const res = await request(app).post('/failures/concurrency');
      expectProblem(res, 409, 'CONCURRENCY_CONFLICT');
      expect(res.body.detail).not.to.contain('order-o-1');
    });

    it('unavailable stores → 503 with Retry-After: 1 and no connection details', async () => {
      for (const [kind, code] of [['store-unavailable', 'STORE_UNAVAILABLE'], ['readstore-unavailable', 'READ_STORE_UNAVAILABLE']] as const) {
        const res = await request(app).post(`/failures/${kind}`);
        expectProblem(res, 503, code);
        expect(res.headers['retry-after']).to.equal('1');
        expect(JSON.stringify(res.body)).not.to.contain('hunter2');
      }
    });

    it('anything else → 500 INTERNAL_ERROR, nothing leaked, logged with the requestId', async () => {
      const res = await request(app).post('/failures/crash').set('X-Request-Id', 'crash-req-1');
      expectProblem(res, 500, 'INTERNAL_ERROR');
      expect(JSON.stringify(res.body)).not.to.contain('hunter2');
      expect(JSON.stringify(res.body)).not.to.match(/at .*\.ts/);
      const logged = logs.find((l) => l.requestId === 'crash-req-1' && l.msg === 'request failed');
      expect(logged, 'error log line').to.not.equal(undefined);
      expect(JSON.stringify(logged)).to.contain(SECRET);
    });

    it('serialises bigint as decimal strings', async () => {
      const res = await request(app).post('/failures/bigint');
      expect(res.status).to.equal(200);
      expect(res.body).to.deep.equal({ position: '12345678901234567890' });
      expect((await request(app).get('/orders/o-7')).body.revision).to.equal('7');
    });

    it('bad X-Actor or Idempotency-Key headers → 400 with their own codes', async () => {
      expectProblem(await request(app).post('/orders').set('X-Actor', 'system:worker').send(validOrder()), 400, 'INVALID_ACTOR');
      expectProblem(await request(app).post('/orders').set('X-Actor', 'customer').send(validOrder()), 400, 'INVALID_ACTOR');
      expectProblem(await request(app).post('/orders').set('Idempotency-Key', 'a b').send(validOrder()), 400, 'INVALID_IDEMPOTENCY_KEY');
      expectProblem(await request(app).post('/orders').set('Idempotency-Key', 'k'.repeat(129)).send(validOrder()), 400, 'INVALID_IDEMPOTENCY_KEY');
    });
  });

  describe('timeouts', () => {
    it('a request that outlives the timeout → 503 REQUEST_TIMEOUT and the handler is signalled', async () => {
      const t = makeTestApp({ requestTimeoutMs: 50 });
      const res = await request(t.app).get('/slow');
      expectProblem(res, 503, 'REQUEST_TIMEOUT');
      expect(t.rec.last!.signal.aborted).to.equal(true);
    });
  });
});
