// KPI dashboard: GET /kpis with the analyst's key, drawn with chart.js (served by the OMS itself).
(() => {
  'use strict';
  const $ = (id) => document.getElementById(id);
  const KEY_STORE = 'oms.dashboard.apiKey';
  const charts = {};
  window.omsCharts = charts;
  const COLORS = ['#0b5cad', '#c2410c', '#1e6b34', '#7e22ce', '#a4161a', '#0f766e', '#854d0e'];
  const day = (ms) => new Date(ms).toISOString().slice(0, 10);

  const params = new URLSearchParams(location.search);
  const today = Date.now();
  $('to').value = params.get('to') || day(today);
  $('from').value = params.get('from') || day(today - 29 * 86_400_000);
  $('groupBy').value = params.get('groupBy') || 'day';
  $('channel').value = params.get('channel') || '';
  $('apiKey').value = sessionStorage.getItem(KEY_STORE) || '';

  const say = (text) => {
    $('error').hidden = true;
    $('status').textContent = text;
  };
  const fail = (text) => {
    $('status').textContent = '';
    $('error').textContent = text;
    $('error').hidden = false;
  };

  const query = () => {
    const q = new URLSearchParams({ from: $('from').value, to: $('to').value, groupBy: $('groupBy').value });
    if ($('channel').value) q.set('channel', $('channel').value);
    return q;
  };
  const headers = () => {
    const key = $('apiKey').value.trim();
    sessionStorage.setItem(KEY_STORE, key);
    return key ? { Authorization: `Bearer ${key}` } : {};
  };
  const problem = async (res) => {
    try {
      const body = await res.json();
      return `${body.title || res.status}: ${body.detail || ''}`;
    } catch {
      return `HTTP ${res.status}`;
    }
  };

  const draw = (id, type, labels, datasets, yTitle) => {
    if (charts[id]) charts[id].destroy();
    charts[id] = new window.Chart($(`chart-${id}`), {
      type,
      data: { labels, datasets: datasets.map((d, i) => ({ backgroundColor: COLORS[i % COLORS.length], borderColor: COLORS[i % COLORS.length], ...d })) },
      options: {
        animation: false, responsive: true, maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        scales: { y: { beginAtZero: true, title: { display: Boolean(yTitle), text: yTitle || '' } } },
        plugins: { legend: { position: 'bottom' } },
      },
    });
  };

  const fmt = (v, suffix = '') => (v === null || v === undefined ? '—' : `${v}${suffix}`);
  const moneyText = (map) => Object.entries(map).map(([c, a]) => new Intl.NumberFormat('en-GB', { style: 'currency', currency: c }).format(Number(a))).join(' + ') || '0';

  const renderTotals = (total) => {
    const tiles = [
      ['Orders', total.orders], ['Units', total.units], ['Revenue', moneyText(total.revenue)], ['Promise kept', fmt(total.promiseKeptPct, ' %')],
      ['Fill rate', fmt(total.fillRatePct, ' %')], ['Split shipments', fmt(total.splitShipmentPct, ' %')], ['Cancellation rate', fmt(total.cancellationRatePct, ' %')],
      ['Return rate', fmt(total.returnRatePct, ' %')], ['Store rejection rate', fmt(total.storeRejectionRatePct, ' %')], ['Avg time to ship', fmt(total.avgTimeToShipHours, ' h')],
      ['Cost to serve / order', moneyText(total.costToServePerOrder)], ['Backordered orders', total.backorderedOrders],
    ];
    $('totals').replaceChildren(...tiles.map(([label, value]) => {
      const div = document.createElement('div');
      const dt = document.createElement('dt');
      const dd = document.createElement('dd');
      dt.textContent = label;
      dd.textContent = String(value);
      div.append(dt, dd);
      return div;
    }));
  };

  const COLUMNS = [
    ['orders', 'Orders'], ['units', 'Units'], ['promiseKeptPct', 'Promise kept %'], ['avgPromisedLeadHours', 'Promised lead h'], ['avgActualLeadHours', 'Actual lead h'],
    ['fillRatePct', 'Fill %'], ['splitShipmentPct', 'Split %'], ['cancellationRatePct', 'Cancel %'], ['returnRatePct', 'Return %'],
    ['storeRejectionRatePct', 'Rejection %'], ['avgTimeToShipHours', 'Time to ship h'], ['backorderedOrders', 'Backorders'],
  ];
  const renderTable = (groupBy, rows, total) => {
    const head = document.createElement('tr');
    for (const label of [groupBy, 'Revenue', ...COLUMNS.map(([, l]) => l)]) {
      const th = document.createElement('th');
      th.scope = 'col';
      th.textContent = label;
      head.append(th);
    }
    $('table').tHead.replaceChildren(head);
    $('table').tBodies[0].replaceChildren(...[...rows, total].map((r) => {
      const tr = document.createElement('tr');
      const cells = [r.key, moneyText(r.revenue), ...COLUMNS.map(([k]) => fmt(r[k]))];
      cells.forEach((c, i) => {
        const td = document.createElement(i === 0 ? 'th' : 'td');
        if (i === 0) td.scope = 'row';
        td.textContent = String(c);
        tr.append(td);
      });
      return tr;
    }));
  };

  const render = (report) => {
    const labels = report.rows.map((r) => r.key);
    const currencies = [...new Set(report.rows.flatMap((r) => Object.keys(r.revenue)))].sort();
    draw('orders', 'bar', labels, [
      { label: 'Orders', data: report.rows.map((r) => r.orders) },
      { label: 'Units', data: report.rows.map((r) => r.units), type: 'line' },
    ]);
    draw('revenue', 'bar', labels, currencies.map((c) => ({ label: `Revenue ${c}`, data: report.rows.map((r) => Number(r.revenue[c] || 0)) })), 'amount');
    draw('rates', 'line', labels, [
      ['promiseKeptPct', 'Promise kept'], ['fillRatePct', 'Fill rate'], ['splitShipmentPct', 'Split shipments'],
      ['cancellationRatePct', 'Cancellations'], ['returnRatePct', 'Returns'], ['storeRejectionRatePct', 'Store rejections'],
    ].map(([k, label]) => ({ label, data: report.rows.map((r) => r[k]), spanGaps: true })), '%');
    draw('lead', 'bar', labels, [
      { label: 'Promised lead time', data: report.rows.map((r) => r.avgPromisedLeadHours) },
      { label: 'Actual lead time', data: report.rows.map((r) => r.avgActualLeadHours) },
      { label: 'Time to ship', data: report.rows.map((r) => r.avgTimeToShipHours) },
    ], 'hours');
    renderTotals(report.total);
    renderTable(report.groupBy, report.rows, report.total);
  };

  const load = async () => {
    $('main').setAttribute('aria-busy', 'true');
    say('Loading…');
    try {
      const res = await fetch(`/kpis?${query()}`, { headers: { Accept: 'application/json', ...headers() } });
      if (!res.ok) return fail(`The KPIs could not be loaded — ${await problem(res)}`);
      const report = await res.json();
      render(report);
      say(`${report.total.orders} orders placed ${report.from} … ${report.to}, grouped by ${report.groupBy}.`);
      document.body.dataset.state = 'loaded';
    } catch (error) {
      fail(`The KPIs could not be loaded — ${error && error.message ? error.message : error}`);
    } finally {
      $('main').setAttribute('aria-busy', 'false');
    }
  };

  const exportCsv = async () => {
    const res = await fetch(`/kpis.csv?${query()}`, { headers: headers() });
    if (!res.ok) return fail(`The CSV export failed — ${await problem(res)}`);
    const blob = await res.blob();
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = `kpis-${$('groupBy').value}-${$('from').value}-${$('to').value}.csv`;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    say('CSV exported.');
  };

  $('filters').addEventListener('submit', (e) => {
    e.preventDefault();
    void load();
  });
  $('csv').addEventListener('click', () => void exportCsv());
  void load();
})();
