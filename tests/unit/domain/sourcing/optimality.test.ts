import { expect } from 'chai';
import fc from 'fast-check';
import type { NodeType } from '../../../../domain/network/node.js';
import { sourceOrder } from '../../../../domain/sourcing/sourceOrder.js';
import type { SourcingDecision, SourcingInput, SourcingLine } from '../../../../domain/sourcing/types.js';
import { node, sourcingInput } from './sourcingFixtures.js';

/**
 * The optimiser against brute force on small random instances: every assignment of every
 * line/kit to every node is enumerated and the cheapest complete one must cost exactly what the
 * decision costs. Rates are whole cents with no per-km part, so rounding cannot blur the optimum.
 */
const TYPES: NodeType[] = ['dc', 'store', 'supplier', 'locker'];
const RATES: Record<NodeType, { base: number; perKg: number; handling: number }> = {
  dc: { base: 500, perKg: 50, handling: 100 },
  store: { base: 300, perKg: 120, handling: 250 },
  supplier: { base: 900, perKg: 10, handling: 0 },
  locker: { base: 200, perKg: 200, handling: 50 },
};
const cents = (c: number): string => (c / 100).toFixed(2);

type Instance = {
  nodes: { type: NodeType; stock: number[] }[];
  lines: { sku: number; kg: number; group: number; qty: number }[];
  penalty: number;
};

const instance = fc.record({
  nodes: fc.array(fc.record({ type: fc.constantFrom(...TYPES), stock: fc.array(fc.integer({ min: 0, max: 2 }), { minLength: 3, maxLength: 3 }) }), { minLength: 1, maxLength: 4 }),
  lines: fc.array(fc.record({ sku: fc.integer({ min: 0, max: 2 }), kg: fc.integer({ min: 1, max: 3 }), group: fc.integer({ min: 0, max: 2 }), qty: fc.integer({ min: 1, max: 2 }) }), { minLength: 1, maxLength: 4 }),
  penalty: fc.integer({ min: 0, max: 10 }).map((x) => x * 50),
});

const toInput = (inst: Instance): SourcingInput => {
  const nodes = inst.nodes.map((n, i) => node(`N${i}`, { type: n.type, km: 1 + i }));
  const stock = Object.fromEntries(inst.nodes.map((n, i) => [`N${i}`, Object.fromEntries(n.stock.map((q, s) => [`S${s}`, q]))]));
  const lines: SourcingLine[] = inst.lines.map((l, i) => ({
    lineId: `L${i}`,
    sku: `S${l.sku}`,
    quantity: l.qty,
    weightGrams: l.kg * 1000,
    ...(l.group > 0 ? { keepTogetherGroup: `G${l.group}` } : {}),
  }));
  const services = Object.fromEntries(TYPES.map((t) => [t, { base: cents(RATES[t].base), perKg: cents(RATES[t].perKg), perKm: '0' }]));
  return {
    ...sourcingInput({ nodes, stock, lines, splitPenalty: cents(inst.penalty) }),
    rateCard: { currency: 'EUR', services: { standard: services } },
    handlingCost: Object.fromEntries(TYPES.map((t) => [t, cents(RATES[t].handling)])),
  };
};

/**
 * Cheapest complete plan in cents, or null when none exists. A kit (or a 1-unit line) goes whole
 * to one node; a 2-unit line may also be split 1 + 1 over two nodes.
 */
const bruteForce = (inst: Instance): number | null => {
  type Placement = { node: number; line: number; units: number }[];
  const options: Placement[][] = [];
  const groups = new Map<number, number[]>();
  const N = inst.nodes.length;
  inst.lines.forEach((l, i) => {
    if (l.group !== 0) return groups.set(l.group, [...(groups.get(l.group) ?? []), i]);
    const opts: Placement[] = [];
    for (let n = 0; n < N; n++) opts.push([{ node: n, line: i, units: l.qty }]);
    if (l.qty === 2) for (let a = 0; a < N; a++) for (let b = a + 1; b < N; b++) opts.push([{ node: a, line: i, units: 1 }, { node: b, line: i, units: 1 }]);
    options.push(opts);
    return undefined;
  });
  for (const members of groups.values()) {
    const opts: Placement[] = [];
    for (let n = 0; n < N; n++) opts.push(members.map((i) => ({ node: n, line: i, units: inst.lines[i]!.qty })));
    options.push(opts);
  }
  let best: number | null = null;
  const chosen: Placement[] = [];
  const rec = (k: number): void => {
    if (k === options.length) {
      const stock = inst.nodes.map((n) => [...n.stock]);
      const kg = inst.nodes.map(() => 0);
      const used = new Set<number>();
      for (const placement of chosen) {
        for (const { node, line, units } of placement) {
          const l = inst.lines[line]!;
          stock[node]![l.sku]! -= units;
          if (stock[node]![l.sku]! < 0) return;
          kg[node]! += l.kg * units;
          used.add(node);
        }
      }
      let cost = inst.penalty * (used.size - 1);
      for (const n of used) {
        const r = RATES[inst.nodes[n]!.type];
        cost += r.base + r.perKg * kg[n]! + r.handling;
      }
      if (best === null || cost < best) best = cost;
      return;
    }
    for (const placement of options[k]!) {
      chosen.push(placement);
      rec(k + 1);
      chosen.pop();
    }
  };
  rec(0);
  return best;
};

const respectsStockAndKits = (inst: Instance, d: SourcingDecision): boolean => {
  const used = new Map<string, number>();
  for (const a of d.assignments) used.set(`${a.node}|${a.sku}`, (used.get(`${a.node}|${a.sku}`) ?? 0) + a.quantity);
  for (const [k, q] of used) {
    const [n, s] = k.split('|');
    if (q > inst.nodes[Number(n!.slice(1))]!.stock[Number(s!.slice(1))]!) return false;
  }
  const kitNode = new Map<string, string>();
  for (const a of d.assignments) {
    const g = inst.lines[Number(a.lineId.slice(1))]!.group;
    if (g === 0) continue;
    if (kitNode.has(`G${g}`) && kitNode.get(`G${g}`) !== a.node) return false;
    kitNode.set(`G${g}`, a.node);
  }
  return true;
};

describe('sourceOrder — optimality against brute force', () => {
  it('given random small networks, when a complete plan exists, then the decision is complete and exactly as cheap as the best one', () => {
    fc.assert(
      fc.property(instance, (inst) => {
        const d = sourceOrder(toInput(inst));
        expect(respectsStockAndKits(inst, d)).to.equal(true);
        const best = bruteForce(inst);
        if (best === null) {
          expect(d.outcome).to.not.equal('sourced');
          return;
        }
        expect(d.outcome, JSON.stringify(d.explanation)).to.equal('sourced');
        expect(d.totalCost.amount).to.equal(cents(best));
      }),
      { numRuns: 300, seed: 20261126 },
    );
  });
});
