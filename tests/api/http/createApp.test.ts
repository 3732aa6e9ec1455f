import { expect } from 'chai';
import { Gauge } from 'prom-client';
import request from 'supertest';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { routeTable } from '../../../api/http/route.js';
import { sampleRoutes } from './support/sampleRoutes.js';
import { FIXED_NOW, makeTestApp, validOrder } from './support/testApp.js';

describe('api/http createApp', () => {
  describe('request id', () => {
    const { app, logs } = makeTestApp();

    it('echoes a sane X-Request-Id and uses it in logs and problems', async () => {
      const res = await request(app).get('/nope').set('X-Request-Id', 'req-123:abc');
      expect(res.headers['x-request-id']).to.equal('req-123:abc');
      expect(res.body.requestId).to.equal('req-123:abc');
      const access = logs.find((l) => l.requestId === 'req-123:abc' && l.msg === 'request completed') as { res: { statusCode: number } } | undefined;
      expect(access?.res.statusCode).to.equal(404);
    });

    it('replaces an insane one with a generated UUID', async () => {
      for (const bad of ['x'.repeat(129), 'has space', 'new\\nline', '<script>']) {
        const res = await request(app).get('/health').set('X-Request-Id', bad);
        expect(res.headers['x-request-id']).not.to.equal(bad);
        expect(isUuid(res.headers['x-request-id'])).to.equal(true);
      }
      const none = await request(app).get('/health');
      expect(isUuid(none.headers['x-request-id'])).to.equal(true);
    });
  });

  describe('route context', () => {
    const { app, rec } = makeTestApp();

    it('mints a UUID v4 Idempotency-Key once for a mutating request without one and echoes it', async () => {
      const res = await request(app).post('/orders').send(validOrder());
      expect(res.status).to.equal(201);
      const key = rec.last!.idempotencyKey!;
      expect(isUuid(key) && uuidVersion(key)).to.equal(4);
      expect(res.headers['idempotency-key']).to.equal(key);
      await request(app).post('/orders').send(validOrder());
      expect(rec.last!.idempotencyKey).not.to.equal(key);
    });

    it('passes a client Idempotency-Key through unchanged', async () => {
      const res = await request(app).post('/orders').set('Idempotency-Key', 'client-key-1').send(validOrder());
      expect(rec.last!.idempotencyKey).to.equal('client-key-1');
      expect(res.headers['idempotency-key']).to.equal('client-key-1');
    });

    it('gives reads no idempotency key unless the client sent one', async () => {
      await request(app).get('/orders/o-1');
      expect(rec.last!.idempotencyKey).to.equal(undefined);
    });

    it('reads the clock once at the edge, resolves the actor, and exposes headers and the request id', async () => {
      await request(app).get('/orders/o-1').set('X-Request-Id', 'r-ctx').set('If-Match', '"3"');
      const ctx = rec.last!;
      expect(ctx.now).to.equal(FIXED_NOW);
      expect(ctx.actor).to.deep.equal({ kind: 'operator', id: 'anonymous' });
      expect(ctx.requestId).to.equal('r-ctx');
      expect(ctx.header('If-Match')).to.equal('"3"');
      expect(ctx.params).to.deep.include({ orderId: 'o-1' });
      expect(ctx.body).to.equal(undefined);
      await request(app).post('/orders').set('X-Actor', 'customer:c-42').send(validOrder());
      expect(rec.last!.actor).to.deep.equal({ kind: 'customer', id: 'c-42' });
    });
  });

  describe('/health', () => {
    it('200 with checks when ok or degraded', async () => {
      const { app } = makeTestApp({ health: async () => ({ status: 'degraded', checks: { eventStore: { status: 'ok' }, projections: { status: 'degraded', detail: 'lagging' } } }) });
      const res = await request(app).get('/health');
      expect(res.status).to.equal(200);
      expect(res.body.checks.projections).to.deep.equal({ status: 'degraded', detail: 'lagging' });
      const plain = await request(makeTestApp().app).get('/health');
      expect(plain.status).to.equal(200);
      expect(plain.body).to.deep.equal({ status: 'ok', checks: {} });
    });

    it('503 when down, and when the check itself throws (without leaking its message)', async () => {
      const down = makeTestApp({ health: async () => ({ status: 'down', checks: { eventStore: { status: 'down' } } }) });
      expect((await request(down.app).get('/health')).status).to.equal(503);
      const broken = makeTestApp({ health: async () => { throw new Error('secret dsn'); } });
      const res = await request(broken.app).get('/health');
      expect(res.status).to.equal(503);
      expect(res.body.status).to.equal('down');
      expect(JSON.stringify(res.body)).not.to.contain('secret dsn');
    });
  });

  describe('/metrics', () => {
    it('exposes the request histogram by route template, method and status, plus caller metrics', async () => {
      const { app, registry } = makeTestApp();
      const gauge = new Gauge({ name: 'oms_test_gauge', help: 'test', registers: [registry] });
      gauge.set(42);
      await request(app).get('/orders/o-1');
      await request(app).get('/orders/o-2');
      await request(app).get('/no/such/route');
      const res = await request(app).get('/metrics');
      expect(res.status).to.equal(200);
      expect(res.headers['content-type']).to.match(/^text\/plain/);
      expect(res.text).to.match(/http_request_duration_seconds_count\{method="GET",route="\/orders\/:orderId",status="200"\} 2/);
      expect(res.text).to.match(/http_request_duration_seconds_count\{method="GET",route="not-found",status="404"\} 1/);
      expect(res.text).to.contain('oms_test_gauge 42');
    });

    it('lets two apps share one registry', () => {
      const first = makeTestApp();
      expect(() => makeTestApp({ metrics: first.registry })).not.to.throw();
    });
  });

  describe('/openapi.json and /docs', () => {
    const { app } = makeTestApp();

    it('lists every route with its operationId, tags, role and idempotency', async () => {
      const res = await request(app).get('/openapi.json');
      expect(res.status).to.equal(200);
      const doc = res.body as { openapi: string; paths: Record<string, Record<string, Record<string, unknown>>>; components: { schemas: Record<string, unknown> } };
      expect(doc.openapi).to.equal('3.1.0');
      const table = routeTable(app);
      expect(table.map((r) => r.operationId)).to.have.members(sampleRoutes().map((r) => r.operationId));
      for (const r of table) {
        const op = doc.paths[r.path.replace(/:(\w+)/g, '{$1}')]?.[r.method];
        expect(op, `${r.method} ${r.path}`).to.not.equal(undefined);
        expect(op!.operationId).to.equal(r.operationId);
        expect(op!['x-required-role']).to.equal(r.role);
        expect(op!['x-idempotent']).to.equal(r.idempotent);
        expect(op!.tags).to.deep.equal(r.tags);
      }
      expect(doc.paths['/orders']!.post!['x-required-role']).to.equal('customer');
      expect(doc.paths['/failures/{kind}']!.post!['x-required-role']).to.equal('admin');
    });

    it('describes bodies, params and query from the validation metadata', async () => {
      const doc = (await request(app).get('/openapi.json')).body;
      const s = doc.components.schemas;
      expect(doc.paths['/orders'].post.requestBody.content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/PlaceOrderDto' });
      expect(s.PlaceOrderDto.required).to.have.members(['orderId', 'country', 'shipping', 'lines']);
      expect(s.PlaceOrderDto.additionalProperties).to.equal(false);
      expect(s.PlaceOrderDto.properties.shipping).to.deep.equal({ enum: ['standard', 'express'] });
      expect(s.PlaceOrderDto.properties.lines).to.deep.equal({ type: 'array', minItems: 1, maxItems: 50, items: { $ref: '#/components/schemas/OrderLineDto' } });
      expect(s.PlaceOrderDto.properties.tags).to.deep.equal({ type: 'array', items: { type: 'string' } });
      expect(s.PlaceOrderDto.properties.requestedAt).to.deep.equal({ type: 'string', format: 'date-time' });
      expect(s.PlaceOrderDto.properties.giftWrap).to.deep.equal({ type: 'boolean' });
      expect(s.OrderLineDto.properties.quantity).to.deep.equal({ type: 'integer', minimum: 1, maximum: 1000 });
      expect(s.OrderLineDto.properties.unitPrice).to.deep.equal({ $ref: '#/components/schemas/MoneyDto' });
      expect(s.MoneyDto.properties.currency).to.include({ type: 'string', pattern: '^[A-Z]{3}$' });
      const list = doc.paths['/orders'].get.parameters as Array<{ name: string; in: string; required: boolean; schema: Record<string, unknown> }>;
      expect(list.find((p) => p.name === 'limit')).to.deep.equal({ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: 100 } });
      expect(list.find((p) => p.name === 'status')!.schema).to.deep.equal({ enum: ['open', 'closed'] });
      expect(list.find((p) => p.name === 'q')!.schema).to.deep.equal({ type: 'string', pattern: '^[a-z]+$', minLength: 1, maxLength: 20 });
      const get = doc.paths['/orders/{orderId}'].get;
      expect(get.parameters[0]).to.deep.include({ name: 'orderId', in: 'path', required: true });
      expect(get.responses['200'].content['application/json'].schema).to.deep.equal({ $ref: '#/components/schemas/OrderView' });
      expect(get.responses.default.content['application/problem+json']).to.not.equal(undefined);
      const cancel = doc.paths['/orders/{orderId}/cancel'].post;
      expect(cancel.parameters.map((p: { name: string }) => p.name)).to.deep.equal(['orderId', 'Idempotency-Key']);
      expect(cancel.requestBody).to.equal(undefined);
    });

    it('serves Swagger UI at /docs with assets that load', async () => {
      for (const path of ['/docs', '/docs/']) {
        const res = await request(app).get(path);
        expect(res.status).to.equal(200);
        expect(res.headers['content-type']).to.match(/^text\/html/);
        expect(res.text).to.contain('swagger-ui');
        expect(res.text).to.contain('src="/docs/swagger-ui-bundle.js"');
      }
      const init = await request(app).get('/docs/swagger-ui-init.js');
      expect(init.status).to.equal(200);
      expect(init.text).to.contain('/openapi.json');
      expect((await request(app).get('/docs/swagger-ui.css')).status).to.equal(200);
    });
  });

  it('sets security headers (helmet) and no X-Powered-By', async () => {
    const res = await request(makeTestApp().app).get('/health');
    expect(res.headers['x-content-type-options']).to.equal('nosniff');
    expect(res.headers['content-security-policy']).to.contain("default-src 'self'");
    expect(res.headers['x-powered-by']).to.equal(undefined);
  });

  it('refuses duplicate routes at start-up', () => {
    const routes = sampleRoutes();
    expect(() => makeTestApp({ routes: [...routes, routes[0]!] })).to.throw(/duplicate/);
  });
});
