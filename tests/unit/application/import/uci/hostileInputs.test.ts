import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect } from 'chai';
import { runImportUci } from '../../../../../api/cli/importUciCommand.js';
import { checkUciFile, readUciFile, UciFileError } from '../../../../../application/import/uci/readUciFile.js';
import { replenishmentLot } from '../../../../../application/import/uci/uciCatalog.js';
import { groupInvoices, type UciInvoice } from '../../../../../application/import/uci/uciInvoices.js';
import { classifyRecord, type RawUciRecord } from '../../../../../application/import/uci/uciRow.js';
import { loadConfig } from '../../../../../infrastructure/config/config.js';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
const line = (inv: string, code = 'A1', qty = '2', at = '2011-03-01 10:00:00', price = '1.50', desc = 'RED MUG', customer = '100') =>
  [inv, code, desc, qty, at, price, customer, 'United Kingdom'].join(',');
const GOOD = [HEADER, line('536001'), line('536001', 'A2'), line('536002')].join('\n');

const row = (over: Partial<Record<string, string>> = {}): RawUciRecord => ({
  InvoiceNo: '536365', StockCode: '85123A', Description: 'WHITE HANGING HEART T-LIGHT HOLDER', Quantity: '6',
  InvoiceDate: '2010-12-01 08:26:00', UnitPrice: '2.55', CustomerID: '17850', Country: 'United Kingdom', ...over,
});

