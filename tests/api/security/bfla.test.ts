import { expect } from 'chai';
import { routeTable, type Role, type RouteTableEntry } from '../../../api/http/route.js';
import type { PrincipalRole } from '../../../application/security/roles.js';
import { FIXTURE_PREFIX } from './support/fixtureRoutes.js';
import { concretePath, describeRoute, probe, refused, type Probe } from './support/probe.js';
import { OWN_NODE, OWN_ORDER, startSecureOms, type SecureOms } from './support/secureOms.js';

type Caller = PrincipalRole | 'anonymous';
const EVERYONE: readonly Caller[] = ['anonymous', 'customer', 'store', 'agent', 'operator', 'auditor', 'admin'];

/**
 * The expected role matrix, written out independently of application/security/roles.ts: a
 * regression there (a role granted too much) makes this test fail instead of agreeing with it.
 */
const EXPECTED: Readonly<Record<Role, Readonly<{ read: readonly Caller[]; write: readonly Caller[] }>>> = {
  public: { read: EVERYONE, write: EVERYONE },
  customer: { read: ['customer', 'agent', 'operator', 'auditor', 'admin'], write: ['customer', 'agent', 'operator', 'admin'] },
  store: { read: ['store', 'agent', 'operator', 'auditor', 'admin'], write: ['store', 'agent', 'operator', 'admin'] },
  agent: { read: ['agent', 'operator', 'auditor', 'admin'], write: ['agent', 'operator', 'admin'] },
  operator: { read: ['operator', 'auditor', 'admin'], write: ['operator', 'admin'] },
  auditor: { read: ['auditor', 'admin'], write: ['auditor', 'admin'] },
  admin: { read: ['admin'], write: ['admin'] },
};

/** Scoped callers name their own order/node so that only the role decides (scopes: bola.test.ts). */
const inputFor = (caller: Caller, route: RouteTableEntry): Probe => {
  if (caller === 'customer') return route.mutating ? { body: { orderId: OWN_ORDER } } : { query: { orderId: OWN_ORDER } };
  if (caller === 'store') return route.mutating ? { body: { node: OWN_NODE } } : { query: { nodeId: OWN_NODE } };
  return {};
};

/**
 * Broken function-level authorization: every route of the real app (plus fixtures covering every
 * role) × every caller role. Generated from `routeTable()`, so a route added later is covered
 * without touching this file. Refused = 401/403 from the edge, before the handler.
 */
describe('security: BFLA — every role is refused on every route above it (generated from the route table)', function () {
  this.timeout(60_000);
  let t: SecureOms;
  before(async () => {
    t = await startSecureOms();
  });
  after(async () => t?.close());

  it('covers the real routes and a fixture for every role', () => {
    const table = routeTable(t.secureApp);
    expect(table.filter((r) => !r.path.startsWith(FIXTURE_PREFIX)).length, 'real routes').to.be.greaterThan(0);
    for (const role of Object.keys(EXPECTED)) expect(table.some((r) => r.role === role), role).to.equal(true);
    expect(table.some((r) => r.alsoAllow.length > 0), 'a route admitting a sibling role').to.equal(true);
  });

  it('each caller is let through exactly where the matrix allows', async () => {
    const table = routeTable(t.secureApp);
    const wrong: string[] = [];
    let probes = 0;
    for (const route of table) {
      // Sibling roles a route admits explicitly (`alsoAllow`) come on top of the matrix.
      const allowed = [...(route.mutating ? EXPECTED[route.role].write : EXPECTED[route.role].read), ...route.alsoAllow];
      for (const caller of EVERYONE) {
        const credential = caller === 'anonymous' ? undefined : t.credentials[caller];
        const res = await probe(t.secureApp, route, concretePath(route.path), credential, inputFor(caller, route));
        probes += 1;
        const expectAllowed = allowed.includes(caller);
        if (expectAllowed === refused(res.status)) {
          wrong.push(`${describeRoute(route)} as ${caller}: ${res.status} ${res.code ?? ''} (expected ${expectAllowed ? 'let through' : 'refused'})`);
        }
        if (!expectAllowed && caller === 'anonymous') expect(res.status, describeRoute(route)).to.equal(401);
        if (!expectAllowed && caller !== 'anonymous') expect(res.code, describeRoute(route)).to.equal('FORBIDDEN_ROLE');
      }
    }
    expect(wrong, wrong.join('\n')).to.deep.equal([]);
    expect(probes).to.equal(table.length * EVERYONE.length);
  });

  it('refuses revoked, forged and malformed credentials everywhere but on public routes', async () => {
    const { key } = await t.oms.security.apiKeys.create({ role: 'admin', name: 'to revoke', createdBy: 'test' });
    await t.oms.security.apiKeys.revoke(key.split('_')[1]!, 'test');
    const forgedToken = (await t.oms.security.trackingTokens.issue(OWN_ORDER)).slice(0, -2) + 'AA';
    const bad = [key, forgedToken, `${t.adminKey}x`, 'oms_aaaaaaaaaaaa_' + 'A'.repeat(43), 'not-a-key'];
    for (const route of routeTable(t.secureApp).filter((r) => r.role !== 'public')) {
      for (const credential of bad) {
        const res = await probe(t.secureApp, route, concretePath(route.path), credential);
        expect(res.status, `${describeRoute(route)} with ${credential.slice(0, 20)}`).to.equal(401);
        expect(res.code).to.equal('INVALID_CREDENTIALS');
      }
    }
  });
});
