import { expect } from 'chai';
import fc from 'fast-check';
import { LayeredMap } from '../../../../domain/shared/layeredMap.js';

type Op = { kind: 'set'; key: string; value: number } | { kind: 'delete'; key: string };

const op: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant('set' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'), value: fc.integer() }),
  fc.record({ kind: fc.constant('delete' as const), key: fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h') }),
);

describe('LayeredMap: an immutable map with cheap single-entry changes', () => {
  it('behaves exactly like a Map after any sequence of sets and deletes, iteration order included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c'), fc.integer()), { maxLength: 40 }), fc.array(op, { maxLength: 300 }), (seed, ops) => {
        const model = new Map<string, number>(seed);
        let layered = LayeredMap.of<string, number>(seed);
        const versions: Array<[LayeredMap<string, number>, [string, number][]]> = [];
        for (const o of ops) {
          if (o.kind === 'set') {
            model.set(o.key, o.value);
            layered = layered.with(o.key, o.value);
          } else {
            model.delete(o.key);
            layered = layered.without(o.key);
          }
          versions.push([layered, [...model.entries()]]);
          expect(layered.size).to.equal(model.size);
          expect([...layered]).to.deep.equal([...model]);
          for (const k of ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'z']) {
            expect(layered.get(k)).to.equal(model.get(k));
            expect(layered.has(k)).to.equal(model.has(k));
          }
        }
        // Immutability: every earlier version still holds what it held when it was made.
        for (const [version, entries] of versions) expect([...version.entries()]).to.deep.equal(entries);
      }),
      { numRuns: 200 },
    );
  });

  it('compares deep-equal to a Map with the same entries, and unequal to one without', () => {
    const layered = LayeredMap.of([['x', { n: 1 }]]).with('y', { n: 2 }).without('x');
    expect(layered).to.deep.equal(new Map([['y', { n: 2 }]]));
    expect(layered).not.to.deep.equal(new Map([['y', { n: 3 }]]));
    expect(Object.prototype.toString.call(layered)).to.equal('[object Map]');
  });

  it('copies at most ~2√n entries per change, however large the map grows (no full copy per change)', () => {
    let map = LayeredMap.of<number, number>();
    let worst = 0;
    for (let i = 0; i < 20_000; i++) {
      map = map.with(i, i);
      if (i % 3 === 0) map = map.without(i - 1).with(i, -i);
      const { copiedPerChange } = map.layerSizes();
      worst = Math.max(worst, copiedPerChange / (2 * Math.sqrt(map.size) + 17));
    }
    expect(map.size).to.equal(20_000 - 6_666);
    expect(worst).to.be.at.most(1);
    expect(map.layerSizes().shared).to.be.greaterThan(10_000);
  });
});
