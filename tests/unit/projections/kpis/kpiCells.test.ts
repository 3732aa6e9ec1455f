import { expect } from 'chai';
import fc from 'fast-check';
import { addAllToCell, addToCell, COUNTERS, emptyCell, MONEY, type CellValues, type KpiCell } from '../../../../projections/kpis/kpiCells.js';

const amount = fc.oneof(fc.constantFrom('0', '1.50', '-1.5', '10', '0.01', '1234.5600'), fc.integer({ min: -99_999, max: 99_999 }).map((n) => (n / 100).toString()));
const money = fc.dictionary(fc.constantFrom('EUR', 'USD', 'GBP'), amount, { maxKeys: 3 });
const counters = fc.record(Object.fromEntries(COUNTERS.map((c) => [c, fc.integer({ min: -50, max: 50 })])) as Record<string, fc.Arbitrary<number>>, { requiredKeys: [] });
const values: fc.Arbitrary<CellValues> = fc.tuple(counters, money, money, money).map(([c, revenue, refunds, costToServe]) => ({ ...c, revenue, refunds, costToServe }) as CellValues);
const start: fc.Arbitrary<KpiCell> = fc.tuple(values, fc.boolean()).map(([v, empty]) => {
  const cell = emptyCell({ day: '2025-01-01', channel: 'web', node: 'n1', carrier: 'none' });
  return empty ? cell : addToCell(cell, v, 1);
});

describe('projections/kpis/kpiCells addAllToCell', () => {
  it('gives the same cell, byte for byte, as folding addToCell over the parts in order', () => {
    fc.assert(
      fc.property(start, fc.array(fc.tuple(values, fc.constantFrom<1 | -1>(1, -1)), { minLength: 1, maxLength: 12 }), (cell, parts) => {
        const folded = parts.reduce((c, [v, sign]) => addToCell(c, v, sign), cell);
        expect(JSON.stringify(addAllToCell(cell, parts))).to.equal(JSON.stringify(folded));
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the text of a currency no part touches and drops one that sums to zero', () => {
    const cell = { ...emptyCell({ day: 'd', channel: 'c', node: 'n', carrier: 'x' }), revenue: { USD: '1.50', EUR: '2' } };
    const out = addAllToCell(cell, [[{ revenue: { EUR: '2' } }, -1], [{ refunds: { EUR: '0.10' } }, 1]]);
    expect(out.revenue).to.deep.equal({ USD: '1.50' });
    expect(out.refunds).to.deep.equal({ EUR: '0.1' });
    for (const m of MONEY) expect(Object.keys(out[m])).to.deep.equal(Object.keys(out[m]).sort());
  });
});
