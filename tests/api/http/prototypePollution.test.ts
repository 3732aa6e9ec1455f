import { expect } from 'chai';
import request from 'supertest';
import { scanInput } from '../../../api/http/validation.js';
import { makeTestApp, validOrder } from './support/testApp.js';

type FieldError = { field: string; constraint: string; message: string };

const json = (raw: string) => ({ raw, type: 'application/json' });

describe('api/http prototype-pollution guard', () => {
  const { app, rec } = makeTestApp();
  const order = JSON.stringify(validOrder()).slice(1, -1); // the members, to splice into raw JSON

  const cases: Array<{ name: string; raw: string; field: string }> = [
    { name: '__proto__ at the top', raw: `{${order},"__proto__":{"polluted":"yes"}}`, field: '__proto__' },
    { name: 'escaped \\u005f_proto__', raw: `{${order},"\\u005f_proto__":{"polluted":"yes"}}`, field: '__proto__' },
    { name: 'constructor.prototype', raw: `{${order},"constructor":{"prototype":{"polluted":"yes"}}}`, field: 'constructor' },
    { name: '__proto__ inside an array item', raw: `{${order.replace('"quantity":2', '"quantity":2,"__proto__":{"polluted":"yes"}')}}`, field: 'lines[0].__proto__' },
    { name: 'prototype deep inside a nested DTO', raw: `{${order.replace('"currency":"EUR"', '"currency":"EUR","prototype":{"polluted":"yes"}')}}`, field: 'lines[0].unitPrice.prototype' },
    { name: 'Object.prototype member names', raw: `{${order},"hasOwnProperty":1}`, field: 'hasOwnProperty' },
  ];

  for (const c of cases) {
    it(`rejects ${c.name} with 400 VALIDATION_FAILED naming ${c.field}`, async () => {
      rec.last = undefined;
      const { raw, type } = json(c.raw);
      const res = await request(app).post('/orders').set('Content-Type', type).send(raw);
      expect(res.status).to.equal(400);
      expect(res.body.code).to.equal('VALIDATION_FAILED');
      const errors = res.body.errors as FieldError[];
      expect(errors.map((e) => e.field)).to.include(c.field);
      expect(errors.find((e) => e.field === c.field)!.constraint).to.equal('forbiddenKey');
      expect(rec.last, 'handler must not run').to.equal(undefined);
      expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
      expect(Object.prototype).not.to.have.property('polluted');
    });
  }

  it('rejects forbidden keys in the query string', async () => {
    const res = await request(app).get('/orders?__proto__=x&limit=5');
    expect(res.status).to.equal(400);
    expect((res.body.errors as FieldError[])[0]).to.include({ field: '__proto__', constraint: 'forbiddenKey' });
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });

  it('still accepts the same payload without the forbidden key', async () => {
    const res = await request(app).post('/orders').set('Content-Type', 'application/json').send(`{${order}}`);
    expect(res.status).to.equal(201);
  });

  describe('scanInput', () => {
    it('finds own __proto__ keys that JSON.parse created, at any depth, and nothing in clean input', () => {
      const parsed: unknown = JSON.parse('{"a":[{"b":{"__proto__":{"x":1}}}],"c":{"constructor":1}}');
      expect(scanInput(parsed, 'body').map((e) => e.field)).to.deep.equal(['a[0].b.__proto__', 'c.constructor']);
      expect(scanInput({ a: [{ b: { proto: 1, constructors: 2 } }] }, 'body')).to.deep.equal([]);
      // Array indices are never reserved keys, whatever their value.
      expect(scanInput(['constructor', ['prototype']], 'body')).to.deep.equal([]);
    });
  });
});
