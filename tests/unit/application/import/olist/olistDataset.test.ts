import { expect } from 'chai';
import { createAnomalies } from '../../../../../application/import/olist/anomalies.js';
import { buildOlistDataset, DEFAULT_WEIGHT_GRAMS, isoStamp } from '../../../../../application/import/olist/olistDataset.js';
import type { OlistTables } from '../../../../../application/import/olist/olistFiles.js';

const tables = (over: Partial<OlistTables> = {}): OlistTables => ({
  geolocation: [
    { zip_code_prefix: '01001', lat: '-23.55', lng: '-46.63', city: 'sao paulo', state: 'SP' },
    { zip_code_prefix: '01002', lat: '-23.56', lng: '-46.64', city: 'sao paulo', state: 'SP' },
    { zip_code_prefix: '69900', lat: '9.5', lng: '-80', city: 'x', state: 'AC' },
  ],
  sellers: [
    { seller_id: 's1', seller_zip_code_prefix: '1001', seller_city: 'sao paulo', seller_state: 'SP' },
    { seller_id: 's2', seller_zip_code_prefix: '05555', seller_city: 'sao paulo', seller_state: 'SP' },
    { seller_id: 's3', seller_zip_code_prefix: '77777', seller_city: 'palmas', seller_state: 'TO' },
  ],
  products: [
    { product_id: 'p1', product_category_name: 'artes', product_weight_g: '300' },
    { product_id: 'p2', product_category_name: '', product_weight_g: '' },
  ],
  customers: [{ customer_id: 'c1', customer_unique_id: 'u1', customer_zip_code_prefix: '69900', customer_city: 'x', customer_state: 'AC' }],
  orders: [
    { order_id: 'o2', customer_id: 'c1', order_status: 'delivered', order_purchase_timestamp: '2017-05-02 10:00:00', order_estimated_delivery_date: '2017-05-20 00:00:00' },
    { order_id: 'o1', customer_id: 'c1', order_status: 'delivered', order_purchase_timestamp: '2017-05-01 10:00:00', order_estimated_delivery_date: '' },
    { order_id: 'o3', customer_id: 'c1', order_status: 'canceled', order_purchase_timestamp: '2017-05-03 10:00:00' },
    { order_id: 'o4', customer_id: 'c1', order_status: 'delivered', order_purchase_timestamp: '2017-05-04 10:00:00' },
    { order_id: 'o5', customer_id: 'c1', order_status: 'delivered', order_purchase_timestamp: 'not a date' },
  ],
  items: [
    { order_id: 'o1', product_id: 'p1', seller_id: 's1', price: '10.50' },
    { order_id: 'o1', product_id: 'p1', seller_id: 's1', price: '10.50' },
    { order_id: 'o2', product_id: 'p2', seller_id: 's2', price: '99' },
    { order_id: 'o4', product_id: 'p1', seller_id: 's3', price: '10.50' },
  ],
  ...over,
});

describe('Olist dataset: sellers located, products priced, orders grouped — every problem counted', () => {
  it('reads wall-clock stamps as UTC instants and refuses anything else', () => {
    expect(isoStamp('2017-05-01 10:00:00')).to.equal('2017-05-01T10:00:00.000Z');
    expect(isoStamp('2017-13-01 10:00:00')).to.equal(undefined);
    expect(isoStamp('')).to.equal(undefined);
  });

  it('locates sellers by zip prefix (leading zeros restored), else by state centroid; skips what cannot be located', () => {
    const a = createAnomalies();
    const d = buildOlistDataset(tables(), a);
    expect(d.sellers.get('s1')!.place).to.include({ zip: '01001', lat: -23.55, lng: -46.63 });
    expect(d.sellers.get('s2')!.place.lat).to.be.closeTo(-23.555, 1e-9);
    expect(d.sellers.has('s3')).to.equal(false);
    expect(a.snapshot()).to.include({
      'seller: zip prefix not geocoded (state centroid used)': 1,
      'seller: no coordinates for zip prefix or state (skipped)': 1,
      'geolocation: outside Brazil (clipped)': 1,
    });
  });

  it('clips coordinates outside Brazil into its bounding box', () => {
    const d = buildOlistDataset(tables(), createAnomalies());
    expect(d.orders[0]!.destination).to.include({ lat: 5.5, lng: -74.5, state: 'AC' });
  });

  it('groups units per product and seller, sorts orders by purchase and counts every skipped order by reason', () => {
    const a = createAnomalies();
    const d = buildOlistDataset(tables(), a);
    expect(d.orders.map((o) => o.orderId)).to.deep.equal(['o1', 'o2']);
    expect(d.orders[0]!.items).to.deep.equal([{ productId: 'p1', sellerId: 's1', quantity: 2 }]);
    expect(d.orders[0]!.customerId).to.equal('u1');
    expect(d.orders[1]!.estimatedDate).to.equal('2017-05-20');
    expect(d.products.get('p2')).to.deep.equal({ productId: 'p2', category: 'unknown', weightGrams: DEFAULT_WEIGHT_GRAMS, price: '99.00' });
    expect(d.orderRows).to.equal(5);
    expect(a.snapshot()).to.include({
      'order: no items (skipped, status canceled)': 1,
      'order: unknown or unlocated seller (skipped)': 1,
      'order: no id or purchase timestamp (skipped)': 1,
      'order: no estimated delivery date (no baseline)': 1,
      [`product: no weight (${DEFAULT_WEIGHT_GRAMS} g assumed)`]: 1,
    });
  });
});
