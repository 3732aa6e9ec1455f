import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import pino from 'pino';
import { importOlist, type ImportSummary } from '../../application/import/olist/importOlist.js';
import { readOlistDir } from '../../application/import/olist/olistFiles.js';
import { olistOrderSettings } from '../../application/import/olist/olistSettings.js';
import { createReplayPaymentGateway } from '../../application/import/olist/replayPaymentGateway.js';
import { configureOrders, orderRuntime } from '../../application/orders/orderRuntime.js';
import { learnedPromiseConfigFrom, promiseModelFrom, type PromiseModelName } from '../../application/promise/learnedPromiser.js';
import { createLearnedPromiseService } from '../../application/promise/learnedPromiseService.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { availabilityProjection } from '../../projections/inventory/availabilityProjection.js';
import { nodesProjection } from '../../projections/network/nodesProjection.js';
import { openOms, type Oms } from '../bootstrap/openOms.js';
import { placementDepsOf } from '../bootstrap/placementDeps.js';
import { batchReplayConfig } from './batchReplayConfig.js';
import { catchUpDeferred, importProjections } from './importProjections.js';

/**
 * `oms import olist DIR`: replays the Olist marketplace (DIR laid out like ../shared/data/olist)
 * into the OMS configured by the environment — the embedded store by default. The OMS runs with
 * a business clock the importer moves to each recorded instant, so the process managers, the
 * reaper and the timers live in the recorded time; payments replay as approved
 * (replayPaymentGateway). The promise model defaults to the learned one (OMS_PROMISE_MODEL or
 * --promise-model overrides).
 */
const DAY_MS = 86_400_000;

const waitForReadModels = async (oms: Oms, position: bigint): Promise<void> => {
  for (const projection of [nodesProjection(), availabilityProjection()]) {
    const runner = oms.projections.runner(projection.name);
    if (!runner) continue;
    // The last event this projection subscribes to: a filtered subscription reports progress
    // over events it skips only now and then.
    for await (const last of oms.eventStore.readAll({ direction: 'backwards', maxCount: 1, filter: runner.projection.filter })) {
      await runner.waitFor(last.position < position ? last.position : position, 60_000);
    }
  }
};

export const formatSummary = (s: ImportSummary): string => {
  const lines = [
    `imported ${s.ordersImported} of ${s.ordersInFile} orders (${s.sellers} sellers as nodes, ${s.skus} SKUs) in ${(s.wallMs / 1000).toFixed(1)} s`,
    `  ${s.events} events, ${s.ordersPerSecond} orders/s, ${s.eventsPerSecond} events/s; promise model: ${s.promiseModel}`,
    `  steps: ${Object.entries(s.steps).map(([k, v]) => `${k} ${v}`).join(', ')}; refused ${s.refusedSteps}; process failures ${s.processFailures}`,
    `  anomalies (${Object.values(s.anomalies).reduce((a, b) => a + b, 0)}):`,
    ...Object.entries(s.anomalies).map(([reason, n]) => `    ${String(n).padStart(6)}  ${reason}`),
  ];
  return `${lines.join('\n')}\n`;
};

export const runImportOlist = async (
  config: OmsConfig,
  dir: string,
  options: Readonly<{ promiseModel?: PromiseModelName; json?: boolean; progress?: boolean }> = {},
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<ImportSummary> => {
  const tables = readOlistDir(dir);
  // Settings are checked before any store is opened: a bad value must not leave a half-made store.
  const model = options.promiseModel ?? promiseModelFrom(process.env.OMS_PROMISE_MODEL, 'learned');
  const learnedConfig = learnedPromiseConfigFrom(process.env);
  let now = new Date();
  const oms = await openOms(batchReplayConfig(config), {
    // Logs go to stderr: stdout carries the summary (--json stays parseable).
    logger: pino({ level: config.logLevel === 'info' ? 'warn' : config.logLevel }, pino.destination(2)),
    clock: () => now,
    // The replay reads only the node list, positions and reservations; the rest follow it in bulk (importProjections.ts).
    projections: importProjections(config),
    processes: {
      // The importer fires due timers itself before each step (deterministic replays); the background
      // poller only looks once a day of wall-clock time.
      timerPollMs: DAY_MS,
      gateway: createReplayPaymentGateway(),
      // Sellers answer within Olist's shipping limit, not in 4 hours: acceptance is the approval step.
      settings: { acceptanceTimeoutMs: 60 * DAY_MS },
    },
  });
  const learned = model === 'learned' ? createLearnedPromiseService(oms.eventStore, { config: learnedConfig }) : undefined;
  const base = olistOrderSettings(orderRuntime(oms).settings);
  configureOrders(oms, learned ? { ...base, learnedPromise: learned.promiser } : base);
  const bar = options.progress ? new cliProgress.SingleBar({ format: 'olist import |{bar}| {percentage}% {value}/{total} steps · {orders} orders · ETA {eta_formatted}' }, cliProgress.Presets.shades_classic) : undefined;
  try {
    const summary = await importOlist(
      {
        deps: placementDepsOf(oms),
        setNow: (iso) => void (now = new Date(iso)),
        processesIdle: () => oms.processes?.waitUntilIdle(120_000) ?? Promise.resolve(),
        readModelsAt: (position) => waitForReadModels(oms, position),
        processFailures: () => oms.processes?.status().processes.reduce((n, p) => n + p.poisonEvents, 0) ?? 0,
        finish: () => catchUpDeferred(oms, config),
        fireDueTimers: () => oms.processes?.poller.runOnce() ?? Promise.resolve(0),
        ...(learned ? { learned } : {}),
      },
      tables,
      (p) => {
        if (!bar) {
          // Not a terminal (CI, a log file): a line every 5 %.
          const step = Math.max(1, Math.floor(p.total / 20));
          if (Math.floor(p.done / step) !== Math.floor((p.done - 50) / step) || p.done === p.total) {
            process.stderr.write(`olist import: ${p.done}/${p.total} steps, ${p.orders} orders placed\n`);
          }
          return;
        }
        if (p.done <= 50) bar.start(p.total, 0, { orders: 0 });
        bar.update(p.done, { orders: p.orders });
      },
    );
    bar?.stop();
    out.write(options.json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
    return summary;
  } finally {
    bar?.stop();
    await learned?.stop();
    await oms.close();
  }
};

export const registerImportOlist = (program: Command): void => {
  const group = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('import recorded history into the OMS');
  group
    .command('olist')
    .description('replay the Olist marketplace (DIR with orders/ and reference/) through the command path, in time order')
    .argument('<dir>', 'directory laid out like ../shared/data/olist')
    .option('--promise-model <model>', 'learned | static (default: OMS_PROMISE_MODEL, else learned)')
    .option('--json', 'print the summary as JSON')
    .action(async (dir: string, opts: { promiseModel?: string; json?: boolean }) => {
      const model = opts.promiseModel ? promiseModelFrom(opts.promiseModel, 'learned') : undefined;
      await runImportOlist(loadConfig(), dir, { ...(model ? { promiseModel: model } : {}), ...(opts.json ? { json: true } : {}), progress: Boolean(process.stderr.isTTY) });
    });
};
