import { expect } from 'chai';
import { copyId, replicateCsv } from '../../../bench/import/replicateOlist.js';

describe('bench: replicateOlist (full-size stand-in for the Olist import)', () => {
  const orders = 'order_id,customer_id,order_status\naaaa,cccc,delivered\nbbbb,dddd,canceled\n';
  const items = 'order_id,order_item_id,product_id\naaaa,1,p1\naaaa,2,p2\n';

  it('keeps copy 0 as it is and gives every other copy fresh 32-hex ids, the same in every table', () => {
    const o = replicateCsv(orders, ['order_id', 'customer_id'], 3).trim().split('\n');
    const i = replicateCsv(items, ['order_id'], 3).trim().split('\n');
    expect(o).to.have.length(1 + 2 * 3);
    expect(o.slice(0, 3)).to.deep.equal(['order_id,customer_id,order_status', 'aaaa,cccc,delivered', 'bbbb,dddd,canceled']);
    expect(o[3]).to.equal(`${copyId('aaaa', 1)},${copyId('cccc', 1)},delivered`);
    expect(copyId('aaaa', 1)).to.match(/^[0-9a-f]{32}$/).and.not.equal(copyId('aaaa', 2));
    const orderIds = new Set(o.slice(1).map((l) => l.split(',')[0]));
    expect(orderIds.size).to.equal(6);
    // every copied item belongs to a copied order, and products are untouched
    for (const line of i.slice(1)) expect(orderIds.has(line.split(',')[0])).to.equal(true);
    expect(i.slice(1).map((l) => l.split(',')[2])).to.deep.equal(['p1', 'p2', 'p1', 'p2', 'p1', 'p2']);
  });

  it('refuses a table without the id column it must rewrite', () => {
    expect(() => replicateCsv('id,x\n1,2\n', ['order_id'], 2)).to.throw(/order_id missing/);
  });
});
