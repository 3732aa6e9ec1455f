/**
 * Offline evaluation of the learned delivery promise on the real Olist orders (issue 5).
 *
 *   npx tsx bench/promise/olistPromiseEval.ts [--data ../shared/data/olist] [--from 2017-07-01] [--json]
 *     [--half-life 45] [--trend-half-life 7] [--trend-average 7] [--prior 8] [--target 0.94] [--gain 0.25] [--robustness]
 *     [--out bench/results/promise-olist.json]
 *
 * Replays every purchase / hand-over / delivery in time order, quotes each purchase online, and
 * scores purchases from --from on against Olist's own promise (order_estimated_delivery_date).
 * --robustness re-runs the replay for neighbouring parameter values and prints one row each.
 */
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { DEFAULT_LEARNED_PROMISE_CONFIG, type LearnedPromiseConfig } from '../../domain/promise/learned/index.js';
import { loadOlist, parseStamp, type OlistOrder } from './olistData.js';
import { replayOlist } from './olistReplay.js';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '../shared/data/olist' },
    from: { type: 'string', default: '2017-07-01' },
    json: { type: 'boolean', default: false },
    'half-life': { type: 'string' },
    'trend-half-life': { type: 'string' },
    'trend-average': { type: 'string' },
    prior: { type: 'string' },
    target: { type: 'string' },
    gain: { type: 'string' },
    robustness: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});

const fromMs = parseStamp(`${values.from} 00:00:00`);
if (fromMs === undefined) throw new Error(`--from must be YYYY-MM-DD: ${values.from}`);

const base = DEFAULT_LEARNED_PROMISE_CONFIG;
const config: Partial<LearnedPromiseConfig> = {
  halfLifeDays: values['half-life'] ? Number(values['half-life']) : base.halfLifeDays,
  trendHalfLifeDays: values['trend-half-life'] ? Number(values['trend-half-life']) : base.trendHalfLifeDays,
  trendAverageDays: values['trend-average'] ? Number(values['trend-average']) : base.trendAverageDays,
  priorStrength: values.prior ? Number(values.prior) : base.priorStrength,
  calibration: {
    ...base.calibration,
    ...(values.target ? { targetOnTimeRate: Number(values.target) } : {}),
    ...(values.gain ? { gain: Number(values.gain) } : {}),
  },
};

const round = (x: number, digits = 4): number => Number(x.toFixed(digits));

const run = (orders: readonly OlistOrder[], cfg: Partial<LearnedPromiseConfig>) => {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const r = replayOlist(orders, { fromMs, config: cfg });
  const cpu = process.cpuUsage(cpu0);
  return { r, ms: performance.now() - t0, cpuMs: (cpu.user + cpu.system) / 1000 };
};

const loadStart = performance.now();
const { orders, anomalies } = loadOlist(values.data!);
const loadMs = performance.now() - loadStart;

if (values.robustness) {
  const calib = { ...base.calibration, ...config.calibration };
  const grid: [string, Partial<LearnedPromiseConfig>][] = [['defaults', config]];
  for (const h of [20, 90, Infinity]) grid.push([`halfLifeDays=${h}`, { ...config, halfLifeDays: h }]);
  for (const h of [3, 14, 45]) grid.push([`trendHalfLifeDays=${h}`, { ...config, trendHalfLifeDays: h }]);
  for (const a of [1, 5, 14]) grid.push([`trendAverageDays=${a}`, { ...config, trendAverageDays: a }]);
  for (const k of [4, 16]) grid.push([`priorStrength=${k}`, { ...config, priorStrength: k }]);
  for (const a of [30, 120]) grid.push([`abandonAfterDays=${a}`, { ...config, abandonAfterDays: a }]);
  for (const g of [0.1, 0.5, 1]) grid.push([`gain=${g}`, { ...config, calibration: { ...calib, gain: g } }]);
  for (const t of [0.93, 0.95]) grid.push([`target=${t}`, { ...config, calibration: { ...calib, targetOnTimeRate: t } }]);
  // Fixed quantiles (no calibration) trace the model's own trade-off curve.
  for (const q of [0.93, 0.95, 0.97]) grid.push([`fixed q=${q} (gain 0)`, { ...config, calibration: { ...calib, gain: 0, targetOnTimeRate: q } }]);
  console.log('| variant | on-time | median promised days | lead reduction | MAE days |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, cfg] of grid) {
    const { r } = run(orders, cfg);
    const reduction = 1 - r.score.medianPromisedDays / r.baseline.medianPromisedDays;
    console.log(`| ${name} | ${(100 * r.score.onTimeRate).toFixed(2)} % | ${r.score.medianPromisedDays.toFixed(2)} | ${(100 * reduction).toFixed(1)} % | ${r.score.meanAbsErrorDays.toFixed(2)} |`);
  }
  process.exit(0);
}

