import { expect } from 'chai';
import type { Browser, Page } from 'playwright-core';
import request from 'supertest';
import { chromiumAvailable, launchChromium, screenshot } from '../../support/browser.js';
import { driveToReleased, orderBody, settle, startOrdersOms, type OrdersOms } from '../../api/orders/support/orderFixtures.js';
import { listen } from './support/webServer.js';

type Placed = { orderId: string; trackingToken: string };

/** The customer tracking page in real headless Chromium, against a whole OMS with real authentication. */
describe('tracking page (headless Chromium)', function () {
  this.timeout(40_000);
  let t: OrdersOms;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  const admin = () => ({ Authorization: `Bearer ${t.adminKey}` });

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    server = await listen(t.app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  const place = async (key: string, overrides: Record<string, unknown> = {}): Promise<Placed> => {
    const res = await request(t.app).post('/orders').set(admin()).set('Idempotency-Key', key).send(orderBody({ customerId: key, ...overrides }));
    expect(res.status, JSON.stringify(res.body)).to.equal(201);
    return res.body as Placed;
  };
  const ship = async (orderId: string, carrier: string, trackingNumber: string) => {
    const order = await driveToReleased(t, orderId);
    const line = order.lines[0]!;
    const node = line.units.find((u) => u.node)!.node!;
    const res = await request(t.app).post(`/orders/${orderId}/shipments`).set(admin()).set('Idempotency-Key', `ship-${orderId}`)
      .send({ shipmentId: `S-${orderId.slice(-6)}`, node, lines: [{ lineId: line.lineId, quantity: line.quantity }], carrier, trackingNumber });
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
  };
  const open = async (o: Placed, viewport = { width: 390, height: 844 }, locale = 'en-GB'): Promise<Page> => {
    const context = await browser.newContext({ viewport, locale });
    const page = await context.newPage();
    await page.goto(`${server.base}/t/${o.orderId}?token=${encodeURIComponent(o.trackingToken)}`);
    await page.waitForSelector('body[data-state]');
    return page;
  };

  it('a shipped order shows its carrier, tracking number and promise (mobile viewport)', async () => {
    const o = await place('page-shipped', { locale: 'en-GB' });
    await ship(o.orderId, 'colissimo', '6A987654321');
    const page = await open(o);
    expect(await page.getAttribute('body', 'data-state')).to.equal('loaded');
    expect(await page.textContent('#shipments .carrier')).to.equal('colissimo');
    expect(await page.textContent('#shipments .tracking-number')).to.equal('6A987654321');
    expect(await page.textContent('#order-status')).to.equal('Shipped');
    const promise = (await page.textContent('#promise'))!;
    expect(promise).to.match(/^between .+ and .+$/);
    expect(await page.isVisible('#promise-row')).to.equal(true);
    expect(await page.isVisible('#cancel-form')).to.equal(false);
    expect(await page.textContent('#timeline')).to.contain('Shipped with colissimo (6A987654321)');
    // Landmarks and labels for assistive technology.
    expect(await page.locator('main').count()).to.equal(1);
    expect(await page.getAttribute('#status-message', 'aria-live')).to.equal('polite');
    // No horizontal scrolling on a phone (page code runs in the browser: passed as text, the tests have no DOM types).
    expect(await page.evaluate('document.documentElement.scrollWidth <= window.innerWidth')).to.equal(true);
    await screenshot(page, 'tracking-shipped-mobile');
    await page.context().close();
  });

  it('a French order is shown in French, with money in euros', async () => {
    const o = await place('page-fr', { locale: 'fr-FR' });
    await ship(o.orderId, 'chronopost', 'XY123');
    const page = await open(o, { width: 1024, height: 800 }, 'en-GB');
    expect(await page.getAttribute('html', 'lang')).to.equal('fr');
    expect(await page.textContent('#order-status')).to.equal('Expédiée');
    expect(await page.textContent('#shipments-heading')).to.equal('Expéditions');
    expect(await page.textContent('#promise')).to.match(/^entre le .+ et le .+$/);
    expect(await page.textContent('#order-total')).to.match(/\d,\d{2}\s€$/);
    await screenshot(page, 'tracking-french');
    await page.context().close();
  });

  it('cancels from the page when the rules allow it', async () => {
    const o = await place('page-cancel');
    const page = await open(o);
    expect(await page.isVisible('#cancel-form')).to.equal(true);
    await page.getByLabel('Reason').fill('Ordered by mistake');
    await page.getByRole('button', { name: 'Cancel my order' }).click();
    // Locators, not waitForFunction(string): the page's CSP forbids the eval a string predicate needs.
    await page.locator('#status-message').filter({ hasText: 'Your order has been cancelled.' }).waitFor();
    expect(await page.textContent('#order-status')).to.equal('Cancelled');
    expect(await page.isVisible('#cancel-form')).to.equal(false);
    expect(await page.textContent('#timeline')).to.contain('Order cancelled — Ordered by mistake');
    const order = await request(t.app).get(`/orders/${o.orderId}`).set(admin());
    expect(order.body.status).to.equal('cancelled');
    await screenshot(page, 'tracking-cancelled');
    await page.context().close();
  });

  it('a cancel the rules refuse (shipped meanwhile) shows the reason clearly', async () => {
    const o = await place('page-refused');
    await driveToReleased(t, o.orderId);
    const page = await open(o);
    expect(await page.isVisible('#cancel-form')).to.equal(true); // released: cancellable while nothing left the node
    await ship(o.orderId, 'ups', '1Z999'); // the node ships while the customer looks at the page
    await page.getByLabel('Reason').fill('Too slow');
    await page.getByRole('button', { name: 'Cancel my order' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor({ state: 'visible' });
    const text = (await alert.textContent())!;
    expect(text).to.match(/^We could not cancel your order: .*shipped/);
    expect(await page.textContent('#order-status')).to.equal('Shipped'); // the page shows why
    expect(await page.isVisible('#cancel-form')).to.equal(false);
    const order = await request(t.app).get(`/orders/${o.orderId}`).set(admin());
    expect(order.body.status).to.equal('shipped');
    await screenshot(page, 'tracking-cancel-refused');
    await page.context().close();
  });

  it('changes the delivery address from the page while the order is not yet released', async () => {
    const o = await place('page-address', { destination: { lat: 48.8566, lng: 2.3522, country: 'FR', region: 'IDF', postalCode: '75004', city: 'Paris', line1: '1 Rue de Rivoli', name: 'Ada Page' } });
    const page = await open(o);
    await page.waitForSelector('#address-form:not([hidden])');
    expect(await page.inputValue('#addr-line1')).to.equal('1 Rue de Rivoli'); // the sealed address, opened for its customer
    await page.getByLabel('Street and number').fill('8 Rue Saint-Antoine');
    await page.getByLabel('Postal code').fill('75004');
    await page.getByRole('button', { name: 'Save the new address' }).click();
    await page.locator('#status-message, [role=alert]').filter({ hasText: /address/i }).first().waitFor();
    const said = (await page.locator('#status-message, [role=alert]').allTextContents()).join(' ');
    expect(said, said).not.to.match(/could not/i);
    const order = await request(t.app).get(`/orders/${o.orderId}`).set(admin());
    expect(order.body.destination).to.include({ line1: '8 Rue Saint-Antoine', name: 'Ada Page', city: 'Paris' });
    await screenshot(page, 'tracking-address-changed');
    await page.context().close();
  });

  it('starts a return from the page once the order is delivered', async () => {
    const o = await place('page-return');
    await ship(o.orderId, 'colissimo', '6A000RETURN');
    const delivered = await request(t.app).post(`/orders/${o.orderId}/deliveries`).set(admin()).set('Idempotency-Key', `deliver-${o.orderId}`)
      .send({ shipmentId: `S-${o.orderId.slice(-6)}` });
    expect(delivered.status, JSON.stringify(delivered.body)).to.equal(200);
    // Returns are received where a node has the 'returns' capability: give the Paris DC one.
    const node = await request(t.app).patch('/network/nodes/dc-paris').set(admin()).set('Idempotency-Key', 'dc-paris-returns')
      .send({ capabilities: ['ship', 'shipToStore', 'returns'] });
    expect(node.status, JSON.stringify(node.body)).to.be.oneOf([200, 201]);
    await settle(t);
    const page = await open(o);
    await page.waitForSelector('#return-form:not([hidden])');
    await page.getByLabel('Why are you returning it?').selectOption('wrong_size');
    await page.getByRole('button', { name: 'Start a return' }).click();
    await page.locator('#status-message, [role=alert]').filter({ hasText: /return/i }).first().waitFor();
    const said = (await page.locator('#status-message, [role=alert]').allTextContents()).join(' ');
    expect(said, said).to.contain('Your return has been registered.');
    await settle(t);
    const tracked = await request(t.app).get(`/track/${o.orderId}`).query({ token: o.trackingToken });
    expect(tracked.status).to.equal(200);
    expect(tracked.body.returns, JSON.stringify(tracked.body)).to.have.length(1);
    await screenshot(page, 'tracking-return-started');
    await page.context().close();
  });

  it('an unknown link shows the not-found message, whatever the order', async () => {
    const page = await open({ orderId: 'ord-nope', trackingToken: 'trk_forged' });
    expect(await page.getAttribute('body', 'data-state')).to.equal('error');
    expect(await page.getByRole('alert').textContent()).to.equal('We could not find this order. Check the link in your e-mail.');
    await page.context().close();
  });
});
