import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import pino from 'pino';
import { formatSummary, type ImportSummary } from '../../application/import/uci/importSummary.js';
import { importUci } from '../../application/import/uci/importUci.js';
import { createInvoicePaymentGateway } from '../../application/import/uci/invoicePaymentGateway.js';
import { UsageError } from './cliArguments.js';
import { checkUciFile, readUciFile } from '../../application/import/uci/readUciFile.js';
import { groupInvoices, inDateOrder } from '../../application/import/uci/uciInvoices.js';
import type { UciReturns } from '../../application/import/uci/uciOrderSteps.js';
import { uciReturns, uciReturnSettings } from '../../application/import/uci/uciReturns.js';
import { uciOrderSettings } from '../../application/import/uci/uciSettings.js';
import { configureReturns } from '../../application/returns/returnSettings.js';
import { returnDepsOf } from '../bootstrap/returnServices.js';
import { configureOrders } from '../../application/orders/orderRuntime.js';
import type { PaymentGateway } from '../../application/processes/paymentGateway.js';
import { loadConfig, type OmsConfig } from '../../infrastructure/config/config.js';
import { openOms, type Oms } from '../bootstrap/openOms.js';
import { catchUpDeferred, importProjections } from './importProjections.js';
import { processesDrained, projectionsDrained } from './uciDrain.js';
import { placementDepsOf } from '../bootstrap/placementDeps.js';
import { batchReplayConfig } from './batchReplayConfig.js';

export const UCI_PAYMENTS_COLLECTION = 'uci_import_payments';

export type ImportUciOptions = Readonly<{
  limit?: number;
  json?: boolean;
  /** Show the progress bar (default: when stderr is a terminal). */
  progress?: boolean;
  /** Returns with refunds; default: the returns use cases (`application/returns`) with the UCI policy. */
  returns?: (oms: Oms) => UciReturns | undefined;
}>;

/** A gateway whose books open with the stores: the processes may ask before `openOms` returns. */
const deferredGateway = () => {
  let resolve!: (g: PaymentGateway) => void;
  const ready = new Promise<PaymentGateway>((r) => (resolve = r));
  const gateway: PaymentGateway = {
    describeInstrument: async (r) => (await ready).describeInstrument(r),
    authorize: async (r) => (await ready).authorize(r),
    status: async (r) => (await ready).status(r),
    capture: async (r) => (await ready).capture(r),
    void: async (r) => (await ready).void(r),
    refund: async (r) => (await ready).refund(r),
  };
  return { gateway, resolve };
};

/**
 * `oms import uci FILE`: opens the OMS on the configured stores with the clock following the
 * invoices' business time, replays the file through the order, inventory and payment command
 * paths, and prints the summary. Exit code 0 when the import ran (failed invoices are in the
 * summary, by code), 1 when it could not run at all.
 */
export const runImportUci = async (
  config: OmsConfig,
  file: string,
  options: ImportUciOptions = {},
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
): Promise<ImportSummary> => {
  // Missing, empty, not CSV/gzip, truncated gzip, wrong header: one-line error here, before any store is opened.
  const size = await checkUciFile(file);
  let businessNow = Date.parse('2010-12-01T00:00:00Z');
  const payments = deferredGateway();
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'error' }, pino.destination(2));
  const oms = await openOms(batchReplayConfig(config), { logger, clock: () => new Date(businessNow), processes: { gateway: payments.gateway }, projections: importProjections(config) });
  payments.resolve(createInvoicePaymentGateway(oms.readStore.collection(UCI_PAYMENTS_COLLECTION)));
  configureOrders(oms, uciOrderSettings());
  configureReturns(oms, uciReturnSettings());
  const returns = options.returns ? options.returns(oms) : uciReturns(returnDepsOf(oms));
  const started = performance.now();
  const headBefore = await oms.eventStore.headPosition();
  let peakRss = process.memoryUsage.rss();
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 250);
  const source = readUciFile(file);
  const showBar = options.progress ?? Boolean(process.stderr.isTTY);
  const bar = showBar
    ? new cliProgress.SingleBar({ format: 'UCI import |{bar}| {percentage}% | {invoices} invoices, {orders} orders | {rate} orders/s | ETA {eta_formatted}', stream: process.stderr }, cliProgress.Presets.shades_classic)
    : undefined;
  const total = options.limit ?? size;
  bar?.start(total, 0, { invoices: 0, orders: 0, rate: '0' });
  try {
    const summary = await importUci(
      {
        ...placementDepsOf(oms),
        setNow: (iso) => (businessNow = Math.max(businessNow, Date.parse(iso))),
        settle: () => processesDrained(oms),
        // Sourcing reads the node list and "which nodes hold this SKU" from these two read models.
        settleProjections: () => projectionsDrained(oms, ['network_nodes', 'availability']),
        ...(returns ? { returns } : {}),
      },
      inDateOrder(groupInvoices(source.records)),
      {
        file,
        ...(options.limit !== undefined ? { limit: options.limit } : {}),
        onInvoice: (s) => {
          if (!bar || s.invoices.total % 10 !== 0) return;
          const seconds = (performance.now() - started) / 1000;
          bar.update(options.limit ?? source.bytesRead(), { invoices: s.invoices.total, orders: s.orders.placed, rate: (s.orders.placed / seconds).toFixed(1) });
        },
      },
    );
    await projectionsDrained(oms);
    await catchUpDeferred(oms, config);
    const head = await oms.eventStore.headPosition();
    const seconds = (performance.now() - started) / 1000;
    const appended = head - headBefore;
    summary.eventsAppended = appended.toString();
    summary.headPosition = head.toString();
    summary.wallSeconds = Math.round(seconds * 10) / 10;
    summary.ordersPerSecond = Math.round((summary.orders.placed / seconds) * 10) / 10;
    summary.eventsPerSecond = Math.round(Number(appended) / seconds);
    summary.peakRssMb = Math.round(Math.max(peakRss, process.memoryUsage.rss()) / 1_048_576);
    bar?.update(total);
    bar?.stop();
    out.write(`${options.json ? JSON.stringify(summary, null, 2) : formatSummary(summary)}\n`);
    return summary;
  } finally {
    bar?.stop();
    clearInterval(sampler);
    await oms.close();
  }
};

const positiveInt = (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n <= 0) throw new UsageError(`--limit must be a positive integer, got ${v}`);
  return n;
};

/** Adds `import uci FILE` (creating the `import` group if no other importer has yet). */
export const registerImportUci = (program: Command): void => {
  const group = program.commands.find((c) => c.name() === 'import') ?? program.command('import').description('import real data through the command path');
  group
    .command('uci')
    .argument('<file>', 'UCI Online Retail CSV (.csv or .csv.gz), e.g. ../shared/data/uci_online_retail/online_retail.csv.gz')
    .description('replay the UCI Online Retail invoices as orders, cancellations, returns and charges on a UK network')
    .option('--limit <n>', 'import only the first N invoices (date order)', positiveInt)
    .option('--json', 'print the summary as JSON')
    .option('--no-progress', 'no progress bar even on a terminal')
    .action(async (file: string, opts: { limit?: number; json?: boolean; progress?: boolean }) => {
      // Commander defaults a `--no-x` flag to true: only an explicit --no-progress overrides the TTY check.
      await runImportUci(loadConfig(), file, {
        ...(opts.limit !== undefined ? { limit: opts.limit } : {}),
        ...(opts.json ? { json: true } : {}),
        ...(opts.progress === false ? { progress: false } : {}),
      });
    });
};