const { r, ms, cpuMs } = run(orders, config);
const s = r.score;
const b = r.baseline;
const leadReduction = 1 - s.medianPromisedDays / b.medianPromisedDays;
const report = {
  delivered: s.delivered,
  onTimeRate: round(s.onTimeRate),
  medianPromisedDays: round(s.medianPromisedDays, 2),
  meanAbsErrorDays: round(s.meanAbsErrorDays, 2),
  baselineOnTimeRate: round(b.onTimeRate),
  baselineMedianPromisedDays: round(b.medianPromisedDays, 2),
  diagnostics: {
    leadReductionPct: round(100 * leadReduction, 1),
    targets: {
      onTimeAtLeastBaseline: s.onTimeRate >= b.onTimeRate,
      leadAtLeast15PctShorter: leadReduction >= 0.15,
      leadAtLeast25PctShorter: leadReduction >= 0.25,
    },
    baselineMeanAbsErrorDays: round(b.meanAbsErrorDays, 2),
    errorPercentilesDays: Object.fromEntries(Object.entries(s.errorPercentiles).map(([k, v]) => [k, round(v, 2)])),
    baselineErrorPercentilesDays: Object.fromEntries(Object.entries(b.errorPercentiles).map(([k, v]) => [k, round(v, 2)])),
    byMonth: Object.fromEntries(
      Object.entries(r.byMonth).map(([m, f]) => [
        m,
        {
          delivered: f.delivered,
          onTimeRate: round(f.onTimeRate),
          medianPromisedDays: round(f.medianPromisedDays, 2),
          baselineOnTimeRate: round(f.baselineOnTimeRate),
          baselineMedianPromisedDays: round(f.baselineMedianPromisedDays, 2),
          meanQuantile: round(f.meanQuantile, 3),
        },
      ]),
    ),
    /** After the last purchase the remaining (late) outcomes keep moving it: not used by any scored promise. */
    finalCalibratedQuantile: round(r.finalQuantile, 4),
    calibration: { kept: r.state.calibration.kept, missed: r.state.calibration.missed },
    model: {
      halfLifeDays: r.state.config.halfLifeDays,
      trendHalfLifeDays: r.state.config.trendHalfLifeDays,
      trendAverageDays: r.state.config.trendAverageDays,
      priorStrength: r.state.config.priorStrength,
      targetOnTimeRate: r.state.config.calibration.targetOnTimeRate,
      gain: r.state.config.calibration.gain,
      tables: r.state.tables.size,
      openSubjects: r.state.subjects.size,
      stats: r.state.stats,
    },
    orders: orders.length,
    anomalies,
    unscoredInWindow: r.unscored,
    runtimeMs: { load: Math.round(loadMs), replayWall: Math.round(ms), replayCpu: Math.round(cpuMs) },
  },
};

if (values.out) writeFileSync(values.out, `${JSON.stringify(report, null, 2)}\n`);
if (values.json) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`scored ${s.delivered} delivered orders purchased from ${values.from}`);
  console.log(`learned : on-time ${(100 * s.onTimeRate).toFixed(2)} %, median promised ${s.medianPromisedDays.toFixed(2)} d, MAE ${s.meanAbsErrorDays.toFixed(2)} d`);
  console.log(`olist   : on-time ${(100 * b.onTimeRate).toFixed(2)} %, median promised ${b.medianPromisedDays.toFixed(2)} d, MAE ${b.meanAbsErrorDays.toFixed(2)} d`);
  console.log(`lead reduction ${(100 * leadReduction).toFixed(1)} %; replay ${Math.round(ms)} ms wall, ${Math.round(cpuMs)} ms CPU`);
  for (const [m, f] of Object.entries(r.byMonth)) {
    console.log(`  ${m}: n=${f.delivered} on-time ${(100 * f.onTimeRate).toFixed(1)} % (olist ${(100 * f.baselineOnTimeRate).toFixed(1)} %), median ${f.medianPromisedDays.toFixed(1)} d (olist ${f.baselineMedianPromisedDays.toFixed(1)} d), q̄ ${f.meanQuantile.toFixed(3)}`);
  }
}
