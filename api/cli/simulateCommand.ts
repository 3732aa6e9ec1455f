import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { defaultOrderSettings } from '../../application/orders/orderSettings.js';
import { simulateSourcing, type SimulationReport, type SimulationSettings } from '../../application/sourcing/simulateSourcing.js';
import { readModelHolders } from '../../application/sourcing/simulationHolders.js';
import { parseRuleSetJson } from '../../domain/sourcing/ruleSetJson.js';
import type { RuleSet } from '../../domain/sourcing/index.js';
import { planChanged, type SideSummary } from '../../domain/sourcing/simulationSummary.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import type { EventStore } from '../../infrastructure/eventstore/eventStore.js';
import type { ReadStore } from '../../infrastructure/readstore/readStore.js';
import { NETWORK_NODES, nodesProjection, type NodeDocument } from '../../projections/network/nodesProjection.js';
import { physicalName } from '../../projections/runtime/projection.js';
import { activeVersion } from '../../projections/runtime/projectionRegistry.js';
import { openExistingStores } from './openExistingStores.js';
import { checkWindow } from './cliArguments.js';

/**
 * `oms simulate --rules FILE [--from DATE] [--to DATE] [--json]`: what another sourcing rule set
 * would have done with the orders of a window (split rate, distance, cost, promised lead, on-time)
 * beside what was recorded. Opens the stores and only reads the event log: it writes nothing and
 * can run beside a live server.
 */
