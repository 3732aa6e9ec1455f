import { expect } from 'chai';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { openOms } from '../../../api/bootstrap/openOms.js';
import { createApp } from '../../../api/http/createApp.js';
import { createOmsApp } from '../../../api/server.js';
import { ConfigError, loadConfig } from '../../../infrastructure/config/config.js';
import { adminKeyPath } from '../../../infrastructure/secrets/adminKeyFile.js';
import { TEST_ENV } from '../../support/testOms.js';
import { FIXTURE_PREFIX, fixtureRoutes } from './support/fixtureRoutes.js';
import { OWN_ORDER, startSecureOms, type SecureOms } from './support/secureOms.js';

const bearer = (key: string) => ({ Authorization: `Bearer ${key}` });

describe('security: authentication', function () {
  this.timeout(30_000);
  let t: SecureOms;
  before(async () => {
    t = await startSecureOms();
  });
  after(async () => t?.close());

  it('refuses a protected route without credentials: 401 problem with a Bearer challenge', async () => {
    const res = await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`);
    expect(res.status).to.equal(401);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.headers['www-authenticate']).to.match(/^Bearer realm="oms"/);
    expect(res.body.code).to.equal('UNAUTHENTICATED');
  });

  it('serves public routes and /health, /openapi.json, /docs without credentials', async () => {
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/public`).expect(200);
    await request(t.secureApp).get('/health').expect(200);
    await request(t.secureApp).get('/openapi.json').expect(200);
    await request(t.secureApp).get('/docs').expect(200);
  });

  it('limits /metrics to operator, auditor and admin', async () => {
    expect((await request(t.secureApp).get('/metrics')).status).to.equal(401);
    expect((await request(t.secureApp).get('/metrics').set(bearer(t.credentials.agent))).status).to.equal(403);
    for (const role of ['operator', 'auditor', 'admin'] as const) await request(t.secureApp).get('/metrics').set(bearer(t.credentials[role])).expect(200);
  });

  it('accepts keys as Bearer or X-API-Key and tokens as X-Tracking-Token; refuses other schemes and conflicting credentials', async () => {
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set('X-API-Key', t.credentials.agent).expect(200);
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/${OWN_ORDER}`).set('X-Tracking-Token', t.credentials.customer).expect(200);
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set('Authorization', `Basic ${Buffer.from('a:b').toString('base64')}`).expect(401);
    const both = await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent)).set('X-API-Key', t.credentials.admin);
    expect(both.status).to.equal(401);
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set(bearer(t.credentials.agent)).set('X-API-Key', t.credentials.agent).expect(200);
  });

  it('accepts a tracking token as the token query parameter (links in e-mails), nothing else there', async () => {
    const res = await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/${OWN_ORDER}`).query({ token: t.credentials.customer });
    expect(res.status).to.equal(400); // authenticated and in scope; the fixture declares no query DTO, so validation refuses `token`
    expect(res.body.code).to.equal('VALIDATION_FAILED');
    expect((await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/${OWN_ORDER}`).query({ token: t.credentials.admin })).status).to.equal(401);
    expect((await request(t.secureApp).get(`${FIXTURE_PREFIX}/orders/order-b`).query({ token: t.credentials.customer })).body.code).to.equal('FORBIDDEN_SCOPE');
  });

  it('admits a sibling role a route names in alsoAllow, and shows it in the OpenAPI document', async () => {
    const path = `${FIXTURE_PREFIX}/orders/${OWN_ORDER}/fulfilment`;
    await request(t.secureApp).get(path).set(bearer(t.credentials.store)).expect(200);
    await request(t.secureApp).get(path).set(bearer(t.credentials.customer)).expect(200);
    const doc = (await request(t.secureApp).get('/openapi.json')).body as { paths: Record<string, Record<string, Record<string, unknown>>> };
    expect(doc.paths[`${FIXTURE_PREFIX}/orders/{orderId}/fulfilment`]!.get!['x-allowed-roles']).to.deep.equal(['customer', 'store', 'agent', 'operator', 'auditor', 'admin']);
  });

  it('denies by default: an app built without security answers only public routes', async () => {
    const bare = createApp({ routes: fixtureRoutes(t.oms), logger: pino({ level: 'silent' }), openapiInfo: { title: 't', version: '0' } });
    await request(bare).get(`${FIXTURE_PREFIX}/public`).expect(200);
    for (const role of ['customer', 'agent', 'admin']) expect((await request(bare).get(`${FIXTURE_PREFIX}/${role}`).set(bearer(t.credentials.admin))).status, role).to.equal(401);
    expect((await request(bare).get('/metrics')).status).to.equal(401);
  });

  it('ignores X-Actor outside tests: a claimed identity is not a credential', async () => {
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/agent`).set('X-Actor', 'admin:mallory').expect(401);
  });

  it('records the key\'s actor in the events it causes', async () => {
    const res = await request(t.secureApp).post(`${FIXTURE_PREFIX}/counters/auth-1/increment`).set(bearer(t.credentials.agent)).send({ by: 1 });
    expect(res.status).to.equal(201);
    const events = [];
    for await (const e of t.oms.eventStore.readStream('counter-auth-1')) events.push(e);
    const keyId = t.credentials.agent.split('_')[1];
    expect(events[0]!.metadata.actor).to.deep.equal({ kind: 'agent', id: `key:${keyId}` });
  });

  it('revocation takes effect at once in the instance that revoked', async () => {
    const { key, info } = await t.oms.security.apiKeys.create({ role: 'operator', createdBy: 'test' });
    await request(t.secureApp).get(`${FIXTURE_PREFIX}/operator`).set(bearer(key)).expect(200);
    expect(await t.oms.security.apiKeys.revoke(info.keyId, 'test')).to.equal(true);
    expect((await request(t.secureApp).get(`${FIXTURE_PREFIX}/operator`).set(bearer(key))).body.code).to.equal('INVALID_CREDENTIALS');
    expect(await t.oms.security.apiKeys.revoke(info.keyId, 'test')).to.equal(false);
  });

  it('stores only a hash of each key', async () => {
    const docs = await t.oms.readStore.collection('api_keys').find({});
    const text = JSON.stringify(docs);
    for (const key of Object.values(t.credentials)) {
      // The secret is base64url and may itself contain '_': take all of it after `oms_<keyId>_`.
      // Tracking tokens are not stored keys: check that the token as a whole appears nowhere.
      const secret = key.startsWith('oms_') ? /^oms_[^_]+_(.+)$/.exec(key)?.[1] : key;
      expect(secret, key).to.have.length.greaterThan(40);
      expect(text).not.to.contain(secret!);
    }
    expect(docs.every((d) => typeof d.hash === 'string' && (d.hash as string).startsWith('sha256:'))).to.equal(true);
  });

  it('documents each route\'s role in the OpenAPI document', async () => {
    const doc = (await request(t.secureApp).get('/openapi.json')).body as { paths: Record<string, Record<string, Record<string, unknown>>>; components: { securitySchemes: object } };
    const ops = Object.values(doc.paths).flatMap((p) => Object.values(p));
    expect(ops.length).to.be.greaterThan(20);
    for (const op of ops) {
      expect(op['x-required-role'], String(op.operationId)).to.be.a('string');
      expect(op['x-allowed-roles'], String(op.operationId)).to.be.an('array').that.is.not.empty;
    }
    expect(doc.paths[`${FIXTURE_PREFIX}/auditor`]!.get!['x-allowed-roles']).to.deep.equal(['auditor', 'admin']);
    expect(doc.paths[`${FIXTURE_PREFIX}/operator`]!.get!['x-allowed-roles']).to.deep.equal(['operator', 'auditor', 'admin']);
    expect(doc.components.securitySchemes).to.have.keys('bearerAuth', 'apiKeyHeader');
  });
});

