import { expect } from 'chai';
import fc from 'fast-check';
import { START } from '../../../../../infrastructure/eventstore/eventStore.js';
import {
  assertBigint,
  assertRevision,
  decodePosition,
  encodePosition,
} from '../../../../../infrastructure/eventstore/esdb/position.js';

const U64 = (1n << 64n) - 1n;
const u64 = fc.bigInt({ min: 0n, max: U64 });
const position = fc.record({ commit: u64, prepare: u64 });
/** Lexicographic order of EventStoreDB's TFPos: commit first, then prepare. */
const compare = (a: { commit: bigint; prepare: bigint }, b: { commit: bigint; prepare: bigint }) =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;
const sign = (n: bigint) => (n === 0n ? 0 : n < 0n ? -1 : 1);

describe('EventStoreDB position encoding', () => {
  it('round-trips every (commit, prepare) pair of 64-bit values', () => {
    fc.assert(
      fc.property(position, (p) => {
        expect(decodePosition(encodePosition(p))).to.deep.equal(p);
      }),
    );
  });

  it('orders encoded positions exactly like the server orders (commit, prepare)', () => {
    fc.assert(
      fc.property(position, position, (a, b) => {
        expect(sign(encodePosition(a) - encodePosition(b))).to.equal(compare(a, b));
      }),
    );
  });

  it('keeps "strictly after" exact where events share a commit position (explicit transactions)', () => {
    const first = encodePosition({ commit: 900n, prepare: 100n });
    const second = encodePosition({ commit: 900n, prepare: 300n });
    expect(second > first).to.equal(true);
    expect(decodePosition(first)).to.deep.equal({ commit: 900n, prepare: 100n });
  });

  it('places a server checkpoint (next, 0) after the event before it and before the event at next', () => {
    const event = encodePosition({ commit: 4096n, prepare: 4096n });
    const checkpoint = encodePosition({ commit: 4274n, prepare: 0n });
    const next = encodePosition({ commit: 4274n, prepare: 4274n });
    expect(event < checkpoint && checkpoint < next).to.equal(true);
  });

  it('decodes START as (0, 0), before any record', () => {
    expect(decodePosition(START)).to.deep.equal({ commit: 0n, prepare: 0n });
    expect(encodePosition({ commit: 0n, prepare: 1n }) > START).to.equal(true);
  });

  it('encodes a typical gRPC position p as p * 2^64 + p', () => {
    expect(encodePosition({ commit: 4096n, prepare: 4096n })).to.equal(4096n * 2n ** 64n + 4096n);
  });

  it('rejects positions outside the unsigned 64-bit range', () => {
    expect(() => encodePosition({ commit: -1n, prepare: 0n })).to.throw(RangeError);
    expect(() => encodePosition({ commit: 0n, prepare: U64 + 1n })).to.throw(RangeError);
    expect(() => decodePosition(-1n)).to.throw(RangeError);
    expect(() => decodePosition(1n << 128n)).to.throw(RangeError);
  });

  it('rejects numbers where the client promised bigints (client bug history)', () => {
    expect(() => encodePosition({ commit: 5 as unknown as bigint, prepare: 5n })).to.throw(TypeError, /commit position/);
    expect(() => assertRevision(3)).to.throw(TypeError, /stream revision/);
    expect(() => assertBigint('3', 'x')).to.throw(TypeError);
    expect(assertRevision(3n)).to.equal(3n);
  });
});
