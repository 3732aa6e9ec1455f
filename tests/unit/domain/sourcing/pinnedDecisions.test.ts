import { expect } from 'chai';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import type { SourcingDecision, SourcingInput } from '../../../../domain/sourcing/types.js';
import { benchLikeInput, seededNetwork, variedInput } from './seededSourcingInputs.js';

/**
 * Regression pin for the sourcing engine: 240 seeded orders over a generated 3,000-node network,
 * each decision reduced to a SHA-256 of its full JSON (chosen nodes, quantities, every cost
 * breakdown, candidate ranks, exclusions and their reasons, search traces, explanation lines).
 * Performance work on the engine must leave every digest unchanged. The pins were written by
 * the engine as it stood before the latency work of issue #5.
 *
 * A deliberate change of decisions or wording re-pins with
 *   PIN_SOURCING_DECISIONS=write npx mocha tests/unit/domain/sourcing/pinnedDecisions.test.ts
 * and the diff of pinnedDecisions.json then shows which orders changed.
 */
const PIN_FILE = fileURLToPath(new URL('./pinnedDecisions.json', import.meta.url));

type Pin = { digest: string; outcome: string; shipments: number; totalCost: string; searchNodes: number[] };

const digest = (d: SourcingDecision): string => createHash('sha256').update(JSON.stringify(d)).digest('hex');

const pinOf = (d: SourcingDecision): Pin => ({
  digest: digest(d),
  outcome: d.outcome,
  shipments: d.shipments,
  totalCost: `${d.totalCost.amount} ${d.totalCost.currency}`,
  searchNodes: d.rulesTried.map((t) => t.searchNodes),
});

const decide = (input: SourcingInput): Pin | { error: string } => {
  try {
    return pinOf(sourceOrder(input));
  } catch (e) {
    const err = e as Error & { code?: string };
    return { error: `${err.code ?? err.name}: ${err.message}` };
  }
};

describe('sourceOrder — pinned decisions on seeded orders (3,000-node network)', () => {
  const net = seededNetwork();
  const cases: [string, () => SourcingInput][] = [
    ...Array.from({ length: 60 }, (_, i): [string, () => SourcingInput] => [`bench-${i + 1}`, () => benchLikeInput(net, 1000 + i)]),
    ...Array.from({ length: 180 }, (_, i): [string, () => SourcingInput] => [`varied-${i + 1}`, () => variedInput(net, 5000 + i)]),
  ];

  if (process.env.PIN_SOURCING_DECISIONS === 'write') {
    it('writes the pins', () => {
      const pins = Object.fromEntries(cases.map(([name, input]) => [name, decide(input())]));
      // One order per line, so a re-pin's diff reads order by order.
      writeFileSync(PIN_FILE, `{\n${Object.entries(pins).map(([k, v]) => `  ${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`);
    });
    return;
  }

  const pins = JSON.parse(readFileSync(PIN_FILE, 'utf8')) as Record<string, Pin | { error: string }>;

  it('given the pin file, then it covers every seeded order and a spread of outcomes and searches', () => {
    expect(Object.keys(pins).sort()).to.deep.equal(cases.map(([name]) => name).sort());
    const outcomes = new Set(Object.values(pins).map((p) => ('outcome' in p ? p.outcome : 'error')));
    expect([...outcomes].sort()).to.include.members(['backordered', 'partial', 'queued', 'sourced']);
  });

  for (const [name, input] of cases) {
    it(`given seeded order ${name}, when sourced, then the decision matches its pin exactly`, () => {
      const pin = pins[name]!;
      const got = decide(input());
      // The readable parts first, so a failure says what moved before the digest says that something did.
      if ('error' in pin || 'error' in got) expect(got).to.deep.equal(pin);
      else {
        expect({ ...got, digest: '' }).to.deep.equal({ ...pin, digest: '' });
        expect(got.digest, 'full decision JSON (candidates, exclusions, explanation) changed').to.equal(pin.digest);
      }
    });
  }
});
