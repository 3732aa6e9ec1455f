import { expect } from 'chai';
import request from 'supertest';
import { startTestOms, type TestOms } from '../../support/testOms.js';

describe('api/server on the embedded default', () => {
  let t: TestOms;
  before(async () => {
    t = await startTestOms();
  });
  after(async () => t.close());

  it('reports both stores healthy with their adapters', async () => {
    const res = await request(t.app).get('/health').expect(200);
    expect(res.body.status).to.equal('ok');
    expect(res.body.checks.eventStore).to.include({ status: 'ok', adapter: 'sqlite' });
    expect(res.body.checks.readStore).to.include({ status: 'ok', adapter: 'embedded' });
  });

  it('serves metrics, the OpenAPI document and the docs page', async () => {
    const metrics = await request(t.app).get('/metrics').expect(200);
    expect(metrics.text).to.contain('http_request_duration_seconds');
    const openapi = await request(t.app).get('/openapi.json').expect(200);
    expect(openapi.body.info.title).to.equal('Order Ledger OMS API');
    await request(t.app).get('/docs').expect(200).expect('content-type', /html/);
  });

  it('answers an unknown route with a problem document', async () => {
    const res = await request(t.app).get('/nope').expect(404);
    expect(res.headers['content-type']).to.match(/application\/problem\+json/);
    expect(res.body.code).to.equal('ROUTE_NOT_FOUND');
  });
});
