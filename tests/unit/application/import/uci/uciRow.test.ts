import { expect } from 'chai';
import { classifyRecord, normaliseCustomerId, parseUkLocalTime, type RawUciRecord } from '../../../../../application/import/uci/uciRow.js';
import { classifyStockCode } from '../../../../../application/import/uci/stockCodes.js';

const row = (over: Partial<Record<string, string>> = {}): RawUciRecord => ({
  InvoiceNo: '536365', StockCode: '85123A', Description: 'WHITE HANGING HEART T-LIGHT HOLDER', Quantity: '6',
  InvoiceDate: '2010-12-01 08:26:00', UnitPrice: '2.55', CustomerID: '17850', Country: 'United Kingdom', ...over,
});

describe('UCI row classification', () => {
  it('reads a product line: UK local time to UTC, GBP price with two decimals, customer id', () => {
    const r = classifyRecord(row());
    expect(r).to.deep.include({ kind: 'product', invoiceNo: '536365', invoiceKind: 'sale', stockCode: '85123A', quantity: 6, unitPrice: '2.55', customerId: '17850' });
    expect(r.kind === 'product' && r.at).to.equal('2010-12-01T08:26:00Z');
  });

  it('converts British Summer Time to UTC and accepts the original release format', () => {
    expect(parseUkLocalTime('2011-06-15 10:00:00')).to.equal('2011-06-15T09:00:00Z');
    expect(parseUkLocalTime('12/1/2010 8:26')).to.equal('2010-12-01T08:26:00Z');
    expect(parseUkLocalTime('yesterday')).to.equal(undefined);
  });

  it('treats a missing CustomerID as a guest and strips a float suffix', () => {
    expect(normaliseCustomerId('')).to.equal(undefined);
    expect(normaliseCustomerId('17850.0')).to.equal('17850');
    expect((classifyRecord(row({ CustomerID: '' })) as { customerId?: string }).customerId).to.equal(undefined);
  });

  it('recognises cancellation and adjustment invoices', () => {
    expect(classifyRecord(row({ InvoiceNo: 'C536379', Quantity: '-1' }))).to.deep.include({ kind: 'product', invoiceKind: 'cancellation', quantity: -1 });
    const a = classifyRecord(row({ InvoiceNo: 'A563185', StockCode: 'B', Description: 'Adjust bad debt', Quantity: '1', UnitPrice: '11062.06' }));
    expect(a).to.deep.include({ kind: 'nonProduct', invoiceKind: 'adjustment', amount: '11062.06' });
  });

  it('maps non-product codes to charges and adjustments with signed amounts', () => {
    expect(classifyStockCode('POST')).to.deep.equal({ kind: 'charge', category: 'shipping' });
    expect(classifyStockCode('m')).to.deep.equal({ kind: 'adjustment', category: 'manual' });
    expect(classifyStockCode('BANK CHARGES')).to.deep.equal({ kind: 'charge', category: 'bank_charges' });
    expect(classifyStockCode('85123A')).to.equal(undefined);
    const d = classifyRecord(row({ InvoiceNo: 'C537597', StockCode: 'D', Description: 'Discount', Quantity: '-1', UnitPrice: '27.50' }));
    expect(d).to.deep.include({ kind: 'nonProduct', amount: '-27.5' });
    expect(d.kind === 'nonProduct' && d.nonProduct).to.deep.equal({ kind: 'adjustment', category: 'discount' });
    const post = classifyRecord(row({ StockCode: 'POST', Description: 'POSTAGE', Quantity: '3', UnitPrice: '18.00' }));
    expect(post).to.deep.include({ kind: 'nonProduct', amount: '54' });
  });

  const cases: [string, Partial<Record<string, string>>, string][] = [
    ['invoice number', { InvoiceNo: 'X12' }, 'invalid invoice number'],
    ['stock code', { StockCode: ' ' }, 'missing stock code'],
    ['date', { InvoiceDate: '31/31/2011' }, 'invalid date'],
    ['quantity', { Quantity: '1.5' }, 'invalid quantity'],
    ['zero quantity', { Quantity: '0' }, 'invalid quantity'],
    ['price', { UnitPrice: 'abc' }, 'invalid price'],
    ['negative price', { UnitPrice: '-11062.06' }, 'negative price'],
    ['no description and no price', { Description: '', UnitPrice: '0' }, 'missing description'],
    ['zero price', { UnitPrice: '0.00' }, 'zero price'],
    ['priced without description', { Description: '' }, 'missing description'],
    ['sub-penny', { UnitPrice: '0.001' }, 'sub-penny price'],
    ['negative quantity on a sale', { Quantity: '-3' }, 'negative quantity on a sale'],
    ['positive quantity on a cancellation', { InvoiceNo: 'C536379', Quantity: '2' }, 'positive quantity on a cancellation'],
    ['stock code with a space', { StockCode: 'ABC DEF' }, 'stock code not a valid SKU key'],
  ];
  for (const [name, over, reason] of cases) {
    it(`counts a bad row: ${name} → ${reason}`, () => {
      const r = classifyRecord(row(over));
      expect(r.kind).to.equal('bad');
      expect(r.kind === 'bad' && r.reason).to.equal(reason);
    });
  }
});
