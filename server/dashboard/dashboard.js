// The quality dashboard: signs in with a desk token, asks tk-server for the quality report
// of a period and shows it as figures, tables and (when chart.js loaded) charts.
//
// The token is a credential: it is kept in sessionStorage only, so it dies with the tab,
// never reaches localStorage, a cookie or the address bar, and "Salir" forgets it. Every
// text that comes from the server is set with textContent, never parsed as HTML.
(function () {
  'use strict';

  const TOKEN_KEY = 'tk.dashboard.token';
  const LOCALE = 'es-MX';
  const MAX_DAYS = 366;  // the server refuses longer periods; say so before asking

  const TEXT = {
    badToken: 'El token no es válido, está revocado o venció.',
    noAccess: 'Este token no tiene acceso al tablero: se necesita un token de agente o de administración.',
    offline: 'No hay conexión con el servidor.',
    noToken: 'Escriba el token de acceso.',
    sessionEnded: 'La sesión terminó porque el token ya no es válido, fue revocado o venció. Entre de nuevo.',
    checking: 'Comprobando…',
    loading: 'Cargando el informe…',
    noData: 'Sin datos',
    noTickets: 'Sin tickets en el periodo.',
    datesMissing: 'Indique las fechas «Desde» y «Hasta».',
    datesOrder: 'La fecha «Desde» debe ser anterior o igual a «Hasta».',
    tooLong: 'El periodo no puede pasar de ' + MAX_DAYS + ' días.',
    showDaily: 'Mostrar el detalle diario',
    hideDaily: 'Ocultar el detalle diario',
  };

  const LEVELS = ['1', 'soc', '2', '3'];
  const TYPES = ['incident', 'service_request', 'security_incident'];
  // The words of types, channels, levels and ratings are the product's, from /catalog's
  // "labels" (the same the tray, the kiosk and tkctl say); until it answers, the ids.
  const LABEL = { types: {}, channels: {}, levels: {}, ratings: {} };
  const label = (kind, id) => LABEL[kind][String(id)] || String(id);
  const AGE_BUCKETS = [
    ['under_1_day', 'Menos de 1 día'],
    ['1_to_3_days', 'De 1 a 3 días'],
    ['3_to_7_days', 'De 3 a 7 días'],
    ['7_to_30_days', 'De 7 a 30 días'],
    ['over_30_days', 'Más de 30 días'],
  ];
  const COMPARISON = { '>=': '≥', '<=': '≤', '>': '>', '<': '<', '==': '=' };
  const COLOR = {
    accent: '#1f4e79', second: '#7fa7c9', good: '#2e7d4f', bad: '#b3362b', none: '#9aa5b1',
    target: '#1d2731', grid: '#e7ebef', text: '#52606d',
  };

  const integer = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 0 });
  const decimal = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
  const score = new Intl.NumberFormat(LOCALE, { minimumFractionDigits: 1, maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(LOCALE, { style: 'percent', maximumFractionDigits: 1 });
  // Dates of the period are calendar days, not instants: formatted in UTC so that the
  // browser's own time zone can never move them to the day before.
  const dayMonthYear = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
  const dayMonth = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'long', timeZone: 'UTC' });
  const monthYear = new Intl.DateTimeFormat(LOCALE, { month: 'long', year: 'numeric', timeZone: 'UTC' });
  const shortDay = new Intl.DateTimeFormat(LOCALE, { day: 'numeric', month: 'short', timeZone: 'UTC' });
  const weekdayDay = new Intl.DateTimeFormat(LOCALE, { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
  const instant = new Intl.DateTimeFormat(LOCALE, { dateStyle: 'long', timeStyle: 'short' });

  const $ = (id) => document.getElementById(id);
  const el = {};
  [
    'signin', 'signin-form', 'token', 'signin-error', 'signin-button', 'session', 'session-name', 'session-role',
    'sign-out', 'dashboard', 'period-form', 'month', 'month-prev', 'month-next', 'from', 'to', 'refresh', 'print',
    'period-line', 'report-error', 'report', 'objectives-body', 'stages-body', 'distribution-body', 'backlog-body',
    'by-type-body', 'by-category-body', 'by-channel-body', 'by-day-body', 'daily-toggle', 'daily-body', 'volume-body',
    'charts-missing', 'satisfaction-empty', 'print-period', 'print-generated', 'print-who',
    'chart-volume', 'chart-stages', 'chart-satisfaction', 'chart-backlog',
  ].forEach((id) => { el[id] = $(id); });

  const state = {
    me: null,
    categories: {},    // catalog id -> Spanish name
    report: null,      // the last report shown, to redraw when the catalog arrives
    request: 0,        // only the answer to the latest request is shown
    controller: null,
    charts: {},
  };
  const chartsOn = typeof window.Chart === 'function';

  // ---- Token storage -------------------------------------------------------------------

  function storedToken() {
    try { return sessionStorage.getItem(TOKEN_KEY) || ''; } catch (e) { return ''; }
  }
  function storeToken(token) {
    try { sessionStorage.setItem(TOKEN_KEY, token); } catch (e) { /* private mode: the session lasts the page */ }
  }
  function forgetToken() {
    try { sessionStorage.removeItem(TOKEN_KEY); } catch (e) { /* nothing stored */ }
  }

  // ---- The API -------------------------------------------------------------------------

  class ApiError extends Error {
    constructor(status, code, message) {
      super(message);
      this.status = status;
      this.code = code;
    }
  }

  // GET with the token; the JSON body, or an ApiError whose message is the server's own
  // (already in Spanish) or ours when there was no answer at all.
  async function get(path, token, signal) {
    let response;
    let body = null;
    try {
      response = await fetch(path, {
        method: 'GET',
        headers: { Authorization: 'Bearer ' + token, Accept: 'application/json', 'Accept-Language': 'es-MX' },
        cache: 'no-store',
        credentials: 'omit',
        signal: signal,
      });
      body = await response.json().catch(() => null);
    } catch (e) {
      if (e && e.name === 'AbortError') throw e;
      throw new ApiError(0, 'network', TEXT.offline);
    }
    if (!response.ok) {
      const error = body && body.error ? body.error : {};
      throw new ApiError(response.status, error.code || '',
        error.message || 'El servidor respondió con un error (código ' + response.status + ').');
    }
    return body;
  }

  // ---- Formatting ----------------------------------------------------------------------

  const isNumber = (v) => typeof v === 'number' && isFinite(v);
  const fmtInt = (v) => (isNumber(v) ? integer.format(v) : '—');
  const fmtRate = (v) => (isNumber(v) ? percent.format(v) : TEXT.noData);
  // Under an hour in minutes: a desk that solves in 20 minutes must not read "0 h".
  function hours(v) {
    if (v >= 1 || v === 0) return decimal.format(v) + ' h';
    const minutes = Math.round(v * 60);
    return minutes < 1 ? '< 1 min' : integer.format(minutes) + ' min';
  }
  const fmtHours = (v) => (isNumber(v) ? hours(v) : '—');

  function fmtUnit(unit, v) {
    if (!isNumber(v)) return TEXT.noData;
    switch (unit) {
      case 'rate': return percent.format(v);
      case 'score': return score.format(v);
      case 'hours': return hours(v);
      default: return integer.format(v);
    }
  }

  function plural(n, one, many) { return fmtInt(n) + ' ' + (n === 1 ? one : many); }
  function capitalize(s) { return s ? s.charAt(0).toUpperCase() + s.slice(1) : s; }

  // ---- Calendar days (YYYY-MM-DD) ------------------------------------------------------

  const pad = (n) => String(n).padStart(2, '0');
  const isoDay = (y, m, d) => y + '-' + pad(m) + '-' + pad(d);
  const daysInMonth = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();

  function parseDay(s) {
    const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s || '');
    return m ? { y: +m[1], m: +m[2], d: +m[3] } : null;
  }
  function utcDay(s) {
    const p = parseDay(s);
    return p ? new Date(Date.UTC(p.y, p.m - 1, p.d)) : null;
  }
  function dayCount(from, to) { return Math.round((utcDay(to) - utcDay(from)) / 86400000) + 1; }

  function currentMonth() {
    const now = new Date();
    return now.getFullYear() + '-' + pad(now.getMonth() + 1);
  }
  function monthRange(ym) {
    const m = /^(\d{4})-(\d{2})$/.exec(ym || '');
    if (!m) return null;
    const y = +m[1];
    const mo = +m[2];
    return { from: isoDay(y, mo, 1), to: isoDay(y, mo, daysInMonth(y, mo)) };
  }
  function shiftMonth(ym, delta) {
    const m = /^(\d{4})-(\d{2})$/.exec(ym);
    const index = +m[1] * 12 + (+m[2] - 1) + delta;
    return Math.floor(index / 12) + '-' + pad((index % 12) + 1);
  }
  // "YYYY-MM" when the range is exactly one calendar month, else "".
  function wholeMonth(from, to) {
    const f = parseDay(from);
    if (!f || f.d !== 1) return '';
    const ym = f.y + '-' + pad(f.m);
    return monthRange(ym).to === to ? ym : '';
  }

  // "del 1 al 30 de noviembre de 2026", the way a person writes a period.
  function periodText(from, to) {
    const f = parseDay(from);
    const t = parseDay(to);
    if (!f || !t) return from + ' – ' + to;
    if (from === to) return 'el ' + dayMonthYear.format(utcDay(from));
    if (f.y === t.y && f.m === t.m)
      return 'del ' + f.d + ' al ' + t.d + ' de ' + monthYear.format(utcDay(to));
    if (f.y === t.y) return 'del ' + dayMonth.format(utcDay(from)) + ' al ' + dayMonthYear.format(utcDay(to));
    return 'del ' + dayMonthYear.format(utcDay(from)) + ' al ' + dayMonthYear.format(utcDay(to));
  }

  function generatedText(iso) {
    const when = new Date(iso);
    return isNaN(when) ? '' : instant.format(when);
  }

  // ---- Small DOM helpers ---------------------------------------------------------------

  function cell(tag, text, className) {
    const c = document.createElement(tag);
    c.textContent = text;
    if (className) c.className = className;
    return c;
  }
  function row(cells) {
    const tr = document.createElement('tr');
    cells.forEach((c) => tr.appendChild(c));
    return tr;
  }
  function emptyRow(body, columns, text) {
    const td = cell('td', text, 'empty');
    td.colSpan = columns;
    body.appendChild(row([td]));
  }
  // The shown text plus the raw number, so that a test or a script reads the value
  // without parsing a localised string.
  function figure(node, value, text) {
    node.textContent = text;
    node.dataset.value = isNumber(value) ? String(value) : '';
  }

  // ---- Screens -------------------------------------------------------------------------

  function showSignIn(message) {
    el.dashboard.hidden = true;
    el.session.hidden = true;
    el.signin.hidden = false;
    el['signin-button'].disabled = false;
    el['signin-button'].textContent = 'Entrar';
    setSignInError(message || '');
    el.token.value = '';
    el.token.focus();
  }

  function setSignInError(message) {
    el['signin-error'].textContent = message;
    el['signin-error'].hidden = !message;
    if (message) el.token.setAttribute('aria-invalid', 'true');
    else el.token.removeAttribute('aria-invalid');
  }

  function enterDashboard(me) {
    state.me = me;
    el['session-name'].textContent = me.name || me.login || '';
    el['session-role'].textContent = me.role_label ? '(' + me.role_label + ')' : '';
    el['print-who'].textContent = me.name || me.login || '';
    el.signin.hidden = true;
    el.session.hidden = false;
    el.dashboard.hidden = false;
    if (!el.from.value || !el.to.value) setMonth(currentMonth());
    loadCatalog();
    loadReport();
  }

  // Back to the sign-in form with nothing of the last session left on the page.
  function signOut(message) {
    forgetToken();
    state.request += 1;
    if (state.controller) state.controller.abort();
    state.me = null;
    state.report = null;
    state.categories = {};
    Object.keys(state.charts).forEach((key) => state.charts[key].destroy());
    state.charts = {};
    el.report.hidden = true;
    el.report.querySelectorAll('tbody').forEach((body) => { body.textContent = ''; });
    el.report.querySelectorAll('[data-value]').forEach((node) => { figure(node, null, ''); });
    el['report-error'].hidden = true;
    el['period-line'].textContent = '';
    el['print-who'].textContent = '';
    el.dashboard.dataset.state = 'idle';
    delete el.dashboard.dataset.from;
    delete el.dashboard.dataset.to;
    el.from.value = '';
    el.to.value = '';
    el.month.value = '';
    el['session-name'].textContent = '';
    showSignIn(message);
  }

  async function onSignIn(event) {
    event.preventDefault();
    const token = el.token.value.trim();
    if (!token) {
      setSignInError(TEXT.noToken);
      el.token.focus();
      return;
    }
    setSignInError('');
    el['signin-button'].disabled = true;
    el['signin-button'].textContent = TEXT.checking;
    try {
      const me = await get('/api/v1/me', token);
      if (!me || !me.desk) throw new ApiError(403, 'forbidden_role', TEXT.noAccess);
      storeToken(token);
      el.token.value = '';
      enterDashboard(me);
    } catch (e) {
      setSignInError(e.status === 401 ? TEXT.badToken : e.message || TEXT.offline);
      el.token.focus();
      el.token.select();
    } finally {
      el['signin-button'].disabled = false;
      el['signin-button'].textContent = 'Entrar';
    }
  }

  // A reload keeps the session of this tab: the stored token is checked again.
  async function resume() {
    const token = storedToken();
    if (!token) {
      showSignIn('');
      return;
    }
    el.signin.hidden = true;
    try {
      const me = await get('/api/v1/me', token);
      if (!me || !me.desk) {
        signOut(TEXT.noAccess);
        return;
      }
      enterDashboard(me);
    } catch (e) {
      if (e.status === 401) signOut(TEXT.sessionEnded);
      else showSignIn(e.message || TEXT.offline);
    }
  }

  // ---- Period --------------------------------------------------------------------------

  function setMonth(ym) {
    const range = monthRange(ym);
    if (!range) return;
    el.month.value = ym;
    el.from.value = range.from;
    el.to.value = range.to;
  }

  function onMonthChange() {
    if (!monthRange(el.month.value)) return;
    setMonth(el.month.value);
    loadReport();
  }

  function onStepMonth(delta) {
    const base = el.month.value || (el.from.value ? el.from.value.slice(0, 7) : currentMonth());
    setMonth(shiftMonth(base, delta));
    loadReport();
  }

  // A hand-made range shows its month only when it is one whole month.
  function onRangeEdit() {
    el.month.value = wholeMonth(el.from.value, el.to.value);
  }

  function periodProblem(from, to) {
    if (!parseDay(from) || !parseDay(to)) return TEXT.datesMissing;
    if (from > to) return TEXT.datesOrder;
    if (dayCount(from, to) > MAX_DAYS) return TEXT.tooLong;
    return '';
  }

  function showReportError(message) {
    el['report-error'].textContent = message;
    el['report-error'].hidden = !message;
  }

  // ---- Loading -------------------------------------------------------------------------

  async function loadCatalog() {
    const token = storedToken();
    try {
      const catalog = await get('/api/v1/catalog', token);
      const names = {};
      (catalog && Array.isArray(catalog.categories) ? catalog.categories : []).forEach((c) => {
        if (c && c.id) names[c.id] = c.name || c.id;
      });
      state.categories = names;
      const labels = (catalog && catalog.labels) || {};
      Object.keys(LABEL).forEach((kind) => {
        (Array.isArray(labels[kind]) ? labels[kind] : []).forEach((l) => {
          if (l && l.id !== undefined && l.label) LABEL[kind][String(l.id)] = l.label;
        });
      });
      if (state.report) render(state.report);
    } catch (e) {
      // Without the catalog the categories show their ids: nothing the user must act on.
    }
  }

  async function loadReport() {
    const from = el.from.value;
    const to = el.to.value;
    const problem = periodProblem(from, to);
    if (problem) {
      showReportError(problem);
      return;
    }
    const token = storedToken();
    if (!token) {
      signOut(TEXT.sessionEnded);
      return;
    }
    if (state.controller) state.controller.abort();
    state.controller = new AbortController();
    const mine = ++state.request;
    showReportError('');
    el.print.disabled = true;  // nothing to print until this period's report is on the page
    el.dashboard.dataset.state = 'loading';
    el.dashboard.setAttribute('aria-busy', 'true');
    el['period-line'].textContent = TEXT.loading;
    try {
      const query = '?from=' + encodeURIComponent(from) + '&to=' + encodeURIComponent(to);
      const report = await get('/api/v1/reports/quality' + query, token, state.controller.signal);
      if (mine !== state.request) return;
      state.report = report;
      el.report.hidden = false;  // shown first: Chart.js sizes its canvases from the layout
      render(report);
      el.dashboard.dataset.from = report.from;
      el.dashboard.dataset.to = report.to;
      el.dashboard.dataset.state = 'ready';
      el.print.disabled = false;
    } catch (e) {
      if ((e && e.name === 'AbortError') || mine !== state.request) return;
      if (e.status === 401) {
        signOut(TEXT.sessionEnded);
        return;
      }
      state.report = null;
      el.report.hidden = true;
      el['period-line'].textContent = '';
      showReportError(e.message);
      el.dashboard.dataset.state = 'error';
    } finally {
      if (mine === state.request) el.dashboard.removeAttribute('aria-busy');
    }
  }

  // ---- Rendering -----------------------------------------------------------------------

  function render(r) {
    const period = periodText(r.from, r.to);
    const generated = generatedText(r.generated_at);
    el['period-line'].textContent = '';
    el['period-line'].appendChild(document.createTextNode('Periodo: '));
    el['period-line'].appendChild(cell('strong', period));
    if (generated) el['period-line'].appendChild(document.createTextNode(' · Generado el ' + generated));
    el['print-period'].textContent = capitalize(period);
    el['print-generated'].textContent = generated;

    renderObjectives(r.objectives || []);
    renderFigures(r);
    renderVolume(r);
    renderStages(r.stages || []);
    renderSatisfaction(r);
    renderBacklog(r.backlog || {});
    renderBreakdowns(r);
    renderDaily(r.by_day || []);
    if (chartsOn) drawCharts(r);
  }

  function renderObjectives(objectives) {
    const body = el['objectives-body'];
    body.textContent = '';
    if (!objectives.length) {
      emptyRow(body, 4, 'No hay objetivos configurados.');
      return;
    }
    objectives.forEach((o) => {
      const target = (COMPARISON[o.comparison] || o.comparison || '') + ' ' + fmtUnit(o.unit, o.target);
      const actual = cell('td', fmtUnit(o.unit, o.actual), 'num');
      actual.dataset.value = isNumber(o.actual) ? String(o.actual) : '';
      const verdict = document.createElement('span');
      if (o.met === true) {
        verdict.className = 'verdict verdict--met';
        verdict.textContent = '✓ Cumple';
      } else if (o.met === false) {
        verdict.className = 'verdict verdict--missed';
        verdict.textContent = '✗ No cumple';
      } else {
        verdict.className = 'verdict verdict--none';
        verdict.textContent = TEXT.noData;
      }
      const verdictCell = document.createElement('td');
      verdictCell.appendChild(verdict);
      const tr = row([cell('th', o.name || o.id), cell('td', target.trim(), 'num'), actual, verdictCell]);
      tr.firstChild.scope = 'row';
      tr.dataset.testid = 'objective-' + o.id;
      tr.dataset.met = o.met === true ? 'yes' : o.met === false ? 'no' : 'none';
      body.appendChild(tr);
    });
  }

  function renderFigures(r) {
    const t = r.tickets || {};
    const s = r.satisfaction || {};
    const h = r.resolution_hours || {};
    const b = r.backlog || {};
    figure($('kpi-opened'), t.opened, fmtInt(t.opened));
    // Problems the knowledge base solved before a report was needed.
    const kb = r.knowledge_base || { deflections: 0 };
    figure($('kpi-deflections'), kb.deflections,
      plural(kb.deflections, 'evitado con la base de conocimiento', 'evitados con la base de conocimiento'));
    figure($('kpi-closed'), t.closed, fmtInt(t.closed));
    figure($('kpi-resolved'), r.resolved, fmtInt(r.resolved));

    figure($('kpi-satisfaction'), s.mean, isNumber(s.mean) ? score.format(s.mean) : '—');
    figure($('kpi-responses'), s.responses, s.responses ? plural(s.responses, 'respuesta', 'respuestas') : 'sin respuestas');

    figure($('kpi-fcr'), r.first_contact_resolution, isNumber(r.first_contact_resolution)
      ? percent.format(r.first_contact_resolution) : '—');
    figure($('kpi-fcr-note'), r.first_contact_resolved, isNumber(r.first_contact_resolution)
      ? plural(r.first_contact_resolved, 'resuelto sin escalar', 'resueltos sin escalar')
      : 'sin tickets resueltos que medir');

    figure($('kpi-reopened'), r.reopened, fmtInt(r.reopened));
    figure($('kpi-reopened-note'), r.reopened_rate, isNumber(r.reopened_rate)
      ? percent.format(r.reopened_rate) + ' de los resueltos' : 'sin tickets resueltos que medir');

    figure($('kpi-backlog'), b.open, fmtInt(b.open));
    figure($('kpi-backlog-note'), b.older_than_7_days, fmtInt(b.older_than_7_days) + ' con más de 7 días');

    figure($('kpi-median'), h.median, fmtHours(h.median));
    figure($('kpi-p90'), h.p90, fmtHours(h.p90));
    figure($('kpi-resolution-note'), h.count, h.count ? plural(h.count, 'resuelto', 'resueltos') : 'sin resueltos');
  }

  function renderVolume(r) {
    const days = r.by_day || [];
    const t = r.tickets || {};
    const busiest = days.reduce((best, d) => (d.opened > (best ? best.opened : 0) ? d : best), null);
    const body = el['volume-body'];
    body.textContent = '';
    [
      ['Abiertos', fmtInt(t.opened)],
      ['Cerrados', fmtInt(t.closed)],
      ['Promedio diario de abiertos', days.length && isNumber(t.opened) ? decimal.format(t.opened / days.length) : '—'],
      ['Día con más abiertos', busiest ? dayMonth.format(utcDay(busiest.date)) + ' (' + fmtInt(busiest.opened) + ')' : '—'],
    ].forEach(([label, value]) => {
      const tr = row([cell('th', label), cell('td', value, 'num')]);
      tr.firstChild.scope = 'row';
      body.appendChild(tr);
    });
  }

  function orderedStages(stages) {
    return stages.slice().sort((a, b) => {
      const ia = LEVELS.indexOf(a.level);
      const ib = LEVELS.indexOf(b.level);
      return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
    });
  }

  function renderStages(stages) {
    const body = el['stages-body'];
    body.textContent = '';
    orderedStages(stages).forEach((s) => {
      const tr = row([
        cell('th', label('levels', s.level)),
        cell('td', fmtInt(s.total), 'num'),
        cell('td', fmtInt(s.met), 'num'),
        cell('td', fmtInt(s.breached), 'num'),
        cell('td', fmtRate(s.compliance), 'num'),
        cell('td', isNumber(s.target) ? percent.format(s.target) : '—', 'num'),
      ]);
      tr.firstChild.scope = 'row';
      tr.dataset.testid = 'stage-' + s.level;
      body.appendChild(tr);
    });
  }

  function renderSatisfaction(r) {
    const s = r.satisfaction || {};
    const distribution = s.distribution || {};
    const total = s.responses || 0;
    const body = el['distribution-body'];
    body.textContent = '';
    [5, 4, 3, 2, 1].forEach((n) => {
      const count = distribution[String(n)] || 0;
      const tr = row([
        cell('th', label('ratings', n)),
        cell('td', fmtInt(count), 'num'),
        cell('td', total ? percent.format(count / total) : '—', 'num'),
      ]);
      tr.firstChild.scope = 'row';
      body.appendChild(tr);
    });
  }

  function renderBacklog(b) {
    const ages = b.by_age || {};
    const body = el['backlog-body'];
    body.textContent = '';
    AGE_BUCKETS.forEach(([key, label]) => {
      const tr = row([cell('th', label), cell('td', fmtInt(ages[key] || 0), 'num')]);
      tr.firstChild.scope = 'row';
      body.appendChild(tr);
    });
    const total = row([cell('th', 'Total pendientes'), cell('td', fmtInt(b.open), 'num')]);
    total.firstChild.scope = 'row';
    total.className = 'total';
    body.appendChild(total);
  }

  // One breakdown table: known keys first in their fixed order (so the record always
  // lists every ticket type), then the rest by count.
  function fillBreakdown(body, counts, label, fixed, testid) {
    body.textContent = '';
    const keys = Object.keys(counts || {});
    const sum = keys.reduce((a, k) => a + (counts[k] || 0), 0);
    const rest = keys.filter((k) => fixed.indexOf(k) < 0)
      .sort((a, b) => (counts[b] - counts[a]) || label(a).localeCompare(label(b), LOCALE));
    const shown = fixed.concat(rest);
    if (!shown.length || (!sum && !fixed.length)) {
      emptyRow(body, 3, TEXT.noTickets);
      return;
    }
    shown.forEach((k) => {
      const n = counts[k] || 0;
      const count = cell('td', fmtInt(n), 'num');
      count.dataset.value = String(n);
      const tr = row([cell('th', label(k)), count, cell('td', sum ? percent.format(n / sum) : '—', 'num')]);
      tr.firstChild.scope = 'row';
      tr.dataset.testid = testid + '-' + k;
      body.appendChild(tr);
    });
  }

  function renderBreakdowns(r) {
    const t = r.tickets || {};
    fillBreakdown(el['by-type-body'], t.by_type, (k) => label('types', k), TYPES, 'type');
    fillBreakdown(el['by-category-body'], t.by_category, (k) => state.categories[k] || k, [], 'category');
    fillBreakdown(el['by-channel-body'], t.by_channel, (k) => label('channels', k), [], 'channel');
  }

  function renderDaily(days) {
    const body = el['by-day-body'];
    body.textContent = '';
    if (!days.length) {
      emptyRow(body, 5, TEXT.noTickets);
      return;
    }
    days.forEach((d) => {
      const tr = row([
        cell('th', capitalize(weekdayDay.format(utcDay(d.date)))),
        cell('td', fmtInt(d.opened), 'num'),
        cell('td', fmtInt(d.closed), 'num'),
        cell('td', fmtInt(d.ratings), 'num'),
        cell('td', isNumber(d.rating_mean) ? score.format(d.rating_mean) : '—', 'num'),
      ]);
      tr.firstChild.scope = 'row';
      body.appendChild(tr);
    });
  }

  // ---- Charts --------------------------------------------------------------------------

  function setupCharts() {
    const d = window.Chart.defaults;
    d.font.family = getComputedStyle(document.body).fontFamily;
    d.font.size = 12;
    d.color = COLOR.text;
    d.locale = LOCALE;
    d.animation = false;
    d.maintainAspectRatio = false;
    d.plugins.legend.position = 'bottom';
    d.plugins.legend.labels.boxWidth = 12;
    d.plugins.legend.labels.boxHeight = 12;
  }

  function chart(key, canvas, config) {
    if (state.charts[key]) state.charts[key].destroy();
    state.charts[key] = new window.Chart(canvas, config);
  }

  const percentAxis = {
    min: 0,
    max: 1,
    ticks: { stepSize: 0.25, callback: (v) => percent.format(v) },
    grid: { color: COLOR.grid },
  };

  function drawCharts(r) {
    const days = r.by_day || [];
    const fullDay = (items) => (items.length ? dayMonthYear.format(utcDay(days[items[0].dataIndex].date)) : '');

    chart('volume', el['chart-volume'], {
      type: 'bar',
      data: {
        labels: days.map((d) => shortDay.format(utcDay(d.date))),
        datasets: [
          { label: 'Abiertos', data: days.map((d) => d.opened), backgroundColor: COLOR.accent },
          { label: 'Cerrados', data: days.map((d) => d.closed), backgroundColor: COLOR.second },
        ],
      },
      options: {
        scales: {
          x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
          y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: COLOR.grid } },
        },
        plugins: { tooltip: { callbacks: { title: fullDay } } },
      },
    });

    const stages = orderedStages(r.stages || []);
    chart('stages', el['chart-stages'], {
      type: 'bar',
      data: {
        labels: stages.map((s) => label('levels', s.level)),
        datasets: [
          {
            label: 'Cumplimiento',
            data: stages.map((s) => (isNumber(s.compliance) ? s.compliance : null)),
            backgroundColor: stages.map((s) => (!isNumber(s.compliance) || !isNumber(s.target) ? COLOR.none
              : s.compliance >= s.target ? COLOR.good : COLOR.bad)),
            maxBarThickness: 56,
            order: 2,
          },
          {
            type: 'line',
            label: 'Meta',
            data: stages.map((s) => (isNumber(s.target) ? s.target : null)),
            showLine: false,
            pointStyle: 'line',
            pointRadius: 22,
            pointHoverRadius: 22,
            pointBorderWidth: 3,
            borderColor: COLOR.target,
            backgroundColor: COLOR.target,
            order: 1,
          },
        ],
      },
      options: {
        scales: { x: { grid: { display: false } }, y: percentAxis },
        plugins: {
          // The bars' colours say more than one legend entry per dataset could.
          legend: {
            onClick: () => {},
            labels: {
              usePointStyle: true,
              generateLabels: () => [
                [COLOR.good, 'Alcanza la meta', 'rect'],
                [COLOR.bad, 'Debajo de la meta', 'rect'],
                [COLOR.none, 'Sin meta', 'rect'],
                [COLOR.target, 'Meta', 'line'],
              ].map(([color, text, style]) => ({
                text: text, fillStyle: color, strokeStyle: color, lineWidth: style === 'line' ? 3 : 0,
                pointStyle: style, hidden: false,
              })),
            },
          },
          tooltip: {
            callbacks: {
              label: (c) => c.dataset.label + ': ' + (isNumber(c.raw) ? percent.format(c.raw) : TEXT.noData),
            },
          },
        },
      },
    });

    const rated = days.filter((d) => isNumber(d.rating_mean));
    const goal = (r.objectives || []).find((o) => o.id === 'satisfaction' && isNumber(o.target));
    el['satisfaction-empty'].hidden = rated.length > 0;
    el['chart-satisfaction'].hidden = rated.length === 0;
    if (!rated.length) {
      if (state.charts.satisfaction) state.charts.satisfaction.destroy();
      delete state.charts.satisfaction;
    } else {
      // Every day of the period on the axis, so that each rating sits on its date and the
      // target spans the whole period; days nobody rated are gaps the line steps over.
      const datasets = [{
        label: 'Media del día',
        data: days.map((d) => (isNumber(d.rating_mean) ? d.rating_mean : null)),
        spanGaps: true,
        borderColor: COLOR.accent,
        backgroundColor: COLOR.accent,
        pointRadius: 3,
        tension: 0.2,
      }];
      if (goal) {
        datasets.push({
          label: 'Meta',
          data: days.map(() => goal.target),
          borderColor: COLOR.target,
          backgroundColor: COLOR.target,
          borderDash: [6, 4],
          borderWidth: 1.5,
          pointStyle: 'line',
          pointRadius: 0,
          pointHoverRadius: 0,
        });
      }
      chart('satisfaction', el['chart-satisfaction'], {
        type: 'line',
        data: { labels: days.map((d) => shortDay.format(utcDay(d.date))), datasets: datasets },
        options: {
          scales: {
            x: { grid: { display: false }, ticks: { maxRotation: 0, autoSkipPadding: 8 } },
            y: { min: 1, max: 5, ticks: { stepSize: 1 }, grid: { color: COLOR.grid } },
          },
          plugins: {
            legend: { labels: { usePointStyle: true } },
            tooltip: {
              filter: (c) => isNumber(c.raw),
              callbacks: {
                title: fullDay,
                label: (c) => c.dataset.label + ': ' + score.format(c.raw),
              },
            },
          },
        },
      });
    }

    const ages = (r.backlog && r.backlog.by_age) || {};
    chart('backlog', el['chart-backlog'], {
      type: 'bar',
      data: {
        labels: AGE_BUCKETS.map(([, label]) => label),
        datasets: [{
          label: 'Tickets pendientes',
          data: AGE_BUCKETS.map(([key]) => ages[key] || 0),
          backgroundColor: AGE_BUCKETS.map(([key]) => (key === '7_to_30_days' || key === 'over_30_days'
            ? COLOR.bad : COLOR.accent)),
          maxBarThickness: 56,
        }],
      },
      options: {
        scales: {
          x: { grid: { display: false } },
          y: { beginAtZero: true, ticks: { precision: 0 }, grid: { color: COLOR.grid } },
        },
        plugins: { legend: { display: false } },
      },
    });
  }

  // ---- Wiring --------------------------------------------------------------------------

  function toggleDaily(open) {
    el['daily-body'].hidden = !open;
    el['daily-toggle'].setAttribute('aria-expanded', open ? 'true' : 'false');
    el['daily-toggle'].textContent = open ? TEXT.hideDaily : TEXT.showDaily;
  }

  if (chartsOn) {
    setupCharts();
  } else {
    // The charts are extra: their numbers are all in the tables, and the daily one, which
    // replaces the volume chart, opens by itself.
    document.body.classList.add('no-charts');
    el['charts-missing'].hidden = false;
    toggleDaily(true);
  }
  document.body.dataset.charts = chartsOn ? 'on' : 'off';

  el['signin-form'].addEventListener('submit', onSignIn);
  el['sign-out'].addEventListener('click', () => signOut(''));
  el['period-form'].addEventListener('submit', (e) => {
    e.preventDefault();
    loadReport();
  });
  el.month.addEventListener('change', onMonthChange);
  el['month-prev'].addEventListener('click', () => onStepMonth(-1));
  el['month-next'].addEventListener('click', () => onStepMonth(1));
  el.from.addEventListener('change', onRangeEdit);
  el.to.addEventListener('change', onRangeEdit);
  el.print.addEventListener('click', () => window.print());
  el['daily-toggle'].addEventListener('click', () => toggleDaily(el['daily-body'].hidden));

  resume();
})();
