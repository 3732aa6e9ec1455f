import { expect } from 'chai';
import fc from 'fast-check';
import { createSalesIndex } from '../../../../../application/import/uci/cancellationMatcher.js';

const sold = (invoiceNo: string, orderId: string, at: string, quantity: number) => ({ invoiceNo, orderId, lineId: 'l1', at, quantity });

describe('UCI cancellation matching', () => {
  it('matches the most recent earlier sale of the same customer and stock code first, spilling to older ones', () => {
    const index = createSalesIndex();
    index.record('17850', '85123A', sold('536365', 'o1', '2010-12-01T08:26:00Z', 6));
    index.record('17850', '85123A', sold('536373', 'o2', '2010-12-01T09:02:00Z', 4));
    const m = index.match('17850', '85123A', 7, '2010-12-02T10:00:00Z', 'C536400');
    expect(m.allocations).to.deep.equal([
      { invoiceNo: '536373', orderId: 'o2', lineId: 'l1', quantity: 4 },
      { invoiceNo: '536365', orderId: 'o1', lineId: 'l1', quantity: 3 },
    ]);
    expect(m.unmatched).to.equal(undefined);
  });

  it('never matches a later sale, another customer, or a guest', () => {
    const index = createSalesIndex();
    index.record('17850', '85123A', sold('536500', 'o1', '2010-12-03T08:00:00Z', 6));
    expect(index.match('17850', '85123A', 1, '2010-12-02T08:00:00Z', 'C1').unmatched?.reason).to.equal('no earlier sale of this stock code to this customer');
    expect(index.match('13047', '85123A', 1, '2010-12-04T08:00:00Z', 'C2').unmatched?.reason).to.equal('no earlier sale of this stock code to this customer');
    expect(index.match(undefined, '85123A', 1, '2010-12-04T08:00:00Z', 'C3').unmatched?.reason).to.equal('no customer id');
  });

  it('reports the part beyond what earlier sales still hold, and committed units are not matched twice', () => {
    const index = createSalesIndex();
    index.record('1', 'X', sold('1', 'o1', '2011-01-01T00:00:00Z', 5));
    const first = index.match('1', 'X', 3, '2011-01-02T00:00:00Z', 'C1');
    index.commit('1', 'X', first.allocations);
    const second = index.match('1', 'X', 4, '2011-01-03T00:00:00Z', 'C2');
    expect(second.allocations.map((a) => a.quantity)).to.deep.equal([2]);
    expect(second.unmatched).to.deep.equal({ quantity: 2, reason: 'quantity exceeds what the earlier sales still hold' });
    index.commit('1', 'X', second.allocations);
    expect(index.size()).to.equal(0);
  });

  it('property: matched units never exceed what was sold, and matched + unmatched = requested', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 20 }), { minLength: 0, maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 30 }), { minLength: 1, maxLength: 6 }),
        (sales, cancels) => {
          const index = createSalesIndex();
          sales.forEach((q, i) => index.record('c', 'S', { invoiceNo: `${i}`, orderId: `o${i}`, lineId: 'l', at: `2011-01-0${1 + (i % 5)}T00:00:00Z`, quantity: q }));
          let matched = 0;
          for (const [i, q] of cancels.entries()) {
            const m = index.match('c', 'S', q, '2011-02-01T00:00:00Z', `C${i}`);
            const got = m.allocations.reduce((n, a) => n + a.quantity, 0);
            expect(got + (m.unmatched?.quantity ?? 0)).to.equal(q);
            index.commit('c', 'S', m.allocations);
            matched += got;
          }
          expect(matched).to.be.at.most(sales.reduce((a, b) => a + b, 0));
        },
      ),
    );
  });
});
