import { expect } from 'chai';
import { skuDecider, skuFromState, skuStreamName, type DefineSkuData, type SkuCommand, type SkuDefinition, type SkuEvent } from '../../../../domain/catalog/index.js';
import { fold } from '../../../../domain/shared/decider.js';
import { ConflictError, NotFoundError, ValidationError } from '../../../../domain/shared/errors.js';
import { commandOf, expectJsonSafe, specFor } from '../support/givenWhenThen.js';

const given = specFor(skuDecider);
const cmd = <T extends SkuCommand['type']>(type: T, data: Extract<SkuCommand, { type: T }>['data']) =>
  commandOf<Extract<SkuCommand, { type: T }>>(type, data);

const mug: DefineSkuData = {
  sku: 'MUG-1',
  name: 'Blue mug',
  weightGrams: 350,
  dimensions: { lengthMm: 120, widthMm: 90, heightMm: 100 },
  taxClass: 'standard',
  prices: [{ amount: '12.9', currency: 'EUR' }, { amount: '1500', currency: 'JPY' }, { amount: '4.250', currency: 'KWD' }],
};
const mugDefinition: SkuDefinition = {
  ...mug,
  prices: [{ amount: '12.90', currency: 'EUR' }, { amount: '1500', currency: 'JPY' }, { amount: '4.250', currency: 'KWD' }],
  status: 'active',
};
const defined: SkuEvent = { type: 'SkuDefined', data: { sku: 'MUG-1', definition: mugDefinition, version: 1 } };
const define = (changes: Record<string, unknown>) => cmd('DefineSku', { ...mug, ...changes } as DefineSkuData);

describe('catalog: DefineSku', () => {
  it('defines an active SKU at version 1 with prices normalised to each currency\'s minor units', () => {
    given([]).when(cmd('DefineSku', mug)).then([defined]);
  });

  it('sorts prices by currency', () => {
    const [event] = given([]).when(define({ prices: [{ amount: '10', currency: 'USD' }, { amount: '9', currency: 'EUR' }] })).events();
    expect((event!.data as { definition: SkuDefinition }).definition.prices).to.deep.equal([
      { amount: '9.00', currency: 'EUR' }, { amount: '10.00', currency: 'USD' },
    ]);
  });

  it('is a no-op when the same definition is sent again', () => {
    given([defined]).when(cmd('DefineSku', mug)).thenNothing();
  });

  it('refuses a different definition for an existing SKU (SKU_ALREADY_EXISTS)', () => {
    given([defined]).when(define({ name: 'Red mug' })).thenFails('SKU_ALREADY_EXISTS', ConflictError);
  });

  const invalid: [string, Record<string, unknown>, string][] = [
    ['a SKU with a space', { sku: 'MUG 1' }, 'sku'],
    ['an empty name', { name: '' }, 'name'],
    ['a negative weight', { weightGrams: -1 }, 'weightGrams'],
    ['a fractional weight', { weightGrams: 1.5 }, 'weightGrams'],
    ['a zero dimension', { dimensions: { lengthMm: 0, widthMm: 1, heightMm: 1 } }, 'dimensions.lengthMm'],
    ['a tax class with spaces', { taxClass: 'Standard Rate' }, 'taxClass'],
    ['3 decimals in EUR', { prices: [{ amount: '19.999', currency: 'EUR' }] }, 'prices[0].amount'],
    ['decimals in JPY', { prices: [{ amount: '100.5', currency: 'JPY' }] }, 'prices[0].amount'],
    ['4 decimals in KWD', { prices: [{ amount: '1.2345', currency: 'KWD' }] }, 'prices[0].amount'],
    ['a negative price', { prices: [{ amount: '-1.00', currency: 'EUR' }] }, 'prices[0].amount'],
    ['an exponent', { prices: [{ amount: '1e3', currency: 'EUR' }] }, 'prices[0].amount'],
    ['a numeric amount', { prices: [{ amount: 12.5, currency: 'EUR' }] }, 'prices[0].amount'],
    ['a lower-case currency', { prices: [{ amount: '1.00', currency: 'eur' }] }, 'prices[0].currency'],
    ['two prices in one currency', { prices: [{ amount: '1.00', currency: 'EUR' }, { amount: '2.00', currency: 'EUR' }] }, 'prices'],
    ['an unknown status', { status: 'draft' }, 'status'],
  ];
  for (const [label, changes, field] of invalid) {
    it(`rejects ${label} with INVALID_SKU naming ${field}`, () => {
      const error = given([]).when(define(changes)).thenFails('INVALID_SKU', ValidationError);
      expect(error.details.field).to.equal(field);
    });
  }

  it('accepts a free item (price 0) and no prices at all', () => {
    expect(given([]).when(define({ prices: [{ amount: '0', currency: 'EUR' }] })).events()).to.have.length(1);
    expect(given([]).when(define({ prices: [] })).events()).to.have.length(1);
  });
});

describe('catalog: UpdateSku', () => {
  it('records only the changed fields with the next version', () => {
    given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { name: 'Blue mug', weightGrams: 360 } }))
      .then([{ type: 'SkuUpdated', data: { sku: 'MUG-1', changes: { weightGrams: 360 }, changedFields: ['weightGrams'], version: 2 } }]);
  });

  it('replaces the price list, normalised', () => {
    given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { prices: [{ amount: '13', currency: 'EUR' }] } }))
      .then([{ type: 'SkuUpdated', data: { sku: 'MUG-1', changes: { prices: [{ amount: '13.00', currency: 'EUR' }] }, changedFields: ['prices'], version: 2 } }]);
  });

  it('treats "12.90" and "12.9" as the same price (no event)', () => {
    given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { prices: [{ amount: '1500', currency: 'JPY' }, { amount: '12.9', currency: 'EUR' }, { amount: '4.25', currency: 'KWD' }] } }))
      .thenNothing();
  });

  it('discontinues a SKU', () => {
    const state = given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { status: 'discontinued' } })).state();
    expect(skuFromState(state)).to.include({ status: 'discontinued', version: 2 });
  });

  it('merges partial dimensions', () => {
    const state = given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { dimensions: { heightMm: 110 } } })).state();
    expect(skuFromState(state)!.dimensions).to.deep.equal({ lengthMm: 120, widthMm: 90, heightMm: 110 });
  });

  it('validates the result (INVALID_SKU)', () => {
    const error = given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { prices: [{ amount: '1.001', currency: 'EUR' }] } })).thenFails('INVALID_SKU');
    expect(error.details.field).to.equal('prices[0].amount');
  });

  it('refuses to change the SKU code itself', () => {
    given([defined]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { sku: 'MUG-2' } as never })).thenFails('INVALID_SKU');
  });

  it('fails for an undefined SKU (SKU_NOT_FOUND)', () => {
    given([]).when(cmd('UpdateSku', { sku: 'MUG-1', changes: { name: 'x' } })).thenFails('SKU_NOT_FOUND', NotFoundError);
  });

  it('versions every change and keeps events plain JSON', () => {
    const history: SkuEvent[] = [defined, { type: 'SkuUpdated', data: { sku: 'MUG-1', changes: { name: 'A' }, changedFields: ['name'], version: 2 } }];
    expect(skuFromState(fold(skuDecider, history))).to.include({ name: 'A', version: 2 });
    expectJsonSafe(history);
    expect(skuStreamName('MUG-1')).to.equal('sku-MUG-1');
  });
});
