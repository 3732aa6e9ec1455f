import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import pino from 'pino';
import { openOms } from '../../../api/bootstrap/openOms.js';
import { runImportUci } from '../../../api/cli/importUciCommand.js';
import { loadAggregate } from '../../../application/commandHandler.js';
import { uciLedgerDecider, uciLedgerStreamName, type UciInvoiceImported } from '../../../application/import/uci/uciLedger.js';
import { UCI_KEY_SCOPE } from '../../../application/import/uci/uciOrderSteps.js';
import { loadPlacedOrder } from '../../../application/orders/orderCommands.js';
import { orderIdFor } from '../../../application/orders/placeOrder.js';
import { NO_STREAM, type JsonValue } from '../../../infrastructure/eventstore/eventStore.js';
import { loadConfig, type OmsConfig } from '../../../infrastructure/config/config.js';

const FIXTURE = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536001,A1,RED MUG,2,2011-03-01 10:00:00,1.50,100,United Kingdom',
  '536002,A1,RED MUG,3,2011-03-01 11:00:00,1.50,200,United Kingdom',
  '536003,A2,BLUE BOWL,1,2011-03-02 11:00:00,3.00,300,United Kingdom',
].join('\n');

const silent = { write: () => true };

const failedRecord = (invoiceNo: string, failure: { code: string; message: string }): JsonValue => {
  const data: UciInvoiceImported['data'] = {
    invoiceNo, kind: 'sale', at: '2011-03-01T11:00:00Z', outcome: 'failed', lines: [], charges: [], matches: [], unmatched: [], badRows: [], failure,
  };
  return JSON.parse(JSON.stringify(data)) as JsonValue; // the ledger event as an earlier run stored it
};

describe('oms import uci: invoices a drain timeout marked failed are imported again on resume', function () {
  this.timeout(30_000);
  let dir: string;
  let config: OmsConfig;
  let file: string;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'oms-uci-retry-'));
    file = join(dir, 'fixture.csv.gz');
    writeFileSync(file, gzipSync(FIXTURE));
    config = loadConfig({ OMS_DATA_DIR: join(dir, 'data'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', NODE_ENV: 'test' });
    // An earlier run's ledger: 536002 recorded as failed (by a drain timeout, or refused by the domain), 536003 never reached.
    const oms = await openOms(config, { logger: pino({ level: 'silent' }), processes: { disabled: true } });
    try {
      await oms.eventStore.append(uciLedgerStreamName('536002'), [{ id: '0b9c7f0e-3f4e-4c55-9a55-2f3b4a5c6d7e', type: 'UciInvoiceImported', data: failedRecord('536002', { code: 'Error', message: 'the order fulfilment process did not handle the events after position 42 within 120000 ms' }), metadata: {} }], { expectedRevision: NO_STREAM });
      await oms.eventStore.append(uciLedgerStreamName('536003'), [{ id: '1c8d6e0f-2e3d-4b44-8a44-1e2a3b4c5d6f', type: 'UciInvoiceImported', data: failedRecord('536003', { code: 'ORDER_INVALID', message: 'refused by the domain' }), metadata: {} }], { expectedRevision: NO_STREAM });
    } finally {
      await oms.close();
    }
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('retries the timed-out invoice through the command path and keeps a domain refusal final', async () => {
    const summary = await runImportUci(config, file, { json: true, progress: false }, silent);
    expect(summary.invoices).to.deep.include({ total: 3, retried: 1, alreadyImported: 1 });
    expect(summary.orders).to.deep.include({ placed: 2, failed: 0 });
    const oms = await openOms(config, { logger: pino({ level: 'silent' }), processes: { disabled: true } });
    try {
      const retried = await loadAggregate(oms.eventStore, uciLedgerDecider, uciLedgerStreamName('536002'));
      expect(retried.state.imported).to.deep.include({ outcome: 'order' });
      expect(retried.revision).to.equal(1n); // the failed record, then the real outcome
      expect((await loadPlacedOrder(oms, orderIdFor(UCI_KEY_SCOPE, 'invoice/536002'))).status).to.equal('delivered');
      const refused = await loadAggregate(oms.eventStore, uciLedgerDecider, uciLedgerStreamName('536003'));
      expect(refused.state.imported).to.deep.include({ outcome: 'failed' });
      expect(refused.revision).to.equal(0n);
    } finally {
      await oms.close();
    }
    const again = await runImportUci(config, file, { json: true, progress: false }, silent);
    expect(again.invoices).to.deep.include({ retried: 0, alreadyImported: 3 });
    expect(again.eventsAppended).to.equal('0');
  });
});
