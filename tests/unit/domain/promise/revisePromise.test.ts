import { expect } from 'chai';
import { quotePromise } from '../../../../domain/promise/quotePromise.js';
import { revisePromise } from '../../../../domain/promise/revisePromise.js';
import type { DeliveryOption } from '../../../../domain/promise/types.js';
import { LYON, PARIS, node, promiseInput, stock } from './promiseFixtures.js';

describe('revisePromise', () => {
  const lyon = node('LYS-DC', { location: LYON });
  const paris = node('PAR-DC', { location: PARIS });
  const standardOf = (q: ReturnType<typeof quotePromise>) =>
    q.options.find((o): o is DeliveryOption => o.method === 'delivery' && o.service === 'standard')!;

  it('given the promising node rejects, when re-quoted, then the revision moves to another node, keeps the service and reports the slip', () => {
    const first = quotePromise(promiseInput({ nodes: [lyon, paris] }));
    const previous = standardOf(first);
    expect(previous.nodes[0]!.nodeId).to.equal('LYS-DC');
    const later = quotePromise(promiseInput({ nodes: [lyon, paris], now: '2026-11-26T15:00:00+01:00', excludedNodeIds: ['LYS-DC'] }));
    const revision = revisePromise(previous, { code: 'REJECTION', nodeId: 'LYS-DC', detail: 'damaged' }, later);
    expect(revision.revised).to.include({ method: 'delivery', service: 'standard' });
    expect((revision.revised as DeliveryOption).nodes[0]!.nodeId).to.equal('PAR-DC');
    expect(revision).to.include({ previousDate: '2026-11-27', revisedDate: '2026-11-28', slipDays: 1, direction: 'later' });
    expect(revision.explanation[0]).to.equal('REJECTION at LYS-DC: damaged');
    expect(revision.revisedAt).to.equal('2026-11-26T15:00:00+01:00');
  });

  it('given a re-quote that still offers the rejecting node, when revised, then that option is never picked', () => {
    const previous = standardOf(quotePromise(promiseInput({ nodes: [lyon] })));
    const revision = revisePromise(previous, { code: 'REJECTION', nodeId: 'LYS-DC' }, quotePromise(promiseInput({ nodes: [lyon] })));
    expect(revision.direction).to.equal('withdrawn');
  });

  it('given supply arriving late, when re-quoted, then the revision is LATE_SUPPLY with the new date', () => {
    const rows = (eta: string) => [stock('PAR-DC', 'SKU-1', 0, [{ quantity: 3, eta }])];
    const previous = standardOf(quotePromise(promiseInput({ nodes: [paris], stockRows: rows('2026-11-27T08:00:00+01:00') })));
    const fresh = quotePromise(promiseInput({ nodes: [paris], stockRows: rows('2026-12-02T08:00:00+01:00') }));
    const revision = revisePromise(previous, { code: 'LATE_SUPPLY' }, fresh);
    expect(revision.previousDate).to.equal('2026-11-30');
    expect(revision.revisedDate).to.equal('2026-12-04');
    expect(revision.slipDays).to.equal(4);
  });

  it('given nothing left to promise, when revised, then the promise is withdrawn', () => {
    const previous = standardOf(quotePromise(promiseInput({ nodes: [paris] })));
    const empty = quotePromise(promiseInput({ nodes: [paris], stockRows: [] }));
    const revision = revisePromise(previous, { code: 'MISSED_HANDOVER' }, empty);
    expect(revision).to.include({ revised: null, direction: 'withdrawn', slipDays: null });
  });

  it('given an unknown reason code, when revised, then it is rejected', () => {
    const previous = standardOf(quotePromise(promiseInput({ nodes: [paris] })));
    expect(() => revisePromise(previous, { code: 'WHIM' as 'REJECTION' }, quotePromise(promiseInput({ nodes: [paris] }))))
      .to.throw().with.property('code', 'INVALID_REVISION_REASON');
  });
});