/** Reads and validates a rules file; the error names the file and the field. */
export const loadRuleSetFile = (path: string): RuleSet => {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(`cannot read rules file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
  try {
    return parseRuleSetJson(text);
  } catch (error) {
    throw new Error(`invalid rules file ${path}: ${error instanceof Error ? error.message : String(error)}`);
  }
};

const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)} %`);
const num = (x: number | null, unit = '') => (x === null ? 'n/a' : `${x}${unit}`);
const signed = (x: number | null, fmt: (v: number) => string) => (x === null ? 'n/a' : `${x > 0 ? '+' : ''}${fmt(x)}`);
const cost = (s: SideSummary) => s.cost.map((c) => `${c.mean} ${c.currency}`).join(', ') || 'n/a';

export const formatSimulation = (r: SimulationReport): string => {
  const { recorded: a, candidate: b, delta: d } = r.summary;
  const rows: [string, string, string, string][] = [
    ['split rate', pct(a.splitRate), pct(b.splitRate), signed(d.splitRate, (v) => `${(100 * v).toFixed(1)} pt`)],
    ['mean shipments', num(a.meanShipments), num(b.meanShipments), signed(b.meanShipments - a.meanShipments, (v) => v.toFixed(3))],
    ['mean distance', num(a.meanDistanceKm, ' km'), num(b.meanDistanceKm, ' km'), signed(d.meanDistanceKm, (v) => `${v} km`)],
    ['mean cost', cost(a), cost(b), d.cost.map((c) => `${c.mean.startsWith('-') ? '' : '+'}${c.mean} ${c.currency}`).join(', ') || 'n/a'],
    ['backordered units', String(a.backorderedUnits), String(b.backorderedUnits), signed(b.backorderedUnits - a.backorderedUnits, String)],
    ['mean promised lead', num(a.meanPromisedLeadDays, ' d'), num(b.meanPromisedLeadDays, ' d'), signed(d.meanPromisedLeadDays, (v) => `${v} d`)],
    ['on-time (delivered)', `${pct(a.onTimeRate)} of ${a.scored}`, `${pct(b.onTimeRate)} of ${b.scored}`, signed(d.onTimeRate, (v) => `${(100 * v).toFixed(1)} pt`)],
  ];
  const widths = [0, 1, 2, 3].map((i) => Math.max(...[['', 'recorded', r.ruleSet, 'delta'][i]!.length, ...rows.map((row) => row[i]!.length)]));
  const line = (cells: readonly string[]) => cells.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  const changed = r.orders.filter(planChanged);
  return [
    `orders placed ${r.window.from ?? '(start)'} → ${r.window.to ?? '(end)'}: ${r.ordersInWindow}; replayed ${r.summary.orders}; plan changed ${r.summary.changedOrders}; delivered ${r.summary.delivered}`,
    line(['', 'recorded', r.ruleSet, 'delta']),
    ...rows.map(line),
    ...(Object.keys(r.skipped).length > 0 ? [`skipped: ${JSON.stringify(r.skipped)}`] : []),
    ...changed.slice(0, 20).map((o) => `  ${o.orderId}: ${o.recorded.nodes.join('+') || '-'} → ${o.candidate.nodes.join('+') || '-'} (${o.recorded.cost.amount} → ${o.candidate.cost.amount} ${o.candidate.cost.currency}, promised ${o.recorded.promisedBy ?? 'n/a'} → ${o.candidate.promisedBy ?? 'n/a'})`),
    ...(changed.length > 20 ? [`  … ${changed.length - 20} more (--json lists every order)`] : []),
    'assumptions:',
    ...r.assumptions.map((s) => `  - ${s}`),
    '',
  ].join('\n');
};

export type SimulateOptions = Readonly<{ rules: string; from?: string; to?: string; json?: boolean }>;

/**
 * Simulation over open stores (what the command and the tests call). With a read store, only the
 * inventory streams its availability read model lists are folded (only read, never written).
 */
export const simulateFromFile = async (
  eventStore: EventStore, options: SimulateOptions, settings: SimulationSettings = defaultOrderSettings(), readStore?: ReadStore,
): Promise<SimulationReport> => {
  checkWindow(options);
  return simulateRuleSet(eventStore, loadRuleSetFile(options.rules), options, settings, readStore);
};

/** The simulation of a rule set already read and validated, over the window of `options`. */
const simulateRuleSet = (
  eventStore: EventStore, ruleSet: RuleSet, options: SimulateOptions, settings: SimulationSettings, readStore?: ReadStore,
): Promise<SimulationReport> => {
  const window = { ...(options.from ? { from: options.from } : {}), ...(options.to ? { to: options.to } : {}) };
  return simulateSourcing(eventStore, ruleSet, settings, window, readStore ? (skus) => readModelHolders(readStore, skus) : undefined);
};

/** Node ids the rule set names (priorities, exclusions) that the network read model does not know. */
export const unknownRuleNodes = async (readStore: ReadStore, ruleSet: RuleSet): Promise<string[]> => {
  const named = new Set([...Object.keys(ruleSet.nodePriority ?? {}), ...ruleSet.rules.flatMap((r) => r.filters?.excludeNodeIds ?? [])]);
  if (named.size === 0) return [];
  const projection = nodesProjection();
  const version = (await activeVersion(readStore, projection.name)) ?? projection.version;
  const known = await readStore.collection<NodeDocument>(physicalName(NETWORK_NODES, version)).find({ _id: { $in: [...named] } });
  const found = new Set(known.map((d) => d._id));
  return [...named].filter((n) => !found.has(n)).sort();
};

export const runSimulate = async (
  config: OmsConfig, options: SimulateOptions, out: Pick<NodeJS.WritableStream, 'write'> = process.stdout, err: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): Promise<SimulationReport> => {
  // Validate the arguments and the file before opening any store: a typo should not wait on a
  // connection, nor create a data directory.
  checkWindow(options);
  const ruleSet = loadRuleSetFile(options.rules);
  const stores = await openExistingStores(config, 'simulate on');
  try {
    // A misspelt node id in a priority or an exclusion would silently change nothing: say so.
    const unknown = await unknownRuleNodes(stores.readStore, ruleSet);
    if (unknown.length > 0) err.write(`oms simulate: warning: ${options.rules} names node(s) not in the network: ${unknown.slice(0, 10).join(', ')}${unknown.length > 10 ? ` … (${unknown.length})` : ''}\n`);
    const report = await simulateRuleSet(stores.eventStore, ruleSet, options, defaultOrderSettings(), stores.readStore);
    out.write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatSimulation(report));
    return report;
  } finally {
    await stores.eventStore.close();
    await stores.readStore.close();
  }
};

export const registerSimulate = (program: Command): void => {
  program
    .command('simulate')
    .description('replay orders placed in a window through another sourcing rule set and compare with what was recorded (writes nothing)')
    .requiredOption('--rules <file>', 'rule set JSON: { id, version, rules: [{ name, sort, splitPolicy, onShortfall, filters? }], nodePriority? }')
    .option('--from <date>', 'placed on or after (YYYY-MM-DD)')
    .option('--to <date>', 'placed before (YYYY-MM-DD)')
    .option('--json', 'print JSON (every order)')
    .action(async (opts: SimulateOptions) => {
      await runSimulate(loadConfig(), opts);
    });
};
