import { expect } from 'chai';
import { coalescingWriter } from '../../../../application/security/coalescingWriter.js';

describe('coalescingWriter', () => {
  it('writes items added in the same turn together, and later ones in a new write', async () => {
    const writes: number[][] = [];
    const writer = coalescingWriter<number>(async (items) => void writes.push(items));
    await Promise.all([writer.add(1), writer.add(2), writer.add(3)]);
    await writer.add(4);
    expect(writes).to.deep.equal([[1, 2, 3], [4]]);
  });

  it('splits a burst into writes of at most maxBatch items', async () => {
    const writes: number[][] = [];
    const writer = coalescingWriter<number>(async (items) => void writes.push(items), 2);
    await Promise.all([1, 2, 3, 4, 5].map((n) => writer.add(n)));
    expect(writes).to.deep.equal([[1, 2], [3, 4], [5]]);
  });

  it('rejects every caller of a failed write and keeps working afterwards', async () => {
    let fail = true;
    const written: number[] = [];
    const writer = coalescingWriter<number>(async (items) => {
      if (fail) throw new Error('store down');
      written.push(...items);
    });
    const results = await Promise.allSettled([writer.add(1), writer.add(2)]);
    expect(results.map((r) => r.status)).to.deep.equal(['rejected', 'rejected']);
    fail = false;
    await writer.add(3);
    expect(written).to.deep.equal([3]);
  });
});
