// Tally console: sign-in, routing and the pages. Every request carries the API key from this tab's
// session storage as a Bearer header; nothing else stores it. Pages are built with DOM calls and
// textContent only, so no data from the server is ever read as HTML.
'use strict';

(() => {
  const F = TallyFormat;
  const KEY_STORAGE = 'tally.apiKey';
  const USD = 'USD';

  // ---------- small DOM helpers ----------

  /** h('td', {class: 'num'}, 'text', childNode): an element with attributes and children. */
  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v === undefined || v === null || v === false) {
        continue;
      }
      if (k.startsWith('on')) {
        node.addEventListener(k.slice(2), v);
      } else if (k === 'dataset') {
        Object.assign(node.dataset, v);
      } else {
        node.setAttribute(k, v === true ? '' : String(v));
      }
    }
    for (const child of children.flat()) {
      if (child !== undefined && child !== null && child !== false) {
        node.append(child instanceof Node ? child : String(child));
      }
    }
    return node;
  }

  const $ = (id) => document.getElementById(id);

  function toast(message) {
    const t = $('toast');
    t.textContent = message;
    t.classList.add('show');
    clearTimeout(toast.timer);
    toast.timer = setTimeout(() => t.classList.remove('show'), 6000);
  }

  // ---------- the key and the API ----------

  const session = {
    get key() {
      return sessionStorage.getItem(KEY_STORAGE);
    },
    set key(value) {
      if (value) {
        sessionStorage.setItem(KEY_STORAGE, value);
      } else {
        sessionStorage.removeItem(KEY_STORAGE);
      }
    },
  };

  /** A failed call: the HTTP status (0 when the server could not be reached) and its message. */
  class ApiError extends Error {
    constructor(status, serverMessage) {
      super(serverMessage || `HTTP ${status}`);
      this.status = status;
      this.serverMessage = serverMessage || '';
    }
  }

  async function call(path, key) {
    let response;
    try {
      response = await fetch(path, {
        headers: { Authorization: 'Bearer ' + key, Accept: 'application/json' },
        cache: 'no-store',
        credentials: 'omit',
        referrerPolicy: 'no-referrer',
      });
    } catch (e) {
      throw new ApiError(0, '');
    }
    if (!response.ok) {
      let message = '';
      try {
        message = F.parseJson(await response.text()).message || '';
      } catch (e) {
        // not a Status body
      }
      throw new ApiError(response.status, message);
    }
    return response;
  }

  async function getJson(path, key = session.key) {
    return F.parseJson(await (await call(path, key)).text());
  }

  /** What a failed call means to a person, in a sentence or two. */
  function explain(error) {
    if (!(error instanceof ApiError)) {
      return 'Something went wrong in the console: ' + error.message;
    }
    const server = error.serverMessage ? ` (Tally said: “${error.serverMessage}”)` : '';
    switch (error.status) {
      case 0:
        return 'Tally could not be reached. Check your network connection and that the server is running, then try again.';
      case 401:
        return 'This key is not recognised. It may be mistyped, incomplete, revoked or expired. Paste the whole key (it starts with TALLY1_) or ask an administrator for a new one.';
      case 403:
        return "This key is valid, but its service account is not allowed to see billing. Ask an organization administrator to grant it the Billing Coordinator or Cluster Admin role on the whole organization (a role on a single cluster or folder is not enough)." + server;
      case 404:
        return 'Not found: nothing with that name exists in your organization.' + server;
      case 429:
        return 'Tally is receiving too many requests. Wait a moment and try again.';
      case 503:
        return 'Tally is temporarily unavailable. Try again shortly.';
      default:
        return `Tally could not answer (HTTP ${error.status}).${server}`;
    }
  }

  // ---------- sign in and out ----------

  async function signIn(event) {
    event.preventDefault();
    const input = $('api-key');
    const error = $('sign-in-error');
    const button = $('sign-in-button');
    // A key pasted from a curl line or a header still signs in.
    const key = input.value.trim().replace(/^(Authorization:\s*)?Bearer\s+/i, '');
    error.hidden = true;
    if (key.startsWith('TALLYOP1_')) {
      showSignInError("This is an operator key, which runs Tally's operations but cannot read invoices. Sign in with an API key of your organization's service account (it starts with TALLY1_).");
      input.focus();
      return;
    }
    if (!key) {
      showSignInError('Paste an API key to sign in.');
      input.focus();
      return;
    }
    button.disabled = true;
    button.textContent = 'Signing in…';
    try {
      // A cheap call that needs exactly the permission every page needs.
      await call('/api/v1/invoices?status=DRAFT', key);
      session.key = key;
      input.value = '';
      showSignedIn();
      if (!location.hash || location.hash === '#/' || location.hash === '#') {
        location.hash = '#/invoices';
      } else {
        route();
      }
    } catch (e) {
      showSignInError(explain(e));
      input.focus();
      input.select();
    } finally {
      button.disabled = false;
      button.textContent = 'Sign in';
    }
  }

  function showSignInError(message) {
    const error = $('sign-in-error');
    error.textContent = message;
    error.hidden = false;
  }

  function signOut(message) {
    session.key = null;
    $('view').replaceChildren();
    $('view').hidden = true;
    $('nav').hidden = true;
    $('who').hidden = true;
    $('org-name').textContent = '';
    $('sign-in').hidden = false;
    $('sign-in-error').hidden = true;
    if (message) {
      showSignInError(message);
    }
    document.title = 'Sign in · Tally billing console';
    $('api-key').focus();
  }

  function showSignedIn() {
    $('sign-in').hidden = true;
    $('view').hidden = false;
    $('nav').hidden = false;
    $('who').hidden = false;
    loadOrganization();
  }

  async function loadOrganization() {
    try {
      const org = await getJson('/tally/v1/organization');
      $('org-name').textContent = org.name || org.id || '';
      $('org-name').title = org.id ? `Organization ${org.id}` : '';
    } catch (e) {
      $('org-name').textContent = '';
    }
  }

  // ---------- routing ----------

  let renderGeneration = 0;

  function parseHash() {
    const hash = location.hash.replace(/^#\/?/, '');
    const [path, query = ''] = hash.split('?');
    const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
    return { parts, params: new URLSearchParams(query) };
  }

  async function route() {
    if (!session.key) {
      signOut();
      return;
    }
    const { parts, params } = parseHash();
    const section = parts[0] || 'invoices';
    for (const link of document.querySelectorAll('#nav a')) {
      if (link.dataset.section === section) {
        link.setAttribute('aria-current', 'page');
      } else {
        link.removeAttribute('aria-current');
      }
    }
    const generation = ++renderGeneration;
    const view = $('view');
    view.setAttribute('aria-busy', 'true');
    let content;
    try {
      if (section === 'invoices' && parts[1]) {
        content = await invoicePage(parts[1]);
      } else if (section === 'invoices') {
        content = await invoicesPage(params);
      } else if (section === 'spend') {
        content = await spendPage();
      } else if (section === 'credits') {
        content = await creditsPage();
      } else {
        content = page('Not found', h('p', {}, 'This page does not exist. ', h('a', { href: '#/invoices' }, 'See the invoices.')));
      }
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut('Your key is no longer accepted (it may have been revoked or have expired). Sign in again.');
        return;
      }
      content = page('Something went wrong', h('p', { class: 'alert', role: 'alert' }, explain(e)));
    }
    if (generation !== renderGeneration) {
      return; // a later navigation replaced this one
    }
    view.replaceChildren(content);
    view.removeAttribute('aria-busy');
    const heading = view.querySelector('h1');
    document.title = (heading ? heading.textContent + ' · ' : '') + 'Tally billing console';
    if (heading) {
      heading.setAttribute('tabindex', '-1');
      heading.focus({ preventScroll: true });
    }
  }

  function page(title, ...children) {
    return h('section', { class: 'page' }, h('h1', {}, title), ...children);
  }

  // ---------- shared pieces ----------

  function statusBadge(status) {
    const draft = status === 'DRAFT';
    return h(
      'span',
      { class: draft ? 'badge badge-draft' : 'badge badge-final', title: draft ? 'Open month: usage so far, will change until the month closes' : 'Closed month: final' },
      status,
    );
  }

  function amountsOf(list, keep) {
    return (list || []).filter((a) => keep(a.currency));
  }

  function creditsUsed(invoice) {
    const credits = amountsOf(invoice.totals, (c) => c === F.CREDITS);
    return credits.length ? credits[0].amount : '0.00';
  }

  function moneyList(amounts) {
    if (!amounts.length) {
      return F.money('0.00', USD);
    }
    return amounts.map((a) => F.money(a.amount, a.currency)).join(' + ');
  }

  function downloadButtons(invoice) {
    const period = F.month(invoice.period_start);
    return h(
      'span',
      { class: 'downloads' },
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          'aria-label': `Download the ${period} invoice as PDF`,
          dataset: { download: 'pdf', invoice: invoice.invoice_id },
          onclick: (e) => download(invoice.invoice_id, 'pdf', e.currentTarget),
        },
        'PDF',
      ),
      h(
        'button',
        {
          type: 'button',
          class: 'secondary small',
          'aria-label': `Download the ${period} invoice as CSV`,
          dataset: { download: 'csv', invoice: invoice.invoice_id },
          onclick: (e) => download(invoice.invoice_id, 'csv', e.currentTarget),
        },
        'CSV',
      ),
    );
  }

  /** Fetches a download with the key (a plain link cannot carry it) and saves it from memory. */
  async function download(invoiceId, kind, button) {
    const label = button.textContent;
    button.disabled = true;
    button.textContent = '…';
    try {
      const response = await call(`/tally/v1/invoices/${encodeURIComponent(invoiceId)}/${kind}`, session.key);
      const blob = await response.blob();
      const disposition = response.headers.get('Content-Disposition') || '';
      const named = /filename="([^"]+)"/.exec(disposition);
      const filename = named ? named[1] : `${invoiceId}.${kind}`;
      const url = URL.createObjectURL(blob);
      const link = h('a', { href: url, download: filename, hidden: true });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      toast(`Saved ${filename}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 401) {
        signOut('Your key is no longer accepted (it may have been revoked or have expired). Sign in again.');
        return;
      }
      toast(`Could not download the ${kind.toUpperCase()}: ${explain(e)}`);
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }

  // ---------- invoices ----------

  const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

  function monthStart(text) {
    return `${text}-01T00:00:00Z`;
  }

  function nextMonthStart(text) {
    const [, y, m] = MONTH.exec(text);
    const next = new Date(Date.UTC(Number(y), Number(m), 1));
    return next.toISOString().replace('.000Z', 'Z');
  }

  async function invoicesPage(params) {
    const from = (params.get('from') || '').trim();
    const to = (params.get('to') || '').trim();
    const problems = [];
    if (from && !MONTH.test(from)) {
      problems.push('“From” must be a month written YYYY-MM, such as 2026-01.');
    }
    if (to && !MONTH.test(to)) {
      problems.push('“To” must be a month written YYYY-MM, such as 2026-06.');
    }
    if (!problems.length && from && to && from > to) {
      problems.push('“From” must not be after “To”.');
    }
    const form = h(
      'form',
      {
        class: 'filters',
        id: 'range-form',
        onsubmit: (e) => {
          e.preventDefault();
          const q = new URLSearchParams();
          const f = $('range-from').value.trim();
          const t = $('range-to').value.trim();
          if (f) q.set('from', f);
          if (t) q.set('to', t);
          const qs = q.toString();
          location.hash = '#/invoices' + (qs ? '?' + qs : '');
        },
      },
      h('div', { class: 'field' },
        h('label', { for: 'range-from' }, 'From month'),
        h('input', { id: 'range-from', name: 'from', inputmode: 'numeric', placeholder: 'YYYY-MM', pattern: '\\d{4}-\\d{2}', value: from, size: 8 })),
      h('div', { class: 'field' },
        h('label', { for: 'range-to' }, 'To month (included)'),
        h('input', { id: 'range-to', name: 'to', inputmode: 'numeric', placeholder: 'YYYY-MM', pattern: '\\d{4}-\\d{2}', value: to, size: 8 })),
      h('button', { type: 'submit', id: 'range-apply' }, 'Show'),
      (from || to) && h('a', { href: '#/invoices', class: 'button-link', id: 'range-clear' }, 'All months'),
    );
    if (problems.length) {
      return page('Invoices', form, h('p', { class: 'alert', role: 'alert', id: 'range-error' }, problems.join(' ')));
    }
    const query = new URLSearchParams();
    if (from) query.set('start_time', monthStart(from));
    if (to) query.set('end_time', nextMonthStart(to));
    const qs = query.toString();
    const list = await getJson('/api/v1/invoices' + (qs ? '?' + qs : ''));
    const invoices = [...list.invoices].sort((a, b) => (a.period_start < b.period_start ? 1 : -1));
    const drafts = invoices.filter((i) => i.status === 'DRAFT').length;
    const summary = h(
      'p',
      { class: 'muted', id: 'invoice-count' },
      `${F.count(invoices.length)} invoice${invoices.length === 1 ? '' : 's'}`,
      drafts ? `, ${F.count(drafts)} still open (DRAFT: usage so far)` : '',
      from || to ? ` from ${from ? F.month(monthStart(from)) : 'the first month'} to ${to ? F.month(monthStart(to)) : 'this month'}` : '',
      ', newest first.',
    );
    if (!invoices.length) {
      return page('Invoices', form, summary, h('p', { class: 'empty' }, 'No invoice lies in this range.'));
    }
    const rows = invoices.map((invoice) =>
      h(
        'tr',
        { class: invoice.status === 'DRAFT' ? 'draft' : '', dataset: { invoice: invoice.invoice_id } },
        h('th', { scope: 'row', 'data-label': 'Period' },
          h('a', { href: `#/invoices/${encodeURIComponent(invoice.invoice_id)}`, class: 'period-link' }, F.month(invoice.period_start))),
        h('td', { 'data-label': 'Status' }, statusBadge(invoice.status)),
        h('td', { class: 'num total', 'data-label': 'Total' }, moneyList(amountsOf(invoice.totals, (c) => c !== F.CREDITS))),
        h('td', { class: 'num credits', 'data-label': 'Credits used' }, F.money(creditsUsed(invoice), F.CREDITS)),
        h('td', { class: 'actions', 'data-label': 'Download' }, downloadButtons(invoice)),
      ),
    );
    const table = h(
      'table',
      { class: 'data responsive', id: 'invoice-table' },
      h('caption', { class: 'visually-hidden' }, 'Invoices, newest first'),
      h('thead', {}, h('tr', {},
        h('th', { scope: 'col' }, 'Period'),
        h('th', { scope: 'col' }, 'Status'),
        h('th', { scope: 'col', class: 'num' }, 'Total'),
        h('th', { scope: 'col', class: 'num' }, 'Credits used'),
        h('th', { scope: 'col' }, 'Download'))),
      h('tbody', {}, rows),
    );
    return page('Invoices', form, summary, h('div', { class: 'table-wrap' }, table));
  }

  // ---------- one invoice ----------

  function clusterSection(item) {
    const c = item.cluster;
    const regions = (c.regions || []).map((r) => r.name).join(', ') || '—';
    const labels = Object.entries(c.labels || {});
    const lineRows = (item.line_items || []).map((line) =>
      h('tr', {},
        h('td', { 'data-label': 'Description' }, line.description),
        h('td', { class: 'num', 'data-label': 'Quantity' }, F.quantity(line.quantity, line.quantity_unit)),
        h('td', { class: 'num', 'data-label': 'Unit price' }, F.unitPrice(line.unit_cost, line.total.currency)),
        h('td', { class: 'num', 'data-label': 'Total' }, F.money(line.total.amount, line.total.currency))),
    );
    return h(
      'section',
      { class: 'card cluster', dataset: { cluster: c.id } },
      h('h3', {}, c.name),
      h('dl', { class: 'facts' },
        h('div', {}, h('dt', {}, 'Plan'), h('dd', {}, c.plan)),
        h('div', {}, h('dt', {}, 'Cloud'), h('dd', {}, c.cloud_provider)),
        h('div', {}, h('dt', {}, c.regions && c.regions.length > 1 ? 'Regions' : 'Region'), h('dd', {}, regions)),
        h('div', {}, h('dt', {}, 'Labels'), h('dd', {},
          labels.length ? labels.map(([k, v]) => h('span', { class: 'chip' }, `${k}=${v}`)) : '—')),
        h('div', {}, h('dt', {}, 'Cluster id'), h('dd', { class: 'mono' }, c.id))),
      h('div', { class: 'table-wrap' },
        h('table', { class: 'data responsive lines' },
          h('caption', { class: 'visually-hidden' }, `Line items of ${c.name}`),
          h('thead', {}, h('tr', {},
            h('th', { scope: 'col' }, 'Description'),
            h('th', { scope: 'col', class: 'num' }, 'Quantity'),
            h('th', { scope: 'col', class: 'num' }, 'Unit price'),
            h('th', { scope: 'col', class: 'num' }, 'Total'))),
          h('tbody', {}, lineRows),
          h('tfoot', {}, h('tr', { class: 'subtotal' },
            h('th', { scope: 'row', colspan: 3 }, `Subtotal, ${c.name}`),
            h('td', { class: 'num', 'data-label': 'Subtotal' }, moneyList(item.totals || []))))),
      ),
    );
  }

  async function invoicePage(id) {
    let invoice;
    try {
      invoice = await getJson(`/api/v1/invoices/${encodeURIComponent(id)}`);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        return page('Invoice not found',
          h('p', { class: 'alert', role: 'alert', id: 'not-found' }, `Your organization has no invoice “${id}”.`),
          h('p', {}, h('a', { href: '#/invoices' }, '← All invoices')));
      }
      throw e;
    }
    const usd = (list) => amountsOf(list, (c) => c !== F.CREDITS);
    const items = invoice.invoice_items || [];
    // Usage subtotal per currency: the sum of the clusters' totals, in whole cents.
    const usage = {};
    for (const item of items) {
      for (const t of item.totals || []) {
        usage[t.currency] = (usage[t.currency] || 0) + F.cents(t.amount);
      }
    }
    const usageAmounts = Object.entries(usage).map(([currency, c]) => ({ currency, amount: F.fromCents(c) }));
    const adjustments = invoice.adjustments || [];
    const draft = invoice.status === 'DRAFT';
    const balance = (invoice.balances || []).find((b) => b.currency === F.CREDITS);

    const header = h('div', { class: 'invoice-head' },
      h('p', { class: 'muted' },
        statusBadge(invoice.status), ' ',
        h('span', { class: 'mono', id: 'invoice-id' }, invoice.invoice_id), ' · ',
        `${F.date(invoice.period_start)} – ${F.lastDay(invoice.period_end)} (UTC)`),
      downloadButtons(invoice));
    const notice = draft
      ? h('p', { class: 'notice' }, 'This month is still open: the amounts are the usage so far and will change until the month closes.')
      : null;
    const summary = h('div', { class: 'stats' },
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, draft ? 'Total so far' : 'Total'),
        h('span', { class: 'stat-value', id: 'invoice-total' }, moneyList(usd(invoice.totals)))),
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Credits used'),
        h('span', { class: 'stat-value', id: 'invoice-credits-used' }, F.money(creditsUsed(invoice), F.CREDITS))),
      h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Credits left'),
        h('span', { class: 'stat-value', id: 'invoice-credits-left' }, F.money(balance ? balance.amount : '0.00', F.CREDITS))));

    const adjustmentRows = adjustments.map((a) =>
      h('tr', {}, h('td', { 'data-label': 'Adjustment' }, a.name),
        h('td', { class: 'num', 'data-label': 'Amount' }, F.money(a.amount.amount, a.amount.currency))));
    const adjustmentsTable = adjustments.length
      ? h('table', { class: 'data', id: 'adjustments' },
          h('caption', { class: 'visually-hidden' }, 'Adjustments'),
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Adjustment'), h('th', { scope: 'col', class: 'num' }, 'Amount'))),
          h('tbody', {}, adjustmentRows))
      : h('p', { class: 'muted', id: 'adjustments' }, 'No adjustments this month.');

    const totalsTable = h('table', { class: 'data totals', id: 'totals' },
      h('caption', { class: 'visually-hidden' }, 'Totals'),
      h('tbody', {},
        h('tr', {}, h('th', { scope: 'row' }, 'Usage, all clusters'), h('td', { class: 'num' }, moneyList(usageAmounts))),
        ...adjustments.map((a) => h('tr', {}, h('th', { scope: 'row' }, a.name), h('td', { class: 'num' }, F.money(a.amount.amount, a.amount.currency)))),
        ...(invoice.totals || []).map((t) => h('tr', { class: 'grand' },
          h('th', { scope: 'row' }, t.currency === F.CREDITS ? 'Credits used' : `Total due (${t.currency})`),
          h('td', { class: 'num', dataset: { currency: t.currency } }, F.money(t.amount, t.currency)))),
        h('tr', {}, h('th', { scope: 'row' }, 'Credits left after this month'),
          h('td', { class: 'num' }, F.money(balance ? balance.amount : '0.00', F.CREDITS)))));

    return page(`Invoice ${F.month(invoice.period_start)}`,
      h('p', {}, h('a', { href: '#/invoices' }, '← All invoices')),
      header, notice, summary,
      h('h2', {}, 'Clusters'),
      items.length ? items.map(clusterSection) : h('p', { class: 'muted' }, 'No cluster had usage this month.'),
      h('h2', {}, 'Adjustments'), adjustmentsTable,
      h('h2', {}, 'Totals'), totalsTable);
  }

  // ---------- spend over time ----------

  async function serverNow() {
    try {
      const response = await fetch('/console/server-time', { cache: 'no-store' });
      return new Date((await response.json()).now);
    } catch (e) {
      return new Date();
    }
  }

  /** Spend so far / elapsed days × days in the month; the whole amount once the month is over. */
  function projection(invoice, so, now) {
    const start = new Date(invoice.period_start).getTime();
    const end = new Date(invoice.period_end).getTime();
    const elapsed = Math.min(end, Math.max(start, now.getTime())) - start;
    if (elapsed <= 0) {
      return { value: so, elapsedDays: 0, days: (end - start) / 86_400_000 };
    }
    return { value: (so * (end - start)) / elapsed, elapsedDays: elapsed / 86_400_000, days: (end - start) / 86_400_000 };
  }

  async function spendPage() {
    const [list, now] = await Promise.all([getJson('/api/v1/invoices'), serverNow()]);
    const invoices = [...list.invoices].sort((a, b) => (a.period_start < b.period_start ? -1 : 1));
    if (!invoices.length) {
      return page('Spend over time', h('p', { class: 'empty' }, 'No invoice yet.'));
    }
    const series = [];
    const seriesIndex = new Map();
    for (const invoice of invoices) {
      for (const item of invoice.invoice_items || []) {
        const key = item.cluster.id;
        if (!seriesIndex.has(key)) {
          seriesIndex.set(key, series.length);
          series.push(item.cluster.name);
        }
      }
    }
    const running = invoices.filter((i) => i.status === 'DRAFT' && new Date(i.period_end) > now);
    const bars = invoices.map((invoice) => {
      const segments = series.map(() => 0);
      for (const item of invoice.invoice_items || []) {
        const usd = (item.totals || []).find((t) => t.currency === USD);
        segments[seriesIndex.get(item.cluster.id)] += usd ? F.cents(usd.amount) / 100 : 0;
      }
      const so = segments.reduce((a, v) => a + v, 0);
      const partial = running.includes(invoice);
      return {
        invoice,
        label: F.shortMonth(invoice.period_start),
        title: F.month(invoice.period_start) + (partial ? ' (so far)' : ''),
        segments,
        total: so,
        partial,
        projection: partial ? projection(invoice, so, now) : null,
      };
    });
    const chartBars = bars.map((b) => ({ ...b, projection: b.projection ? b.projection.value : 0 }));
    const fmt = (v) => F.money(v.toFixed(2), USD);
    const axisFmt = (v) => F.money(v.toFixed(0), USD).replace(/\.00$/, '');
    const chart = TallyChart.stackedBars(chartBars, series, axisFmt, {
      title: 'Monthly usage charges by cluster, in USD',
      text: bars.map((b) => `${b.title}: ${fmt(b.total)}`).join('; '),
    });

    const legend = h('ul', { class: 'legend' },
      series.map((name, i) => h('li', {}, h('span', { class: `swatch swatch-${i % 7}`, 'aria-hidden': 'true' }), name)),
      running.length ? h('li', {}, h('span', { class: 'swatch swatch-projection', 'aria-hidden': 'true' }), 'Month-end projection (dashed)') : null);

    const current = bars.find((b) => b.partial);
    const projectionText = current
      ? h('div', { class: 'card projection-card', id: 'projection' },
          h('h2', {}, `${F.month(current.invoice.period_start)}: partial month`),
          h('p', {}, 'Spent so far: ', h('strong', { id: 'spent-so-far' }, fmt(current.total)),
            `, after ${current.projection.elapsedDays.toFixed(1)} of ${F.count(current.projection.days)} days.`),
          h('p', {}, 'Projected for the whole month: ', h('strong', { id: 'projected' }, fmt(current.projection.value)), '.'),
          h('p', { class: 'muted', id: 'projection-rule' },
            'Projection rule: spend so far ÷ elapsed days × days in the month, where spend so far is the usage on the month’s draft invoice (before adjustments and credits) and elapsed days are counted from the first of the month (UTC) to now, by the server’s clock. It assumes the rest of the month is used at the same daily rate.'))
      : h('p', { class: 'muted' }, 'No month is running: every invoice shown is complete.');

    const tableRows = [...bars].reverse().map((b) =>
      h('tr', {}, h('th', { scope: 'row' }, b.title),
        b.segments.map((v) => h('td', { class: 'num' }, fmt(v))),
        h('td', { class: 'num' }, fmt(b.total)),
        h('td', { class: 'num' }, b.partial ? fmt(b.projection.value) : '—')));
    const table = h('details', { class: 'chart-table' },
      h('summary', {}, 'Show the figures as a table'),
      h('div', { class: 'table-wrap' }, h('table', { class: 'data', id: 'spend-table' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Month'), series.map((s) => h('th', { scope: 'col', class: 'num' }, s)),
          h('th', { scope: 'col', class: 'num' }, 'Usage total'), h('th', { scope: 'col', class: 'num' }, 'Projected'))),
        h('tbody', {}, tableRows))));

    return page('Spend over time',
      h('p', { class: 'muted' }, 'Usage charges per month and cluster in USD, before adjustments and credits. The running month is hatched and marked “partial”; its dashed outline is the month-end projection.'),
      h('div', { class: 'card chart-card' }, h('div', { class: 'chart-scroll' }, chart), legend),
      projectionText, table);
  }

  // ---------- credits ----------

  function grantState(grant, now) {
    if (new Date(grant.expires_at) <= now) return 'Expired';
    if (new Date(grant.starts_at) > now) return 'Not started';
    if (F.cents(grant.remaining) === 0) return 'Used up';
    return 'Active';
  }

  async function creditsPage() {
    let credits;
    let now;
    try {
      [credits, now] = await Promise.all([getJson('/tally/v1/credits'), serverNow()]);
    } catch (e) {
      if (e instanceof ApiError && e.status === 404) {
        return page('Credits', h('p', { class: 'alert', role: 'alert' }, 'This Tally server does not offer the credits summary.'));
      }
      throw e;
    }
    const currency = credits.currency || USD;
    const avg = Number(credits.average_daily_draw_last_30_days);
    const available = Number(credits.available);
    const runway = avg > 0
      ? `At that rate the available credits last about ${F.count(Math.floor(available / avg))} more days (grants may expire sooner).`
      : 'No credits were drawn in the last 30 days.';
    const grants = credits.grants || [];
    const rows = grants.map((g, i) =>
      h('tr', { dataset: { grant: g.id } },
        h('td', { 'data-label': 'Order', class: 'num' }, F.count(i + 1)),
        h('td', { 'data-label': 'Granted', class: 'num' }, F.money(g.amount, currency)),
        h('td', { 'data-label': 'Remaining', class: 'num' }, F.money(g.remaining, currency)),
        h('td', { 'data-label': 'Valid from' }, F.date(g.starts_at)),
        h('td', { 'data-label': 'Expires' }, F.date(g.expires_at), ' ', h('span', { class: 'muted' }, 'at 00:00 UTC')),
        h('td', { 'data-label': 'State' }, grantState(g, now))));
    return page('Credits',
      h('p', { class: 'muted' }, 'Prepaid credits pay usage charges; one credit pays one US dollar. The grant that expires first is drawn first.'),
      h('div', { class: 'stats' },
        h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Available now'),
          h('span', { class: 'stat-value', id: 'credits-available' }, F.money(credits.available, currency))),
        h('div', { class: 'stat' }, h('span', { class: 'stat-label' }, 'Average drawn per day, last 30 days'),
          h('span', { class: 'stat-value', id: 'credits-average' }, F.money(credits.average_daily_draw_last_30_days, currency)))),
      h('p', {}, runway),
      h('h2', {}, 'Grants, in the order they are drawn'),
      grants.length
        ? h('div', { class: 'table-wrap' }, h('table', { class: 'data responsive', id: 'grants' },
            h('thead', {}, h('tr', {},
              h('th', { scope: 'col', class: 'num' }, 'Order'),
              h('th', { scope: 'col', class: 'num' }, 'Granted'),
              h('th', { scope: 'col', class: 'num' }, 'Remaining'),
              h('th', { scope: 'col' }, 'Valid from'),
              h('th', { scope: 'col' }, 'Expires'),
              h('th', { scope: 'col' }, 'State'))),
            h('tbody', {}, rows)))
        : h('p', { class: 'empty' }, 'Your organization has no credit grants.'));
  }

  // ---------- start ----------

  document.addEventListener('DOMContentLoaded', () => {
    $('sign-in-form').addEventListener('submit', signIn);
    $('sign-out').addEventListener('click', () => {
      signOut();
      history.replaceState(null, '', location.pathname);
      toast('Signed out. The key was removed from this tab.');
    });
    window.addEventListener('hashchange', route);
    if (session.key) {
      showSignedIn();
      route();
    } else {
      signOut();
    }
  });
})();
