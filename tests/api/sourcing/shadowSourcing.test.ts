import { expect } from 'chai';
import request from 'supertest';
import { orderBody, place, startOrdersOms, type OrdersOms } from '../orders/support/orderFixtures.js';
import { authedRequest, keyFor } from '../../support/authedRequest.js';

/** Walks nodes in priority order: store-12 first, so every TEE order it can serve goes there (the live default ships from dc-paris). */
const storesFirst = {
  id: 'stores-first',
  version: 2,
  rules: [{ name: 'store-12-first', sort: ['priority', 'cost'], splitPolicy: 'allowed', onShortfall: 'backorder' }],
  nodePriority: { 'store-12': 1, 'dc-paris': 2 },
};

type Line = { node?: string };
const nodesOf = (body: { lines: Line[] }) => [...new Set(body.lines.map((l) => l.node))];

describe('sourcing rule sets in shadow mode: publish → shadow → evidence → promote → rollback', function () {
  this.timeout(30_000);
  let t: OrdersOms;
  before(async () => {
    t = await startOrdersOms();
  });
  after(async () => t?.close());

  it('records live vs candidate on real placements, summarises them, promotes with the evidence and rolls back', async () => {
    const published = await request(t.app).post('/sourcing/rulesets').set('Idempotency-Key', 'pub-2').send(storesFirst);
    expect(published.status, JSON.stringify(published.body)).to.equal(201);
    expect(published.body.versions).to.deep.equal([{ version: 2, id: 'stores-first', rules: ['store-12-first'] }]);
    const shadow = await request(t.app).post('/sourcing/shadow').send({ candidateVersion: 2 });
    expect(shadow.status, JSON.stringify(shadow.body)).to.equal(200);
    expect(shadow.body).to.include({ live: null, candidate: 2 });

    const placed: string[] = [];
    for (let i = 0; i < 3; i++) {
      const res = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 1 }] }), `shadow-${i}`);
      expect(res.status, JSON.stringify(res.body)).to.equal(201);
      // The live rule set still decides: the candidate never acts.
      expect(nodesOf(res.body)).to.deep.equal(['dc-paris']);
      placed.push(res.body.orderId);
    }

    const summary = await request(t.app).get('/sourcing/shadow');
    expect(summary.status, JSON.stringify(summary.body)).to.equal(200);
    expect(summary.body).to.include({ candidate: 'stores-first@2', candidateVersion: 2, liveVersion: null, ordersCompared: 3, sameNodes: 0, sameNodesRate: 0, identical: 0, candidateErrors: 0 });
    expect(summary.body.splitRate).to.deep.equal({ live: 0, candidate: 0, delta: 0 });
    expect(summary.body.costDelta).to.have.length(1);
    expect(summary.body.costDelta[0].currency).to.equal('EUR');
    // store-12 is in central Paris, the DC in the suburbs: the candidate ships shorter distances.
    expect(summary.body.distanceKm.delta).to.be.below(0);
    // Both plans can be promised to Paris: the lead comparison covers every order.
    const lead = summary.body.promisedLeadDays;
    expect(lead.compared).to.equal(3);
    expect(lead.live).to.be.above(0);
    expect(lead.meanDelta).to.be.closeTo(lead.candidate - lead.live, 0.002);
    expect(summary.body.samples.map((s: { orderId: string }) => s.orderId).sort()).to.deep.equal([...placed].sort());
    expect(summary.body.samples[0].nodes).to.deep.include({ live: ['dc-paris'], candidate: ['store-12'], onlyLive: ['dc-paris'], onlyCandidate: ['store-12'] });

    const promoted = await request(t.app).post('/sourcing/rulesets/2/promote').send();
    expect(promoted.status, JSON.stringify(promoted.body)).to.equal(200);
    expect(promoted.body).to.include({ live: 2, candidate: null });
    expect(promoted.body.evidence.evidence).to.include({ candidate: 'stores-first@2', ordersCompared: 3, sameNodes: 0 });

    const after = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 1 }] }), 'after-promotion');
    expect(after.status, JSON.stringify(after.body)).to.equal(201);
    expect(nodesOf(after.body)).to.deep.equal(['store-12']);
    const explained = await request(t.app).get(`/orders/${after.body.orderId}/sourcing`);
    expect(explained.body).to.include({ ruleSetId: 'stores-first', ruleSetVersion: 2, ruleApplied: 'store-12-first' });
    // No shadow runs now: nothing new is compared.
    expect((await request(t.app).get('/sourcing/shadow').query({ candidateVersion: '2' })).body.ordersCompared).to.equal(3);

    const rolledBack = await request(t.app).post('/sourcing/rulesets/rollback').send({ reason: 'stores overloaded' });
    expect(rolledBack.status, JSON.stringify(rolledBack.body)).to.equal(200);
    expect(rolledBack.body).to.include({ live: null, previous: 2 });
    const back = await place(t, orderBody({ lines: [{ sku: 'TEE', quantity: 1 }] }), 'after-rollback');
    expect(nodesOf(back.body)).to.deep.equal(['dc-paris']);

    const history: string[] = [];
    for await (const e of t.oms.eventStore.readStream('ruleset-sourcing')) history.push(e.type);
    expect(history).to.deep.equal(['RuleSetPublished', 'ShadowStarted', 'RuleSetPromoted', 'RuleSetRolledBack']);
  });

  it('answers bad input with problem+json and stable codes', async () => {
    const invalid = await request(t.app).post('/sourcing/rulesets').send({ ...storesFirst, version: 5, rules: [{ name: 'x', sort: ['fastest'], splitPolicy: 'allowed', onShortfall: 'backorder' }] });
    expect(invalid.status).to.equal(422);
    expect(invalid.headers['content-type']).to.match(/application\/problem\+json/);
    expect(invalid.body.code).to.equal('INVALID_RULE_SET');
    const conflicting = await request(t.app).post('/sourcing/rulesets').send({ ...storesFirst, nodePriority: { 'dc-berlin': 1 } });
    expect(conflicting.status).to.equal(409);
    expect(conflicting.body.code).to.equal('RULE_SET_VERSION_EXISTS');
    const missing = await request(t.app).post('/sourcing/rulesets').send({ id: 'x', rules: [] });
    expect(missing.status).to.equal(400);
    expect(missing.body.code).to.equal('VALIDATION_FAILED');
    expect((await request(t.app).post('/sourcing/rulesets/99/promote').send()).body.code).to.equal('RULE_SET_VERSION_UNKNOWN');
    expect((await request(t.app).post('/sourcing/shadow').send({ candidateVersion: 99 })).status).to.equal(404);
    const notCandidate = await request(t.app).post('/sourcing/rulesets').send({ ...storesFirst, version: 3 });
    expect(notCandidate.status).to.equal(201);
    const unshadowed = await request(t.app).post('/sourcing/rulesets/3/promote').send();
    expect(unshadowed.status).to.equal(409);
    expect(unshadowed.body.code).to.equal('NOT_SHADOW_CANDIDATE');
    await request(t.app).post('/sourcing/shadow').send({ candidateVersion: 3 }).expect(200);
    const noEvidence = await request(t.app).post('/sourcing/rulesets/3/promote').send();
    expect(noEvidence.body.code).to.equal('NO_SHADOW_EVIDENCE');
    expect((await request(t.app).get('/sourcing/shadow').query({ candidateVersion: '0' })).status).to.equal(400);
  });

  it('lets auditors read but not change; agents get nothing', async () => {
    const auditor = authedRequest(t, await keyFor(t, 'auditor'));
    expect((await auditor.get('/sourcing/shadow')).status).to.equal(200);
    expect((await auditor.get('/sourcing/rulesets')).status).to.equal(200);
    expect((await auditor.post('/sourcing/shadow').send({ candidateVersion: 2 })).status).to.equal(403);
    const agent = authedRequest(t, await keyFor(t, 'agent'));
    expect((await agent.get('/sourcing/shadow')).status).to.equal(403);
  });
});
