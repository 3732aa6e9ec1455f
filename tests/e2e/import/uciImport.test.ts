import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import pino from 'pino';
import { openOms } from '../../../api/bootstrap/openOms.js';
import { runImportUci } from '../../../api/cli/importUciCommand.js';
import type { ImportSummary } from '../../../application/import/uci/importSummary.js';
import { UCI_KEY_SCOPE } from '../../../application/import/uci/uciOrderSteps.js';
import { loadPlacedOrder } from '../../../application/orders/orderCommands.js';
import { listOrders } from '../../../application/orders/orderQueries.js';
import { loadOrderWithReturns } from '../../../application/returns/orderReturns.js';
import { orderIdFor } from '../../../application/orders/placeOrder.js';
import { unitsIn } from '../../../domain/order/units.js';
import { loadConfig, type OmsConfig } from '../../../infrastructure/config/config.js';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const FIXTURE = [
  HEADER,
  '536001,A1,RED MUG,2,2011-03-01 10:00:00,1.50,100,United Kingdom',
  '536001,A2,BLUE BOWL,1,2011-03-01 10:00:00,3.00,100,United Kingdom',
  '536001,POST,POSTAGE,1,2011-03-01 10:00:00,5.00,100,United Kingdom',
  '536002,A1,RED MUG,3,2011-03-01 11:00:00,1.50,200,France',
  '536002,A3,,1,2011-03-01 11:00:00,0,200,France',
  'C536003,A1,RED MUG,-1,2011-03-01 12:00:00,1.50,100,United Kingdom',
  'C536004,A2,BLUE BOWL,-1,2011-03-01 13:00:00,3.00,,United Kingdom',
  'C536005,A1,RED MUG,-1,2011-03-10 09:00:00,1.50,200,France',
  'C536005,A1,RED MUG,-1,2011-03-10 09:00:00,1.50,200,France',
].join('\n');

const silent = { write: () => true };

describe('oms import uci (e2e, embedded store)', function () {
  this.timeout(20_000);
  let dir: string;
  let config: OmsConfig;
  let file: string;
  let first: ImportSummary;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oms-uci-'));
    file = join(dir, 'fixture.csv.gz');
    writeFileSync(file, gzipSync(FIXTURE));
    config = loadConfig({ OMS_DATA_DIR: join(dir, 'data'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', NODE_ENV: 'test' });
    first = await runImportUci(config, file, { json: true, progress: false }, silent);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('counts rows, invoices, orders, charges, bad rows and cancellations in the summary', () => {
    expect(first.rows).to.equal(9);
    expect(first.invoices).to.deep.include({ total: 5, sales: 2, cancellations: 3, alreadyImported: 0 });
    expect(first.orders).to.deep.include({ placed: 2, failed: 0, shipments: 2, deliveries: 2 });
    expect(first.orders.failures).to.deep.equal({});
    expect(first.charges).to.deep.equal({ 'charge: shipping': { lines: 1, amount: '5.00' } });
    expect(first.badRows).to.deep.equal({ 'missing description': 1 });
    expect(first.cancellations).to.deep.include({ lines: 4, matchedLines: 3, unmatchedLines: 1, unitsCancelled: 1 });
    expect(first.cancellations.unmatched).to.deep.equal({ 'no customer id': { lines: 1, units: 1 } });
    // C536005 names, on two rows, units delivered a week earlier: one return (one line of 2) with a refund.
    expect(first.cancellations).to.deep.include({ unitsReturned: 2, returns: 1, unitsNotReturned: 0 });
    expect(first.cancellations.returnFailures).to.deep.equal({});
    expect(Number(first.eventsAppended)).to.be.greaterThan(50);
  });

  it('leaves orders cancelled in part before dispatch and delivered, visible in the read models', async () => {
    const oms = await openOms(config, { logger: pino({ level: 'silent' }), processes: { disabled: true } });
    try {
      const uk = await loadPlacedOrder(oms, orderIdFor(UCI_KEY_SCOPE, 'invoice/536001'));
      const a1 = uk.lines.find((l) => l.sku === 'A1')!;
      expect(unitsIn(a1, 'cancelled')).to.equal(1);
      expect(unitsIn(a1, 'delivered')).to.equal(1);
      expect(uk.destination?.country).to.equal('GB');
      expect(uk.currency).to.equal('GBP');
      const fr = await loadPlacedOrder(oms, orderIdFor(UCI_KEY_SCOPE, 'invoice/536002'));
      expect(fr.status).to.equal('delivered');
      const { returns } = await loadOrderWithReturns(oms.eventStore, fr.orderId);
      expect(returns.map((r) => [r.status, r.lines.map((l) => l.quantity)])).to.have.length(1);
      expect(returns[0]!.receivingNodeId).to.match(/^uk-/);
      expect(returns[0]!.status).to.equal('received');
      // Refunded on receipt to the order's card: two units of RED MUG.
      expect(returns[0]!.lines.map((l) => Object.values(l.refunded).reduce((n, q) => n + q, 0))).to.deep.equal([2]);
      expect(fr.destination).to.deep.include({ country: 'FR', city: 'Paris' });
      const page = await listOrders(oms, { customerId: 'uci-customer-100' });
      expect(page.items.map((o) => o.orderId)).to.deep.equal([uk.orderId]);
      expect(page.items[0]!.status).to.equal(uk.status);
    } finally {
      await oms.close();
    }
  });

  it('re-running the same file changes nothing: the log head stays where it was', async () => {
    const again = await runImportUci(config, file, { json: true, progress: false }, silent);
    expect(again.invoices.alreadyImported).to.equal(5);
    expect(again.orders.placed).to.equal(0);
    expect(again.eventsAppended).to.equal('0');
    expect(again.headPosition).to.equal(first.headPosition);
  });
});
