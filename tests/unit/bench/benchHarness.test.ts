import { expect } from 'chai';
import fc from 'fast-check';
import { adaptResultsJson } from '../../../bench/lib/resultsJson.js';
import { median, minMax, percentile, percentiles, summarize, withTarget } from '../../../bench/lib/stats.js';
import { formatNumber, renderTable } from '../../../bench/lib/table.js';

describe('bench harness statistics', () => {
  describe('median', () => {
    it('is the middle value of an odd count, whatever the order', () => {
      expect(median([5, 1, 3])).to.equal(3);
      expect(median([10, 2, 8, 4, 6])).to.equal(6);
    });

    it('is the mean of the two middle values of an even count', () => {
      expect(median([4, 1, 3, 2])).to.equal(2.5);
      expect(median([7, 7])).to.equal(7);
    });

    it('does not reorder its input', () => {
      const runs = [3, 1, 2];
      median(runs);
      expect(runs).to.deep.equal([3, 1, 2]);
    });

    it('refuses no values and non-finite values', () => {
      expect(() => median([])).to.throw(RangeError);
      expect(() => median([1, Number.NaN])).to.throw(RangeError);
      expect(() => median([1, Number.POSITIVE_INFINITY])).to.throw(RangeError);
    });
  });

  describe('percentile (nearest rank)', () => {
    const oneToHundred = Array.from({ length: 100 }, (_, i) => 100 - i); // 100 … 1, unsorted on purpose

    it('gives the value at rank ceil(p/100 × n)', () => {
      expect(percentile(oneToHundred, 50)).to.equal(50);
      expect(percentile(oneToHundred, 99)).to.equal(99);
      expect(percentile(oneToHundred, 100)).to.equal(100);
      expect(percentile(oneToHundred, 0)).to.equal(1);
      expect(percentile(oneToHundred, 0.5)).to.equal(1);
      expect(percentile(oneToHundred, 99.5)).to.equal(100);
    });

    it('on small samples returns an observed value, never an interpolation', () => {
      expect(percentile([10, 20, 30, 40], 50)).to.equal(20);
      expect(percentile([10, 20, 30, 40], 51)).to.equal(30);
      expect(percentile([10, 20, 30, 40], 99)).to.equal(40);
      expect(percentile([42], 99)).to.equal(42);
    });

    it('agrees with percentiles() and rejects p outside 0..100', () => {
      expect(percentiles(oneToHundred, [50, 90, 99])).to.deep.equal([50, 90, 99]);
      expect(() => percentile([1], 101)).to.throw(RangeError);
      expect(() => percentile([1], -1)).to.throw(RangeError);
      expect(() => percentiles([1], [50, Number.NaN])).to.throw(RangeError);
    });

    it('is monotone in p and bounded by min and max (property)', () => {
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 200 }), fc.integer({ min: 0, max: 100 }), fc.integer({ min: 0, max: 100 }), (values, a, b) => {
          const [lo, hi] = a <= b ? [a, b] : [b, a];
          const { min, max } = minMax(values);
          const pLo = percentile(values, lo);
          const pHi = percentile(values, hi);
          return min <= pLo && pLo <= pHi && pHi <= max && values.includes(pLo);
        }),
      );
    });
  });

  describe('minMax and summarize', () => {
    it('finds min and max', () => {
      expect(minMax([3, -2, 9, 0])).to.deep.equal({ min: -2, max: 9 });
    });

    it('summarises runs as median with min–max and median-of-runs latency percentiles', () => {
      const result = summarize('x', 'commands/s', [
        { value: 100, latenciesMs: [1, 2, 3, 4] },
        { value: 300, latenciesMs: [5, 6, 7, 8] },
        { value: 200, latenciesMs: [2, 4, 6, 100] },
      ]);
      expect(result).to.include({ name: 'x', unit: 'commands/s', median: 200, min: 100, max: 300 });
      expect(result.runs).to.deep.equal([100, 300, 200]);
      // p50 per run: 2, 6, 4 → median 4; p99 per run: 4, 8, 100 → median 8.
      expect(result.p50).to.equal(4);
      expect(result.p99).to.equal(8);
      expect(result).not.to.have.property('meetsTarget');
    });

    it('judges the median against a target, in the right direction', () => {
      expect(summarize('r', '×', [{ value: 19 }, { value: 25 }, { value: 21 }], { target: 20 }).meetsTarget).to.equal(true);
      expect(summarize('r', '×', [{ value: 19 }, { value: 25 }, { value: 18 }], { target: 20 }).meetsTarget).to.equal(false);
      expect(withTarget({ name: 'lag', unit: 'ms', median: 40, min: 30, max: 50, runs: [40], target: 50, lowerIsBetter: true }).meetsTarget).to.equal(true);
      expect(withTarget({ name: 'lag', unit: 'ms', median: 60, min: 30, max: 90, runs: [60], target: 50, lowerIsBetter: true }).meetsTarget).to.equal(false);
    });
  });

  describe('results JSON and table', () => {
    it('reads the event-store benchmark shape ({ figures }) and a BenchResult list', () => {
      const figures = adaptResultsJson({ figures: [{ name: 'append', unit: 'events/s', runs: [1, 3, 2], median: 2, min: 1, max: 3, cpuMedian: 9 }, { nonsense: true }] });
      expect(figures).to.deep.equal([{ name: 'append', unit: 'events/s', median: 2, min: 1, max: 3, runs: [1, 3, 2] }]);
      const listed = adaptResultsJson([{ name: 'r', unit: '×', median: 25, runs: [25], target: 20 }]);
      expect(listed[0]).to.include({ min: 25, max: 25, meetsTarget: true });
      expect(adaptResultsJson('not json we know')).to.deep.equal([]);
    });

    it('formats numbers and lists every result with its notes', () => {
      expect(formatNumber(12345.6)).to.equal('12,346');
      expect(formatNumber(12.345)).to.equal('12.3');
      expect(formatNumber(1.234)).to.equal('1.23');
      const table = renderTable([
        { area: 'a', result: { name: 'fast', unit: 'ops/s', median: 1500, min: 1000, max: 2000, runs: [1000, 1500, 2000], target: 1200, meetsTarget: true, notes: 'why' } },
        { area: 'b', result: { name: 'gone', unit: 'ops/s', median: 0, min: 0, max: 0, runs: [], failed: 'peer unavailable' } },
      ]);
      expect(table).to.match(/a\s+fast\s+1,500\s+ops\/s\s+1,000–2,000\s+3\s+≥ 1,200\s+yes/);
      expect(table).to.match(/b\s+gone\s+—.*failed/);
      expect(table).to.include('[a] fast: why').and.include('[b] gone: peer unavailable');
    });
  });
});
