import { indexNodes } from '../promise/quoteContext.js';
import { BadRequestError, ValidationError } from '../shared/errors.js';
import { CURRENCY_PATTERN } from '../shared/money.js';
import { allocate } from './allocate.js';
import { buildDecision, type Committed, type RunRecord } from './decision.js';
import { microToNano, parseMicro } from './fixedPoint.js';
import { servable, type Part, type Problem } from './problem.js';
import { validateRuleSet } from './ruleSet.js';
import { filterAndRank, type RulePool } from './ruleFilter.js';
import { screenNodes } from './screening.js';
import { linearCost } from './shipmentCost.js';
import type { RuleTrace, SourcingDecision, SourcingInput, SourcingLine, SourcingRule } from './types.js';

const validateLines = (lines: readonly SourcingLine[]): void => {
  if (lines.length === 0) throw new ValidationError('EMPTY_ORDER', 'sourcing needs at least one line');
  const ids = new Set<string>();
  for (const l of lines) {
    if (!l.lineId || !l.sku) throw new BadRequestError('INVALID_LINE', 'every line needs a lineId and a sku');
    if (ids.has(l.lineId)) throw new ValidationError('DUPLICATE_LINE', `duplicate lineId ${l.lineId}`, { lineId: l.lineId });
    ids.add(l.lineId);
    if (!Number.isInteger(l.quantity) || l.quantity <= 0) throw new ValidationError('INVALID_QUANTITY', `line ${l.lineId}: quantity must be a positive integer`, { lineId: l.lineId });
    if (!Number.isInteger(l.weightGrams) || l.weightGrams < 0) throw new ValidationError('INVALID_WEIGHT', `line ${l.lineId}: weightGrams must be a non-negative integer`, { lineId: l.lineId });
  }
};

/**
 * The sourcing optimizer: decides which nodes ship which units of an order. Rules of the versioned
 * rule set are tried in order (HotWax's runs → rules): each filters and ranks the screened nodes,
 * allocates (cost optimiser or rank walk), and on a shortfall acts per its `onShortfall`.
 * Pure and deterministic; the decision is JSON (money as strings) so it can be stored in a
 * SourcingDecided event and replayed or shadow-compared later.
 */
