import { expect } from 'chai';
import fc from 'fast-check';
import type { Server } from 'node:http';
import request from 'supertest';
import { makeTestApp, validOrder } from './support/testApp.js';

/**
 * Never a 500 for malformed input: thousands of random bodies, strings, queries and paths go to
 * the sample routes, and every answer must be < 500 and, when an error, a problem document.
 * Fixed seeds keep the run deterministic; fast-check prints the counterexample when one fails.
 */
describe('api/http fuzz: garbage in, never a 5xx', function () {
  this.timeout(60_000);
  const { app, logs } = makeTestApp();
  let server: Server;

  before((done) => {
    server = app.listen(0, '127.0.0.1', done);
  });
  after((done) => {
    server.close(done);
  });

  const check = (res: request.Response, what: unknown): void => {
    expect(res.status, `input: ${JSON.stringify(what)?.slice(0, 300)}`).to.be.lessThan(500);
    if (res.status >= 400) expect(res.headers['content-type'], JSON.stringify(what)).to.match(/^application\/problem\+json/);
  };

  const postRaw = (path: string, raw: string, type = 'application/json') =>
    request(server).post(path).set('Content-Type', type).send(raw);

  it('1,000 random JSON values as bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue({ maxDepth: 6 }), fc.constantFrom('/orders', '/batch', '/orders/o-1/cancel'), async (value, path) => {
        check(await postRaw(path, JSON.stringify(value)), value);
      }),
      { numRuns: 1000, seed: 7301 },
    );
  });

  it('1,000 random strings as JSON bodies', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.string({ unit: 'grapheme-ascii', maxLength: 200 })), async (raw) => {
        check(await postRaw('/orders', raw), raw);
      }),
      { numRuns: 1000, seed: 7302 },
    );
  });

  it('500 valid orders with one member replaced by random JSON (reaches nested validation)', async () => {
    const keys = ['orderId', 'country', 'shipping', 'requestedAt', 'note', 'giftWrap', 'tags', 'lines', '__proto__', 'constructor', 'x'];
    const lineKeys = ['sku', 'quantity', 'unitPrice', 'toString', 'extra'];
    const prototypeMembers = Object.getOwnPropertyNames(Object.prototype).sort();
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...keys), fc.constantFrom(...lineKeys), fc.jsonValue({ maxDepth: 4 }), fc.boolean(), async (key, lineKey, value, inLine) => {
        const order = validOrder() as Record<string, unknown>;
        const line = { ...(order.lines as object[])[0] } as Record<string, unknown>;
        let raw: string;
        if (inLine) {
          raw = JSON.stringify({ ...order, lines: [line, { ...line, PLACEHOLDER: 0 }] }).replace('"PLACEHOLDER":0', `${JSON.stringify(lineKey)}:${JSON.stringify(value)}`);
        } else {
          raw = JSON.stringify({ ...order, PLACEHOLDER: 0 }).replace('"PLACEHOLDER":0', `${JSON.stringify(key)}:${JSON.stringify(value)}`);
        }
        const res = await postRaw('/orders', raw);
        check(res, raw);
        expect(Object.getOwnPropertyNames(Object.prototype).sort()).to.deep.equal(prototypeMembers);
      }),
      { numRuns: 500, seed: 7303 },
    );
  });

  it('300 random query strings, path segments and content types', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
        fc.string({ unit: 'grapheme-ascii', maxLength: 60 }),
        fc.constantFrom('text/plain', 'application/json', 'application/xml', 'multipart/form-data; boundary=x', 'application/json; charset=utf-16', ''),
        async (query, segment, type) => {
          check(await request(server).get(`/orders?${encodeURI(query)}`), query);
          check(await request(server).get(`/orders/${encodeURIComponent(segment)}`), segment);
          check(await request(server).get(`/orders/${segment.replace(/[#?/\\\s]/g, '')}`.replace(/%(?![0-9A-F]{2})/gi, '%25')), segment);
          check(await postRaw('/orders', query, type || 'application/octet-stream'), { query, type });
        },
      ),
      { numRuns: 300, seed: 7304 },
    );
  });

  it('logged no internal errors along the way', () => {
    expect(logs.filter((l) => l.msg === 'request failed')).to.deep.equal([]);
  });
});