describe('UCI importer: hostile input files', () => {
  let dir: string;
  const file = (name: string, content: string | Buffer): string => {
    const path = join(dir, name);
    writeFileSync(path, content);
    return path;
  };
  const invoicesOf = async (path: string): Promise<UciInvoice[]> => {
    const out: UciInvoice[] = [];
    for await (const inv of groupInvoices(readUciFile(path).records)) out.push(inv);
    return out;
  };
  const rejection = async (promise: Promise<unknown>): Promise<Error> => {
    try {
      await promise;
    } catch (error) {
      return error as Error;
    }
    throw new Error('expected a rejection');
  };

  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'uci-hostile-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  describe('a file unusable as a whole is refused up front with a one-line message', () => {
    const refusals: [string, () => string, RegExp][] = [
      ['a missing file', () => join(dir, 'nope.csv.gz'), /nope\.csv\.gz: no such file$/],
      ['a directory', () => dir, /: not a file$/],
      ['an empty file', () => file('e.csv', ''), /empty file/],
      ['an empty gzip', () => file('e.csv.gz', gzipSync('')), /empty file/],
      ['blank lines only', () => file('b.csv', '\n\r\n\n'), /empty file/],
      ['a gzip truncated mid-stream', () => file('t.csv.gz', gzipSync(`${GOOD}\n${line('536003').repeat(2000)}`).subarray(0, 200)), /corrupt or truncated gzip \(unexpected end of file\)/],
      ['a gzip with a corrupt body', () => { const gz = gzipSync(GOOD); gz.fill(0x41, 12, 40); return file('c.csv.gz', gz); }, /corrupt or truncated gzip/],
      ['a wrong header', () => file('w.csv', 'a,b,c\n1,2,3\n'), /not a UCI Online Retail CSV: the header lacks InvoiceNo, StockCode/],
      ['a missing column', () => file('m.csv', `${HEADER.replace(',UnitPrice', '')}\n536001,A1,RED MUG,2,2011-03-01 10:00:00,100,UK\n`), /the header lacks UnitPrice \(first line/],
      ['binary garbage', () => file('g.csv', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13])), /not a UCI Online Retail CSV/],
    ];
    for (const [name, make, message] of refusals) {
      it(name, async () => {
        const error = await rejection(checkUciFile(make()));
        expect(error).to.be.instanceOf(UciFileError);
        expect(error.message).to.match(message);
        expect(error.message).not.to.include('\n');
      });
    }

    it('the CLI refuses before any store is opened: nothing is written', async () => {
      const config = loadConfig({ OMS_DATA_DIR: join(dir, 'data'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', NODE_ENV: 'test' });
      const truncated = file('t.csv.gz', gzipSync(`${GOOD}\n${line('536003').repeat(2000)}`).subarray(0, 300));
      const error = await rejection(runImportUci(config, truncated, { json: true, progress: false }, { write: () => true }));
      expect(error.message).to.match(/corrupt or truncated gzip/);
      expect(existsSync(join(dir, 'data'))).to.equal(false);
    });
  });

  describe('usable files in unusual shapes read the same rows', () => {
    const expectGood = async (path: string) => {
      await checkUciFile(path);
      const invoices = await invoicesOf(path);
      expect(invoices.map((i) => [i.invoiceNo, i.products.length, i.badRows.length])).to.deep.equal([['536001', 2, 0], ['536002', 1, 0]]);
    };
    it('header only: accepted, no rows', async () => {
      const path = file('h.csv', `${HEADER}\n`);
      expect(await checkUciFile(path)).to.be.greaterThan(0);
      expect(await invoicesOf(path)).to.deep.equal([]);
    });
    it('plain CSV named .gz (gzip is recognised by content)', () => expectGood(file('plain.csv.gz', GOOD)));
    it('gzip named .csv', () => expectGood(file('zipped.csv', gzipSync(GOOD))));
    it('UTF-8 BOM and CRLF line ends', () => expectGood(file('bom.csv', `\uFEFF${GOOD.replace(/\n/g, '\r\n')}\r\n`)));
    it('reordered and extra columns', () => expectGood(file('r.csv', [
      `Country,Extra,${HEADER.split(',').reverse().filter((c) => c !== 'Country').join(',')}`,
      ...GOOD.split('\n').slice(1).map((l) => { const f = l.split(','); return [f[7], 'x', ...f.slice(0, 7).reverse()].join(','); }),
    ].join('\n'))));

    it('quoted fields with commas, newlines and escaped quotes', async () => {
      const path = file('q.csv', `${HEADER}\n"536001","A1","MUG, RED ""BIG""\nSECOND LINE",2,"2011-03-01 10:00:00",1.50,100,"United Kingdom"\n`);
      const [inv] = await invoicesOf(path);
      expect(inv!.products[0]!.description).to.equal('MUG, RED "BIG"\nSECOND LINE');
    });
  });

  describe('unreadable lines are bad rows, never an abort', () => {
    it('a stray quote is kept as text; an unclosed quote is one malformed CSV line, counted in place without splitting the invoice', async () => {
      const path = file('bad.csv', [HEADER, line('536001'), '536001,A2,RED "MUG,2,2011-03-01 10:00:00,1.50,100,UK', '"536001","A3","RED" MUG",2,2011-03-01 10:00:00,1.50,100,UK',
        line('536002'), '536003,A1,"RED MUG,2,2011-03-01 12:00:00,1.50,100,UK', line('536004')].join('\n'));
      const invoices = await invoicesOf(path);
      expect(invoices.map((i) => [i.invoiceNo, i.rows, i.products.map((p) => p.description), i.badRows.map((b) => b.reason)])).to.deep.equal([
        ['536001', 3, ['RED MUG', 'RED "MUG', '"RED" MUG"'], []],
        ['536002', 2, ['RED MUG'], ['malformed CSV line']], // the unclosed quote swallows the rest of the file: one counted line
      ]);
      expect(invoices[1]!.badRows[0]!.detail).to.match(/Quote Not Closed/);
    });

    it('a parse failure before anyone iterates is reported by the iterator, not an unhandled error event', async () => {
      // A stream error no one listens to would kill the process (mocha reports it as an uncaught error).
      const gz = gzipSync(GOOD);
      gz.fill(0x41, 12, 40);
      const source = readUciFile(file('corrupt.csv.gz', gz));
      await new Promise((r) => setTimeout(r, 30));
      const error = await rejection((async () => { for await (const _ of source.records) void _; })());
      expect((error as NodeJS.ErrnoException).code).to.equal('Z_DATA_ERROR');
    });
  });

  describe('hostile values in a row are bad rows by reason (the invoice keeps its good lines)', () => {
    const cases: [string, Partial<Record<string, string>>, string][] = [
      ['non-numeric quantity', { Quantity: 'six' }, 'invalid quantity'],
      ['blank quantity', { Quantity: '' }, 'invalid quantity'],
      ['fractional quantity', { Quantity: '2.5' }, 'invalid quantity'],
      ['unsafe integer quantity', { Quantity: '99999999999999999999' }, 'invalid quantity'],
      ['quantity over the OMS line maximum', { Quantity: '2000000' }, 'invalid quantity'],
      ['negative quantity beyond the maximum on a cancellation', { InvoiceNo: 'C536365', Quantity: '-1000001' }, 'invalid quantity'],
      ['blank price', { UnitPrice: '' }, 'invalid price'],
      ['price with a currency sign', { UnitPrice: '£2.55' }, 'invalid price'],
      ['price in exponent notation', { UnitPrice: '1e3' }, 'invalid price'],
      ['price beyond 15 integer digits', { UnitPrice: '99999999999999999999.99' }, 'invalid price'],
      ['unparsable date', { InvoiceDate: 'soon' }, 'invalid date'],
      ['far-future date', { InvoiceDate: '9999-12-31 23:59:59' }, 'invalid date'],
      ['far-past date', { InvoiceDate: '1900-01-01 00:00:00' }, 'invalid date'],
      ['description over 200 characters', { Description: 'X'.repeat(5000) }, 'description too long'],
      ['invoice number with a slash', { InvoiceNo: '536/365' }, 'invalid invoice number'],
      ['blank invoice number', { InvoiceNo: '' }, 'invalid invoice number'],
      ['invoice number with unicode', { InvoiceNo: '53636５' }, 'invalid invoice number'],
    ];
    for (const [name, over, reason] of cases) {
      it(`${name} → ${reason}`, () => {
        const r = classifyRecord(row(over));
        expect(r.kind === 'bad' ? r.reason : r.kind).to.equal(reason);
      });
    }

    it('a blank CustomerID is a guest; a huge but valid quantity gets a receipt the OMS accepts', () => {
      expect(classifyRecord(row({ CustomerID: ' ' }))).to.deep.include({ kind: 'product', customerId: undefined });
      expect(classifyRecord(row({ Quantity: '1000000' }))).to.deep.include({ kind: 'product', quantity: 1_000_000 });
      expect(replenishmentLot(1_000_000, 0)).to.equal(1_000_000);
      expect(replenishmentLot(990_000, 0)).to.equal(1_000_000);
      expect(replenishmentLot(100, 40)).to.equal(168);
    });
  });

  it('the CLI imports a mixed hostile file: every row counted, no order failed, nothing crashes', async function () {
    this.timeout(10_000);
    mkdirSync(join(dir, 'data'));
    const config = loadConfig({ OMS_DATA_DIR: join(dir, 'data'), OMS_SEED_DEMO: 'false', OMS_INSTANCE_ID: 'test', NODE_ENV: 'test' });
    const path = file('mixed.csv.gz', gzipSync([
      HEADER,
      line('536001'), line('536001'), // a duplicated row: one line of 4
      line('536001', 'A9', '2000000'), line('536001', 'A8', '1', undefined, '99999999999999999999'), line('536001', 'A7', '1', undefined, undefined, 'Y'.repeat(300)),
      line('536002', 'A1', '1', '9999-12-31 23:59:59'),
      line('C536003', 'Z9', '-1', '2011-03-02 10:00:00'), // nothing sold earlier to cancel
      line('536/004'),
      '536005,A6,"RED MUG,2,2011-03-01 10:00:00,1.50,100,UK', // an unclosed quote (it would swallow any line after it)
    ].join('\r\n')));
    const s = await runImportUci(config, path, { json: true, progress: false }, { write: () => true });
    expect(s.rows).to.equal(9);
    expect(s.badRows).to.deep.equal({ 'invalid quantity': 1, 'invalid price': 1, 'description too long': 1, 'malformed CSV line': 1, 'invalid date': 1, 'invalid invoice number': 1 });
    expect(s.orders).to.deep.include({ placed: 1, failed: 0, failures: {} });
    expect(s.cancellations).to.deep.include({ lines: 1, unmatchedLines: 1 });
  });
});
