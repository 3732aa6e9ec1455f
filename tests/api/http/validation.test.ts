import { expect } from 'chai';
import request from 'supertest';
import { makeTestApp, validOrder } from './support/testApp.js';

type FieldError = { field: string; message: string; constraint: string; location: string };

const fieldErrors = (body: { errors?: FieldError[] }): FieldError[] => body.errors ?? [];
const fields = (body: { errors?: FieldError[] }): string[] => fieldErrors(body).map((e) => e.field);

describe('api/http validation', () => {
  const { app, rec } = makeTestApp();

  it('accepts a valid body and hands the handler class instances', async () => {
    const res = await request(app).post('/orders').send(validOrder());
    expect(res.status).to.equal(201);
    expect(res.body).to.deep.equal({ orderId: 'o-1', lines: 1 });
    const body = rec.last!.body as { constructor: { name: string }; lines: Array<{ constructor: { name: string } }> };
    expect(body.constructor.name).to.equal('PlaceOrderDto');
    expect(body.lines[0]!.constructor.name).to.equal('OrderLineDto');
  });

  it('names nested array fields by full path with a reason', async () => {
    const order = validOrder();
    const res = await request(app)
      .post('/orders')
      .send({ ...order, lines: [order.lines[0], { sku: 'S 2', quantity: 0 }, { sku: 'S3', quantity: 2.5, colour: 'red' }] });
    expect(res.status).to.equal(400);
    expect(res.headers['content-type']).to.match(/^application\/problem\+json/);
    expect(res.body.code).to.equal('VALIDATION_FAILED');
    expect(res.body.type).to.equal('https://oms.dev/problems/validation-failed');
    const errors = fieldErrors(res.body);
    expect(errors).to.deep.include({
      field: 'lines[1].quantity',
      message: 'quantity must be a positive integer no greater than 1000',
      constraint: 'isQuantity',
      location: 'body',
    });
    expect(fields(res.body)).to.have.members(['lines[1].sku', 'lines[1].quantity', 'lines[2].quantity', 'lines[2].colour']);
    expect(errors.find((e) => e.field === 'lines[2].colour')!.message).to.equal('lines[2].colour is not an accepted field');
    for (const e of errors) expect(e.message.length).to.be.greaterThan(10);
  });

  it('reports nested DTO fields below array items (lines[0].unitPrice.amount)', async () => {
    const order = validOrder();
    const res = await request(app)
      .post('/orders')
      .send({ ...order, lines: [{ ...order.lines[0], unitPrice: { amount: '19.999', currency: 'EUR' } }, { sku: 'A', quantity: 1, unitPrice: 'cheap' }] });
    expect(res.status).to.equal(400);
    const errors = fieldErrors(res.body);
    expect(errors.find((e) => e.field === 'lines[0].unitPrice.amount')!.message).to.equal('amount must have at most 2 decimal places for EUR');
    expect(errors.find((e) => e.field === 'lines[1].unitPrice')!.message).to.equal('lines[1].unitPrice must be an object');
  });

  it('bounds decimal places by the sibling currency (JPY 0, KWD 3)', async () => {
    const order = validOrder();
    const withPrice = (amount: string, currency: string) => ({ ...order, lines: [{ sku: 'A', quantity: 1, unitPrice: { amount, currency } }] });
    expect((await request(app).post('/orders').send(withPrice('100', 'JPY'))).status).to.equal(201);
    expect((await request(app).post('/orders').send(withPrice('1.500', 'KWD'))).status).to.equal(201);
    const jpy = await request(app).post('/orders').send(withPrice('100.5', 'JPY'));
    expect(fieldErrors(jpy.body)[0]!.message).to.equal('amount must have at most 0 decimal places for JPY');
    for (const bad of ['-1.00', '1e3', '0x10', ' 1', '1.', '.5', '12345678901234567890']) {
      const res = await request(app).post('/orders').send(withPrice(bad, 'EUR'));
      expect(res.status, bad).to.equal(400);
      expect(fields(res.body), bad).to.deep.equal(['lines[0].unitPrice.amount']);
    }
    const numeric = await request(app).post('/orders').send({ ...order, lines: [{ sku: 'A', quantity: 1, unitPrice: { amount: 19.99, currency: 'EUR' } }] });
    expect(fieldErrors(numeric.body)[0]!.message).to.equal('amount must be a decimal string such as "19.99"');
  });

  it('checks currency, country, date-time, bounded strings, enums and ids with specific messages', async () => {
    const res = await request(app)
      .post('/orders')
      .send({
        ...validOrder(),
        orderId: 'has space',
        country: 'de',
        shipping: 'drone',
        requestedAt: '2025-02-30T10:00:00Z',
        note: 'tab ok\tbut bell \u0007 is not',
        lines: [{ sku: 'A', quantity: 1, unitPrice: { amount: '1.00', currency: 'EURO' } }],
      });
    expect(res.status).to.equal(400);
    const byField = Object.fromEntries(fieldErrors(res.body).map((e) => [e.field, e.message]));
    expect(byField).to.deep.equal({
      orderId: 'orderId must be an id of 1 to 128 characters from [A-Za-z0-9._:@~-]',
      country: 'country must be an ISO 3166-1 alpha-2 country code in upper case, such as "DE"',
      shipping: 'shipping must be one of the following values: standard, express',
      requestedAt: 'requestedAt must be an ISO 8601 date-time with offset, such as "2025-01-31T12:00:00Z"',
      note: 'note must be a string of 1 to 500 characters without control characters',
      'lines[0].unitPrice.currency': 'currency must be an ISO 4217 currency code in upper case, such as "EUR"',
    });
    const ok = await request(app).post('/orders').send({ ...validOrder(), requestedAt: '2025-02-28T10:00:00.123+01:00', note: 'ring at the back' });
    expect(ok.status).to.equal(201);
    const noZone = await request(app).post('/orders').send({ ...validOrder(), requestedAt: '2025-02-28T10:00:00' });
    expect(fields(noZone.body)).to.deep.equal(['requestedAt']);
  });

  it('reports missing required fields and a non-array where an array belongs, once each', async () => {
    const res = await request(app).post('/orders').send({ lines: 'many' });
    expect(res.status).to.equal(400);
    expect(fields(res.body)).to.have.members(['orderId', 'country', 'shipping', 'lines']);
    expect(fieldErrors(res.body).find((e) => e.field === 'lines')!.message).to.equal('lines must be an array of 1 to 50 items');
    expect(res.body.detail).to.equal('4 fields are invalid: orderId, country, shipping, lines');
  });

  it('rejects an array or an empty body where an object DTO is expected', async () => {
    const arr = await request(app).post('/orders').send([validOrder()]);
    expect(arr.status).to.equal(400);
    expect(fieldErrors(arr.body)).to.deep.equal([{ field: 'body', message: 'the request body must be a JSON object', constraint: 'isObject', location: 'body' }]);
    const empty = await request(app).post('/orders').set('Content-Type', 'application/json');
    expect(empty.status).to.equal(400);
    expect(fields(empty.body)).to.include('orderId');
  });

  it('validates and converts query DTOs; rejects unknown query parameters', async () => {
    const ok = await request(app).get('/orders?limit=25&status=open');
    expect(ok.status).to.equal(200);
    expect(ok.body).to.deep.equal({ limit: 25, status: 'open' });
    const bad = await request(app).get('/orders?limit=abc&status=lost&q=UPPER&page=2');
    expect(bad.status).to.equal(400);
    const errors = fieldErrors(bad.body);
    expect(errors.every((e) => e.location === 'query')).to.equal(true);
    expect(fields(bad.body)).to.include.members(['limit', 'status', 'q', 'page']);
    expect(errors.find((e) => e.field === 'page')!.message).to.equal('page is not an accepted field');
    const tooBig = await request(app).get('/orders?limit=101');
    expect(fieldErrors(tooBig.body)[0]!.message).to.equal('limit must not be greater than 100');
  });

  it('validates path params with their DTO', async () => {
    const res = await request(app).get(`/orders/${'x'.repeat(129)}`);
    expect(res.status).to.equal(400);
    expect(fieldErrors(res.body)).to.deep.equal([
      { field: 'orderId', message: 'orderId must be an id of 1 to 128 characters from [A-Za-z0-9._:@~-]', constraint: 'isId', location: 'params' },
    ]);
  });

  it('rejects a body or query on routes that declare none, and accepts an empty body', async () => {
    const withBody = await request(app).post('/orders/o-1/cancel').send({ reason: 'late' });
    expect(withBody.status).to.equal(400);
    expect(fieldErrors(withBody.body)[0]).to.include({ field: 'reason', constraint: 'noInput', location: 'body' });
    expect((await request(app).post('/orders/o-1/cancel').send({})).status).to.equal(204);
    expect((await request(app).post('/orders/o-1/cancel')).status).to.equal(204);
    const withQuery = await request(app).post('/orders/o-1/cancel?force=true');
    expect(withQuery.status).to.equal(400);
    expect(fieldErrors(withQuery.body)[0]).to.include({ field: 'force', location: 'query' });
  });

  it('rejects bodies nested deeper than the depth limit without crashing', async () => {
    const nest = (levels: number): unknown => {
      let deep: unknown = 'leaf';
      for (let i = 0; i < levels; i += 1) deep = i % 2 === 0 ? { d: deep } : [deep];
      return deep;
    };
    const res = await request(app).post('/orders').send({ ...validOrder(), note: nest(100) });
    expect(res.status).to.equal(400);
    expect(fieldErrors(res.body)).to.have.length(1);
    // note, [0], then 15 × (.d, [0]): the 32nd level is where the walk stops.
    expect(fieldErrors(res.body)[0]).to.include({ constraint: 'maxDepth', message: `note[0]${'.d[0]'.repeat(15)} nests deeper than 32 levels` });
    // So deep that JSON.parse itself gives up: still a client error, never a 500.
    const raw = `{"note":${'['.repeat(20_000)}${']'.repeat(20_000)}}`;
    const huge = await request(app).post('/orders').set('Content-Type', 'application/json').send(raw);
    expect(huge.status).to.equal(400);
  });
});
