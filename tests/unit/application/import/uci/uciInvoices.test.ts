import { expect } from 'chai';
import { dispatchTime, deliveryTime, createSchedule } from '../../../../../application/import/uci/fulfilmentSchedule.js';
import { groupInvoices, inDateOrder, type UciInvoice } from '../../../../../application/import/uci/uciInvoices.js';
import { mergeLines } from '../../../../../application/import/uci/importUci.js';
import { replenishmentLot } from '../../../../../application/import/uci/uciCatalog.js';
import { destinationFor } from '../../../../../application/import/uci/uciNetwork.js';

async function* records(rows: string[][]) {
  for (const [InvoiceNo, StockCode, Quantity, InvoiceDate, UnitPrice] of rows) {
    yield { InvoiceNo, StockCode, Description: `ITEM ${StockCode}`, Quantity, InvoiceDate, UnitPrice, CustomerID: '1', Country: 'France' };
  }
}
const collect = async (it: AsyncIterable<UciInvoice>) => {
  const out: UciInvoice[] = [];
  for await (const x of it) out.push(x);
  return out;
};

describe('UCI invoices', () => {
  it('groups consecutive rows, keeps bad rows with their invoice and orders by date', async () => {
    const invoices = await collect(inDateOrder(groupInvoices(records([
      ['536000', 'A9', '1', '2011-01-03 10:00:00', '0'], // bad rows only: keeps its own time, not "earliest"
      ['536002', 'A1', '1', '2011-01-02 10:00:00', '1.00'],
      ['536002', 'POST', '1', '2011-01-02 10:00:00', '18.00'],
      ['536002', 'A2', '1', '2011-01-02 10:00:00', '0'],
      ['536001', 'A1', '2', '2011-01-01 10:00:00', '1.00'],
      ['536001', 'A1', '3', '2011-01-01 10:00:00', '1.00'],
      ['536002', 'A3', '1', '2011-01-02 10:00:00', '1.00'],
    ])), 8));
    expect(invoices.map((i) => i.invoiceNo)).to.deep.equal(['536001', '536002', '536002/2', '536000']);
    expect(invoices[1]).to.deep.include({ country: 'France', rows: 3 });
    expect(invoices[1]!.nonProducts.map((n) => n.stockCode)).to.deep.equal(['POST']);
    expect(invoices[1]!.badRows.map((b) => b.reason)).to.deep.equal(['zero price']);
    expect(mergeLines(invoices[0]!)).to.deep.equal([{ sku: 'A1', description: 'ITEM A1', quantity: 5, unitPrice: '1.00' }]);
  });

  it('dispatches before the 15:00 cut-off the same working day, otherwise the next; delivers after transit days', () => {
    expect(dispatchTime('2011-03-01T10:00:00Z')).to.equal('2011-03-01T17:30:00Z'); // Tuesday morning
    expect(dispatchTime('2011-03-04T16:00:00Z')).to.equal('2011-03-07T17:30:00Z'); // Friday after cut-off → Monday
    expect(dispatchTime('2011-07-10T11:00:00Z')).to.equal('2011-07-11T16:30:00Z'); // Sunday (BST) → Monday 17:30 BST
    expect(deliveryTime('2011-03-04T17:30:00Z', 1)).to.equal('2011-03-07T12:00:00Z');
  });

  it('runs scheduled work in time order, ties in insertion order', () => {
    const s = createSchedule();
    s.add({ kind: 'deliver', at: '2011-01-03T00:00:00Z', orderId: 'b', invoiceNo: '2', shipmentId: 's2' });
    s.add({ kind: 'ship', at: '2011-01-02T00:00:00Z', orderId: 'a', invoiceNo: '1', countryCode: 'GB' });
    s.add({ kind: 'deliver', at: '2011-01-03T00:00:00Z', orderId: 'c', invoiceNo: '3', shipmentId: 's3' });
    expect(s.takeDue('2011-01-01T00:00:00Z')).to.equal(undefined);
    expect([s.takeDue('2012'), s.takeDue('2012'), s.takeDue('2012')].map((a) => a?.orderId)).to.deep.equal(['a', 'b', 'c']);
    expect(s.pendingDelivery('b')).to.equal(undefined);
  });

  it('replenishes a case-rounded lot only when a DC cannot cover the line', () => {
    expect(replenishmentLot(6, 10)).to.equal(0);
    expect(replenishmentLot(6, 0)).to.equal(60);
    expect(replenishmentLot(100, 40)).to.equal(168);
  });

  it('ships UK customers to a stable city and unknown countries to London, flagged', () => {
    expect(destinationFor('United Kingdom', 'uci-customer-17850')).to.deep.equal(destinationFor('United Kingdom', 'uci-customer-17850'));
    expect(destinationFor('EIRE', 'x').destination).to.deep.include({ country: 'IE', city: 'Dublin' });
    expect(destinationFor('Unspecified', 'x').known).to.equal(false);
  });
});
