import { expect } from 'chai';
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import type { TrackingTokenState } from '../../../../domain/order/index.js';
import type { TrackingTokenStatus } from '../../../../application/security/trackingTokenStatus.js';
import { createTrackingTokens } from '../../../../application/security/trackingTokens.js';

const SECRET = Buffer.alloc(32, 7);

/** A token-state source the test sets by hand, counting lookups. */
const fakeStatus = () => {
  const states = new Map<string, TrackingTokenState>();
  const looked: string[] = [];
  const status: TrackingTokenStatus = {
    current: async (orderId) => {
      looked.push(orderId);
      return states.get(orderId) ?? { generation: 0, revoked: false };
    },
    forget: () => undefined,
  };
  return { status, states, looked };
};

describe('tracking tokens: generations over the original format', () => {
  it('keeps accepting a token minted in the original format (generation 0)', async () => {
    const { status } = fakeStatus();
    const tokens = createTrackingTokens(async () => SECRET, status);
    const legacy = `trk_${Buffer.from('ord-1').toString('base64url')}_${createHmac('sha256', SECRET).update('oms-tracking:v1:ord-1').digest('base64url')}`;
    expect(await tokens.issue('ord-1')).to.equal(legacy);
    expect(await tokens.verify(legacy)).to.equal('ord-1');
  });

  it('opens the order only while its generation is current and not revoked', async () => {
    const { status, states } = fakeStatus();
    const tokens = createTrackingTokens(async () => SECRET, status);
    const g0 = await tokens.issue('ord-2');
    const g1 = await tokens.issue('ord-2', 1);
    expect(g1).to.match(/^trk_[A-Za-z0-9_-]+\.1_[A-Za-z0-9_-]{43}$/);
    expect(await tokens.verify(g1)).to.equal(undefined); // not issued yet: the order is at generation 0
    states.set('ord-2', { generation: 1, revoked: false });
    expect(await tokens.verify(g0)).to.equal(undefined);
    expect(await tokens.verify(g1)).to.equal('ord-2');
    states.set('ord-2', { generation: 1, revoked: true });
    expect(await tokens.verify(g1)).to.equal(undefined);
  });

  it('refuses forged macs and forged generations, and still looks the order up (same work as a revoked token)', async () => {
    const { status, looked } = fakeStatus();
    const tokens = createTrackingTokens(async () => SECRET, status);
    const g0 = await tokens.issue('ord-3');
    const movedGeneration = g0.replace(/_([A-Za-z0-9_-]{43})$/, '.1_$1');
    const otherSecret = await createTrackingTokens(async () => Buffer.alloc(32, 8), status).issue('ord-3');
    for (const forged of [movedGeneration, otherSecret, `${g0.slice(0, -3)}AAA`]) expect(await tokens.verify(forged), forged).to.equal(undefined);
    expect(looked.filter((id) => id === 'ord-3')).to.have.length(3);
  });

  it('round-trips any order id and generation, and never confuses one token for another (property)', async () => {
    const { status, states } = fakeStatus();
    const tokens = createTrackingTokens(async () => SECRET, status);
    await fc.assert(
      fc.asyncProperty(fc.stringMatching(/^[A-Za-z0-9._:@~-]{1,40}$/), fc.integer({ min: 0, max: 1000 }), async (orderId, generation) => {
        states.set(orderId, { generation, revoked: false });
        const token = await tokens.issue(orderId, generation);
        expect(await tokens.verify(token)).to.equal(orderId);
        states.set(orderId, { generation: generation + 1, revoked: false });
        expect(await tokens.verify(token)).to.equal(undefined);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
});
