import { expect } from 'chai';
import type { Browser } from 'playwright-core';
import { chromiumAvailable, launchChromium, screenshot } from '../../support/browser.js';
import { startOrdersOms, type OrdersOms } from '../../api/orders/support/orderFixtures.js';
import { seedHistory } from '../../api/kpis/support/kpiSeed.js';
import { listen } from './support/webServer.js';

type ChartInfo = { type: string; labels: string[]; datasets: { label: string; data: (number | null)[] }[]; painted: boolean };

/** The KPI dashboard in real headless Chromium, on a history placed, shipped, delivered and cancelled through the API. */
describe('KPI dashboard (headless Chromium)', function () {
  this.timeout(50_000);
  let t: OrdersOms;
  let browser: Browser;
  let server: Awaited<ReturnType<typeof listen>>;
  let auditorKey: string;

  before(async function () {
    if (!chromiumAvailable()) this.skip();
    t = await startOrdersOms({}, { env: { OMS_AUTH_TEST_DEFAULT_ROLE: '' } });
    await seedHistory(t, { Authorization: `Bearer ${t.adminKey}` });
    auditorKey = (await t.oms.security.apiKeys.create({ role: 'auditor', name: 'analyst', createdBy: 'test' })).key;
    server = await listen(t.app);
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    await server?.close();
    await t?.close();
  });

  it('renders its charts with data from the seeded history, filters by channel and exports CSV', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 1000 }, acceptDownloads: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${server.base}/dashboard?from=2026-03-01&to=2026-03-03`);
    // No key yet: the API refuses and the page says so.
    await page.getByRole('alert').waitFor({ state: 'visible' });
    expect(await page.getByRole('alert').textContent()).to.contain('could not be loaded');
    await page.getByLabel('API key (operator, auditor or admin)').fill(auditorKey);
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('body[data-state="loaded"]').waitFor({ state: 'attached' });

    // Page code runs in the browser: passed as text (the tests are compiled without DOM types).
    const charts = (await page.evaluate(`Object.fromEntries(Object.entries(window.omsCharts).map(([id, c]) => {
      const { width, height } = c.canvas;
      const pixels = c.canvas.getContext('2d').getImageData(0, 0, width, height).data;
      let painted = false;
      for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) { painted = true; break; }
      return [id, { type: c.config.type, labels: c.data.labels, datasets: c.data.datasets.map((d) => ({ label: d.label, data: d.data })), painted }];
    }))`)) as Record<string, ChartInfo>;
    expect(Object.keys(charts).sort()).to.deep.equal(['lead', 'orders', 'rates', 'revenue']);
    for (const c of Object.values(charts)) expect(c.painted).to.equal(true);
    expect(charts.orders!.labels).to.deep.equal(['2026-03-01', '2026-03-02', '2026-03-03']);
    const orders = charts.orders!.datasets.find((d) => d.label === 'Orders')!.data;
    expect(orders).to.deep.equal([0, 7, 0]);
    expect(charts.revenue!.datasets.map((d) => d.label)).to.deep.equal(['Revenue EUR']);
    expect(charts.revenue!.datasets[0]!.data[1]).to.be.greaterThan(0);
    const cancellations = charts.rates!.datasets.find((d) => d.label === 'Cancellations')!.data;
    expect(cancellations[1]).to.be.closeTo(28.57, 0.01); // 2 of 7
    expect(await page.locator('#totals').textContent()).to.contain('Orders7');
    await screenshot(page, 'dashboard-by-day');

    await page.getByLabel('Group by').selectOption('carrier');
    await page.getByLabel('Channel').selectOption('web');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.locator('#status').filter({ hasText: 'grouped by carrier' }).waitFor();
    const byCarrier = (await page.evaluate('({ labels: window.omsCharts.orders.data.labels, datasets: window.omsCharts.orders.data.datasets.map((d) => ({ data: d.data })) })')) as { labels: string[]; datasets: { data: number[] }[] };
    expect(byCarrier.labels).to.deep.equal(['colissimo', 'dhl', 'none']);
    expect(byCarrier.datasets[0]!.data).to.deep.equal([2, 1, 1]); // web: 2 colissimo, 1 dhl, 1 cancelled (never shipped)
    await screenshot(page, 'dashboard-web-by-carrier');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export CSV' }).click()]);
    expect(download.suggestedFilename()).to.equal('kpis-carrier-2026-03-01-2026-03-03.csv');
    const csv = await new Promise<string>((resolve, reject) => {
      void download.createReadStream().then((stream) => {
        let text = '';
        stream.on('data', (c: Buffer) => (text += c.toString('utf8')));
        stream.on('end', () => resolve(text));
        stream.on('error', reject);
      }, reject);
    });
    expect(csv.split('\r\n')[0]!.startsWith('carrier,orders,units')).to.equal(true);
    expect(csv).to.contain('\r\ncolissimo,2,');
    expect(errors).to.deep.equal([]);
    await context.close();
  });
});
