import { expect } from 'chai';
import fc from 'fast-check';
import { NO_STREAM, STREAM_EXISTS, type ExpectedRevision } from '../../../infrastructure/eventstore/eventStore.js';
import { ConcurrencyError, DuplicateEventIdError } from '../../../infrastructure/eventstore/errors.js';
import { openSqliteEventStore } from '../../../infrastructure/eventstore/sqlite/sqliteEventStore.js';
import { collect } from './contract/contractContext.js';

/**
 * Group commit must be indistinguishable from running the operations one by one in call order:
 * random programs of appends (fresh ids, genuine retries, misplaced id reuse) and deletes are
 * fired in chunks without awaiting (each chunk lands in one transaction) and every outcome is
 * compared with a sequential in-memory model of the documented rules.
 */
type Op =
  | { kind: 'append'; stream: string; expected: ExpectedRevision; ids: string[] }
  | { kind: 'delete'; stream: string; expected: ExpectedRevision };
type Outcome = string;

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString(16).padStart(12, '0')}`;

const expectedArb = fc.constantFrom<ExpectedRevision>(NO_STREAM, STREAM_EXISTS, 0n, 1n, 2n, 3n, 4n, 5n);
const stepArb = fc.record({
  stream: fc.constantFrom('s-0', 's-1', 's-2'),
  kind: fc.constantFrom('append', 'append', 'append', 'retry', 'reuse', 'delete'),
  expected: expectedArb,
  count: fc.integer({ min: 1, max: 3 }),
  ref: fc.nat(),
});

/** Turns generated steps into operations; retries copy an earlier append exactly, reuse copies only its ids. */
type Step = typeof stepArb extends fc.Arbitrary<infer T> ? T : never;

function toOps(steps: Step[]): Op[] {
  const ops: Op[] = [];
  let next = 1;
  for (const step of steps) {
    const appends = ops.filter((o): o is Extract<Op, { kind: 'append' }> => o.kind === 'append');
    const earlier = appends.length > 0 ? appends[step.ref % appends.length] : undefined;
    if (step.kind === 'delete') ops.push({ kind: 'delete', stream: step.stream, expected: step.expected });
    else if (step.kind === 'retry' && earlier) ops.push({ ...earlier });
    else if (step.kind === 'reuse' && earlier) ops.push({ kind: 'append', stream: step.stream, expected: step.expected, ids: earlier.ids });
    else ops.push({ kind: 'append', stream: step.stream, expected: step.expected, ids: Array.from({ length: step.count }, () => uuid(next++)) });
  }
  return ops;
}

/** The documented rules, applied sequentially. */
function model(ops: Op[]): { outcomes: Outcome[]; head: bigint } {
  type S = { last?: bigint; deleted: boolean; first: bigint; byRevision: Map<bigint, { id: string; position: bigint }> };
  const streams = new Map<string, S>();
  const ids = new Set<string>();
  let head = 0n;
  const outcomes = ops.map((op): Outcome => {
    const s: S = streams.get(op.stream) ?? { deleted: false, first: 0n, byRevision: new Map() };
    streams.set(op.stream, s);
    const visible = s.deleted ? undefined : s.last;
    const ok = op.expected === NO_STREAM ? visible === undefined : op.expected === STREAM_EXISTS ? visible !== undefined : visible === op.expected;
    const conflict = `ConcurrencyError:${String(visible)}`;
    if (op.kind === 'delete') {
      if (!ok) return conflict;
      if (visible !== undefined) s.deleted = true;
      return 'ok';
    }
    if (!ok) {
      if (s.last === undefined || op.expected === STREAM_EXISTS) return conflict;
      const start = op.expected === NO_STREAM ? s.first : op.expected + 1n;
      const found = op.ids.map((_, i) => s.byRevision.get(start + BigInt(i)));
      if (found.every((e, i) => e?.id === op.ids[i])) return `ok:${start + BigInt(op.ids.length) - 1n}@${found.at(-1)!.position}`;
      return conflict;
    }
    if (op.ids.some((id) => ids.has(id))) return 'DuplicateEventIdError';
    const nextRevision = s.last === undefined ? 0n : s.last + 1n;
    if (s.deleted) s.first = nextRevision;
    s.deleted = false;
    op.ids.forEach((id, i) => {
      ids.add(id);
      s.byRevision.set(nextRevision + BigInt(i), { id, position: ++head });
    });
    s.last = nextRevision + BigInt(op.ids.length) - 1n;
    return `ok:${s.last}@${head}`;
  });
  return { outcomes, head };
}

function describeOutcome(result: PromiseSettledResult<unknown>): Outcome {
  if (result.status === 'fulfilled') {
    const value = result.value as { nextExpectedRevision: bigint; position: bigint } | undefined;
    return value === undefined ? 'ok' : `ok:${value.nextExpectedRevision}@${value.position}`;
  }
  if (result.reason instanceof ConcurrencyError) return `ConcurrencyError:${String(result.reason.actual)}`;
  if (result.reason instanceof DuplicateEventIdError) return 'DuplicateEventIdError';
  return `unexpected:${String(result.reason)}`;
}

describe('SQLite group commit ≡ sequential execution (property)', () => {
  it('gives every operation the outcome a one-by-one run in call order gives, with gap-free positions', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { minLength: 1, maxLength: 40 }), fc.array(fc.integer({ min: 1, max: 12 }), { minLength: 1 }), async (steps, chunks) => {
        const ops = toOps(steps);
        const store = openSqliteEventStore({ path: ':memory:' });
        try {
          const results: Array<PromiseSettledResult<unknown>> = [];
          for (let i = 0, c = 0; i < ops.length; c++) {
            const chunk = ops.slice(i, i + chunks[c % chunks.length]!);
            i += chunk.length;
            const before = store.writeStats().commits;
            results.push(
              ...(await Promise.allSettled(
                chunk.map((op) =>
                  op.kind === 'delete'
                    ? store.deleteStream(op.stream, { expectedRevision: op.expected })
                    : store.append(op.stream, op.ids.map((id) => ({ id, type: 'T', data: { id } })), { expectedRevision: op.expected }),
                ),
              )),
            );
            expect(store.writeStats().commits - before, 'one chunk, one transaction').to.equal(1);
          }
          const expected = model(ops);
          expect(results.map(describeOutcome)).to.deep.equal(expected.outcomes);
          const positions = (await collect(store.readAll())).map((e) => e.position);
          expect(positions).to.deep.equal(positions.map((_, i) => BigInt(i + 1)));
          expect(await store.headPosition()).to.equal(expected.head);
        } finally {
          await store.close();
        }
      }),
      { numRuns: 150, seed: 4242 },
    );
  });
});