describe('security: bootstrap admin key, OMS_API_KEYS and the test-only default role', function () {
  this.timeout(30_000);
  const dirs: string[] = [];
  const tempDir = () => {
    const dir = mkdtempSync(join(tmpdir(), 'oms-auth-'));
    dirs.push(dir);
    return dir;
  };
  after(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  const start = async (dataDir: string, env: NodeJS.ProcessEnv = {}) => {
    const lines: string[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void lines.push(line) });
    const oms = await openOms(loadConfig({ OMS_DATA_DIR: dataDir, OMS_SEED_DEMO: 'false', OMS_RATE_LIMIT_PER_IP: '0', ...env }), { logger });
    return { oms, lines, app: createOmsApp(oms, fixtureRoutes(oms)) };
  };

  it('creates one admin key on the first start, writes it to admin.key (0600) and logs it once', async () => {
    const dir = tempDir();
    const first = await start(dir);
    const key = readFileSync(adminKeyPath(dir), 'utf8').trim();
    expect(key).to.match(/^oms_[a-z0-9]{12}_/);
    expect(statSync(adminKeyPath(dir)).mode & 0o777).to.equal(0o600);
    expect(first.lines.filter((l) => l.includes(key))).to.have.length(1);
    await request(first.app).get(`${FIXTURE_PREFIX}/admin`).set(bearer(key)).expect(200);
    await first.oms.close();
    const second = await start(dir);
    expect(second.lines.some((l) => l.includes('bootstrap admin key'))).to.equal(false);
    await request(second.app).get(`${FIXTURE_PREFIX}/admin`).set(bearer(key)).expect(200);
    await second.oms.close();
  });

  it('with OMS_API_KEYS: those keys (role:key, store@nodes:key) and no bootstrap key', async () => {
    const dir = tempDir();
    const admin = 'A'.repeat(40);
    const store = 'S'.repeat(40);
    const { oms, app, lines } = await start(dir, { OMS_API_KEYS: `admin:${admin}, store@node-x+node-z:${store}` });
    expect(lines.some((l) => l.includes('bootstrap admin key'))).to.equal(false);
    expect(existsSync(adminKeyPath(dir))).to.equal(false);
    await request(app).get(`${FIXTURE_PREFIX}/admin`).set(bearer(admin)).expect(200);
    expect((await request(app).get(`${FIXTURE_PREFIX}/admin`).set(bearer(store))).body.code).to.equal('FORBIDDEN_ROLE');
    await request(app).get(`${FIXTURE_PREFIX}/nodes/node-z/work`).set(bearer(store)).expect(200);
    expect((await request(app).get(`${FIXTURE_PREFIX}/nodes/node-y/work`).set(bearer(store))).body.code).to.equal('FORBIDDEN_SCOPE');
    await request(app).get(`${FIXTURE_PREFIX}/admin`).set(bearer('B'.repeat(40))).expect(401);
    await oms.close();
  });

  it('refuses short or malformed OMS_API_KEYS entries with the configuration, before any store opens', () => {
    for (const bad of ['admin:short', 'nope', 'customer:' + 'C'.repeat(40), 'store:' + 'D'.repeat(40), `admin:${'A'.repeat(40)},`]) {
      expect(() => loadConfig({ OMS_API_KEYS: bad }), bad).to.throw(ConfigError, /OMS_API_KEYS/);
    }
    expect(loadConfig({ OMS_API_KEYS: `admin:${'A'.repeat(40)},store@a+b:${'B'.repeat(32)}` }).security.apiKeys).to.be.a('string');
  });

  it('refuses to start with OMS_AUTH_TEST_DEFAULT_ROLE unless NODE_ENV=test', () => {
    expect(() => loadConfig({ OMS_AUTH_TEST_DEFAULT_ROLE: 'admin' })).to.throw(ConfigError, /NODE_ENV=test/);
    expect(() => loadConfig({ OMS_AUTH_TEST_DEFAULT_ROLE: 'admin', NODE_ENV: 'production' })).to.throw(ConfigError);
    expect(loadConfig({ ...TEST_ENV }).security.testDefaultRole).to.equal('admin');
  });

  it('in test mode, callers without credentials act as the default role (X-Actor names them); credentials still count', async () => {
    const { oms, app } = await start(tempDir(), { ...TEST_ENV });
    await request(app).get(`${FIXTURE_PREFIX}/admin`).expect(200);
    const res = await request(app).post(`${FIXTURE_PREFIX}/counters/tm/increment`).set('X-Actor', 'agent:alice').send({ by: 1 });
    expect(res.status).to.equal(201);
    for await (const e of oms.eventStore.readStream('counter-tm')) expect(e.metadata.actor).to.deep.equal({ kind: 'agent', id: 'alice' });
    await request(app).get(`${FIXTURE_PREFIX}/admin`).set(bearer('wrong')).expect(401);
    await oms.close();
  });
});