export const sourceOrder = (input: SourcingInput): SourcingDecision => {
  validateLines(input.lines);
  const ruleSet = validateRuleSet(input.ruleSet);
  const currency = input.rateCard.currency;
  if (!CURRENCY_PATTERN.test(currency)) throw new ValidationError('INVALID_CURRENCY', `not an ISO 4217 code: ${currency}`);
  const skus = [...new Set(input.lines.map((l) => l.sku))];
  const skuIdx = new Map(skus.map((s, i) => [s, i]));
  const lines = input.lines.map((l) => ({ ...l, skuIndex: skuIdx.get(l.sku)! }));
  const demandBySku = skus.map((s) => lines.filter((l) => l.sku === s).reduce((a, l) => a + l.quantity, 0));
  const nodeById = indexNodes(input.nodes);
  if (input.deliveryMethod === 'shipToStore') {
    const store = input.pickupNodeId ? nodeById.get(input.pickupNodeId) : undefined;
    if (store && (store.status !== 'open' || !store.capabilities.includes('shipToStore'))) {
      throw new ValidationError('PICKUP_NODE_INELIGIBLE', `${store.id} cannot receive ship-to-store orders`, { nodeId: store.id });
    }
  }
  const screening = screenNodes(input, skus, demandBySku, nodeById);
  const cands = screening.candidates;
  const penalty = microToNano(parseMicro(input.splitPenalty, 'splitPenalty'));
  const lateMicro = ruleSet.latePenaltyPerDay ? parseMicro(ruleSet.latePenaltyPerDay, 'latePenaltyPerDay') : 0;

  const remaining = lines.map((l) => l.quantity);
  // Copied on first commit: most candidates never ship, and their screened stock stays as it is.
  const stockLeft: (readonly number[])[] = cands.map((c) => c.stock);
  const preOpen = cands.map(() => false);
  const lateApplied = cands.map(() => 0);
  const committed: Committed[] = [];
  const backordered = lines.map(() => 0);
  let queued: { name: string; qty: number[] } | null = null;
  const traces: RuleTrace[] = [];
  let last: { rule: SourcingRule; pool: RulePool } | null = null;
  const scratch = new Array<number>(skus.length);

  const commit = (parts: readonly Part[], rule: SourcingRule, lateMicroForRule: number): void => {
    for (const part of parts) {
      remaining[part.lineIdx]! -= part.qty;
      let st = stockLeft[part.cand]!;
      if (st === cands[part.cand]!.stock) stockLeft[part.cand] = st = [...st];
      (st as number[])[lines[part.lineIdx]!.skuIndex]! -= part.qty;
      if (!preOpen[part.cand]) lateApplied[part.cand] = lateMicroForRule;
      preOpen[part.cand] = true;
      committed.push({ ...part, rule: rule.name });
    }
  };
  const backorderRest = (): void => {
    remaining.forEach((q, i) => {
      backordered[i]! += q;
      remaining[i] = 0;
    });
  };

  for (let r = 0; r < ruleSet.rules.length; r++) {
    const rule = ruleSet.rules[r]!;
    const isLast = r === ruleSet.rules.length - 1;
    const policy = rule.onPromiseMiss ?? ruleSet.onPromiseMiss ?? 'infeasible';
    const ruleLate = policy === 'penalise' ? lateMicro : 0;
    const models = cands.map((c) => linearCost(c, ruleLate));
    const pool = filterAndRank(rule, ruleSet, cands, (c) => {
      const { units, grams } = servable(stockLeft[c]!, lines, remaining, scratch);
      return { units, cost: (preOpen[c] ? 0 : models[c]!.fixed) + models[c]!.perGram * grams };
    });
    last = { rule, pool };
    const problem: Problem = {
      lines: lines.flatMap((l, i) =>
        remaining[i]! > 0 ? [{ lineIdx: i, sku: l.skuIndex, qty: remaining[i]!, gramsPerUnit: l.weightGrams, ...(l.keepTogetherGroup !== undefined ? { group: l.keepTogetherGroup } : {}) }] : [],
      ),
      pool: pool.pool,
      stock: stockLeft,
      fixed: models.map((m) => m.fixed),
      perGram: models.map((m) => m.perGram),
      preOpen,
      preOpenCount: preOpen.filter(Boolean).length,
      penalty,
      minimizeShipments: rule.splitPolicy === 'minimize',
      maxExpansions: input.maxExpansions ?? 20_000,
      maxPool: input.maxSearchPool ?? 150,
    };
    const demand = remaining.reduce((a, q) => a + q, 0);
    const alloc = allocate(problem, rule);
    const units = alloc.parts.reduce((a, p) => a + p.qty, 0);
    const trace = (action: RuleTrace['action']): void => {
      traces.push({ rule: rule.name, candidates: pool.pool.length, search: alloc.search, searchNodes: alloc.expansions ?? 0, allocatedUnits: action === 'nextRule' || action === 'queue' ? 0 : units, shortfallUnits: demand - units, action });
    };
    if (alloc.complete) {
      commit(alloc.parts, rule, ruleLate);
      trace('complete');
      break;
    }
    trace(rule.onShortfall);
    if (rule.onShortfall === 'allocatePartial') {
      commit(alloc.parts, rule, ruleLate);
      if (isLast) backorderRest();
    } else if (rule.onShortfall === 'nextRule') {
      if (isLast) backorderRest();
    } else if (rule.onShortfall === 'backorder') {
      commit(alloc.parts, rule, ruleLate);
      backorderRest();
      break;
    } else {
      queued = { name: rule.queue ?? 'default', qty: [...remaining] };
      break;
    }
  }

  const run: RunRecord = {
    input,
    ruleSet,
    currency,
    lines,
    skus,
    demandBySku,
    candidates: cands,
    screeningExcluded: screening.excluded,
    unlisted: screening.unlisted,
    committed,
    backordered,
    queued,
    traces,
    last,
    lateApplied,
    penaltyMicro: parseMicro(input.splitPenalty, 'splitPenalty'),
    lateMicro,
  };
  return buildDecision(run);
};
