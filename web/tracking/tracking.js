// Tracking page: reads /track/:id?token=… and offers the changes the order still allows.
// Everything is rendered with textContent (never innerHTML), so order data cannot inject markup.
(() => {
  'use strict';
  const I18N = window.TRACKING_I18N;
  const orderId = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() || '');
  const token = new URLSearchParams(location.search).get('token') || '';
  const $ = (id) => document.getElementById(id);
  let lang = (navigator.language || 'en').slice(0, 2) === 'fr' ? 'fr' : 'en';
  let view = null;
  let returnsAvailable = false;

  const t = (key, vars = {}) => {
    const path = key.split('.');
    let s = path.reduce((o, k) => (o && o[k] !== undefined ? o[k] : undefined), I18N[lang]);
    if (s === undefined) s = path.reduce((o, k) => (o && o[k] !== undefined ? o[k] : undefined), I18N.en) ?? key;
    return String(s).replace(/\{(\w+)\}/g, (_, name) => (vars[name] ?? ''));
  };
  const locale = () => (lang === 'fr' ? 'fr-FR' : 'en-GB');
  const money = (amount, currency) => new Intl.NumberFormat(locale(), { style: 'currency', currency }).format(Number(amount));
  const dateTime = (iso) => new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));
  const date = (iso) => new Intl.DateTimeFormat(locale(), { dateStyle: 'long', timeZone: /^\d{4}-\d{2}-\d{2}$/.test(iso) ? 'UTC' : undefined }).format(new Date(iso));
  const promiseText = (p) => (p ? t('between', { from: date(p.earliest), to: date(p.latest) }) : '—');
  const el = (tag, text, cls) => {
    const e = document.createElement(tag);
    if (text !== undefined) e.textContent = text;
    if (cls) e.className = cls;
    return e;
  };
  const api = (path) => `${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`;

  const say = (text) => {
    $('error-message').hidden = true;
    $('status-message').textContent = text;
  };
  const fail = (text) => {
    $('status-message').textContent = '';
    const box = $('error-message');
    box.textContent = text;
    box.hidden = false;
  };

  const translateStatic = () => {
    document.documentElement.lang = lang;
    for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
    document.title = `${t('brand')} — ${orderId}`;
  };

  const entryText = (e) => {
    const vars = {
      promise: promiseText(e.promise), reason: e.reason || '', carrier: e.carrier || '', trackingNumber: e.trackingNumber || '',
      node: e.node || '', deadline: e.deadline ? dateTime(e.deadline) : '', amount: e.amount ? money(e.amount.amount, e.amount.currency) : '',
    };
    let text = t(`entries.${e.type}`, vars).replace(/ — $/, '');
    if (e.amount && e.type !== 'refund_issued' && e.direction) text += ` (${t(e.direction, { amount: vars.amount })})`;
    return text;
  };

  const renderSummary = (v) => {
    $('title').textContent = t('title', { id: v.orderId });
    $('order-id').textContent = v.orderId;
    $('order-status').textContent = t(`statuses.${v.status}`);
    $('placed-at').textContent = dateTime(v.placedAt);
    $('order-total').textContent = money(v.total.amount, v.total.currency);
    $('promise-row').hidden = !v.promise || v.status === 'cancelled';
    $('promise').textContent = promiseText(v.promise);
    $('pickup-row').hidden = !v.pickup && !v.pickupNode;
    $('pickup').textContent = v.pickup ? t('pickupReady', { node: v.pickup.node, deadline: dateTime(v.pickup.deadline) }) : t('pickupAt', { node: v.pickupNode || '' });
    const lines = $('lines');
    lines.replaceChildren(...v.lines.map((l) => {
      const li = el('li', t('line', { qty: l.quantity, sku: l.sku, price: money(l.unitPrice.amount, l.unitPrice.currency) }));
      if (l.cancelled > 0) li.append(' ', el('span', t('cancelledUnits', { qty: l.cancelled }), 'muted'));
      return li;
    }));
    $('summary').hidden = false;
  };

  const renderShipments = (v) => {
    $('shipments').replaceChildren(...v.shipments.map((s) => {
      const li = el('li');
      const dl = el('dl');
      const row = (label, value, cls) => {
        const div = el('div');
        div.append(el('dt', label), el('dd', value, cls));
        dl.append(div);
      };
      row(t('carrier'), s.carrier, 'carrier');
      row(t('trackingNumber'), s.trackingNumber, 'tracking-number');
      li.append(dl, el('p', t('shippedOn', { date: dateTime(s.shippedAt) })), el('p', s.deliveredAt ? t('deliveredOn', { date: dateTime(s.deliveredAt) }) : t('inTransit')));
      return li;
    }));
    $('shipments-section').hidden = v.shipments.length === 0;
  };

  const renderTimeline = (v) => {
    $('timeline').replaceChildren(...v.timeline.map((e) => {
      const li = el('li');
      const time = el('time', dateTime(e.at));
      time.dateTime = e.at;
      li.append(time, el('span', entryText(e)));
      li.dataset.type = e.type;
      return li;
    }));
    $('timeline-section').hidden = v.timeline.length === 0;
  };

  const renderActions = (v) => {
    $('cancel-form').hidden = !v.actions.cancel;
    $('address-form').hidden = !v.actions.changeAddress;
    const canReturn = v.actions.return && returnsAvailable;
    $('return-form').hidden = !canReturn;
    if (v.actions.changeAddress && v.destination) {
      const d = v.destination;
      $('addr-name').value = d.name || '';
      $('addr-line1').value = d.line1 || '';
      $('addr-city').value = d.city || '';
      $('addr-postal').value = d.postalCode || '';
      $('addr-country').value = d.country || '';
    }
    if (canReturn) {
      $('return-line').replaceChildren(...v.lines.filter((l) => l.quantity > l.cancelled).map((l) => {
        const o = el('option', `${l.sku} (${l.quantity - l.cancelled})`);
        o.value = l.lineId;
        o.dataset.sku = l.sku;
        return o;
      }));
      $('return-reason').replaceChildren(...Object.entries(I18N[lang].reasons).map(([value, label]) => {
        const o = el('option', label);
        o.value = value;
        return o;
      }));
    }
    $('actions').hidden = !(v.actions.cancel || v.actions.changeAddress || canReturn);
  };

  const render = (v) => {
    view = v;
    lang = v.language === 'fr' ? 'fr' : 'en';
    translateStatic();
    renderSummary(v);
    renderShipments(v);
    renderTimeline(v);
    renderActions(v);
    $('main').setAttribute('aria-busy', 'false');
    document.body.dataset.state = 'loaded';
  };

  const load = async () => {
    const res = await fetch(api(`/track/${encodeURIComponent(orderId)}`), { headers: { Accept: 'application/json' } });
    if (res.ok) return render(await res.json());
    $('main').setAttribute('aria-busy', 'false');
    document.body.dataset.state = 'error';
    // An unknown link and a missing order look the same on purpose.
    fail(res.status === 404 || res.status === 401 ? t('notFound') : t('loadFailed'));
  };

  /** Feature detection: the returns API may not be installed; its route is then absent from the OpenAPI document. */
  const detectReturns = async () => {
    try {
      const res = await fetch('/openapi.json');
      const doc = res.ok ? await res.json() : {};
      returnsAvailable = Boolean(doc.paths && doc.paths['/returns'] && doc.paths['/returns'].post);
    } catch {
      returnsAvailable = false;
    }
  };

  const problemDetail = async (res) => {
    try {
      const body = await res.json();
      return body.detail || body.title || String(res.status);
    } catch {
      return String(res.status);
    }
  };

  const submit = (formId, buttonId, request, done, refused) => {
    $(formId).addEventListener('submit', async (event) => {
      event.preventDefault();
      const button = $(buttonId);
      button.disabled = true;
      say(t('working'));
      try {
        const { path, body } = request();
        // Changes carry the token in a header: not every route takes a query (POST /returns), and it keeps the token out of URLs.
        const res = await fetch(path, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', Accept: 'application/json', 'Idempotency-Key': crypto.randomUUID(), 'X-Tracking-Token': token },
          body: JSON.stringify(body),
        });
        if (!res.ok) {
          const detail = await problemDetail(res);
          // Show the order as it is now (what changed meanwhile is often why it was refused).
          await load().catch(() => undefined);
          fail(t(refused, { detail }));
          return;
        }
        await load();
        say(t(done));
      } catch (error) {
        fail(t(refused, { detail: String(error && error.message ? error.message : error) }));
      } finally {
        button.disabled = false;
      }
    });
  };

  submit('cancel-form', 'cancel-button', () => ({
    path: `/orders/${encodeURIComponent(orderId)}/cancel`,
    body: { reason: $('cancel-reason').value.trim() || t('defaultReason') },
  }), 'cancelDone', 'cancelRefused');

  submit('address-form', 'address-button', () => {
    const before = (view && view.destination) || {};
    const destination = {
      // Coordinates are kept from the current address: the page has no geocoder (see docs).
      lat: before.lat, lng: before.lng, country: $('addr-country').value.trim().toUpperCase(),
      ...(before.region ? { region: before.region } : {}),
      name: $('addr-name').value.trim() || undefined, line1: $('addr-line1').value.trim(), city: $('addr-city').value.trim(), postalCode: $('addr-postal').value.trim(),
    };
    return { path: `/orders/${encodeURIComponent(orderId)}/changes`, body: { action: 'changeAddress', reason: t('defaultReason'), destination } };
  }, 'addressDone', 'addressRefused');

  submit('return-form', 'return-button', () => ({
    path: '/returns',
    body: {
      orderId, channel: 'web', method: 'carrier_label',
      // The returns API names a line by its SKU (POST /returns: lines[].sku).
      lines: [{ sku: $('return-line').selectedOptions[0].dataset.sku, quantity: Number($('return-quantity').value), reason: $('return-reason').value }],
    },
  }), 'returnDone', 'returnRefused');

  translateStatic();
  say(t('loading'));
  Promise.all([detectReturns(), load()])
    .then(() => {
      if (view) {
        renderActions(view);
        if ($('status-message').textContent === t('loading')) $('status-message').textContent = '';
      }
    })
    .catch(() => fail(t('loadFailed')));
})();
