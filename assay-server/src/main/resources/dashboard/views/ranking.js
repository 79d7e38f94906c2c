// Ranking: monitors with their windows as charts (quality lower bound, p95 latency, Jaccard@10, ECE,
// the mixture SPRT statistic) and their trigger states, then release decisions with every guard and
// the bootstrap distribution behind it.
import { el, clear, num, signed, time, ago, badge, tone, notice, table, lineChart, histogram } from '../lib.js';

const CHARTS = [
  { check: 'quality.lcb', title: 'Quality: lower confidence bound of the gain', y: 'Δ gain' },
  { check: 'latency.p95', title: 'Latency p95', y: 'ms' },
  { check: 'overlap.jaccard10', title: 'Overlap with production: Jaccard@10', y: 'Jaccard' },
  { check: 'calibration.ece', title: 'Calibration error (ECE)', y: 'ECE' },
];

export async function render(root, ctx) {
  root.append(el('h1', { text: 'Ranking' }));
  const monitorsCard = el('section', { class: 'card wide', id: 'monitors' }, el('h2', { text: 'Monitors' }));
  const detail = el('section', { class: 'card wide', id: 'monitor-detail' });
  const releases = el('section', { class: 'card wide', id: 'releases' }, el('h2', { text: 'Release decisions' }));
  root.append(monitorsCard, detail, releases);

  const [{ monitors, total, nextOffset }, decisions] = await Promise.all([
    ctx.api('/api/v1/ranking/monitors?limit=500'),
    ctx.api('/api/v1/ledger/search?limit=20&kind=ranking.release.decision'),
  ]);
  let selected = ctx.params.get('monitor') || (monitors[0] && monitors[0].model + '/' + monitors[0].version);
  const showMonitors = (list) => renderMonitors(monitorsCard, list, selected, (key) => {
    selected = key;
    ctx.setParams({ monitor: key });
    showMonitors(list);
    loadDetail();
  }, nextOffset === null ? 0 : total);
  let current = monitors;
  showMonitors(current);
  let windows = [];
  async function loadDetail() {
    if (!selected) { clear(detail).append(el('p', { class: 'muted', text: 'No monitor yet: one is defined when a candidate is monitored.' })); return; }
    const page = await ctx.api('/api/v1/ledger/search?limit=500&kind=ranking.monitor.window&subject=' + encodeURIComponent(selected));
    windows = page.entries.filter((e) => e.subject === selected).reverse();
    const triggers = await ctx.api('/api/v1/ledger/search?limit=50&kind=ranking.monitor.trigger&subject=' + encodeURIComponent(selected));
    renderDetail(detail, current.find((m) => m.model + '/' + m.version === selected), windows,
      triggers.entries.filter((e) => e.subject === selected));
  }
  await loadDetail();
  renderReleases(releases, decisions.entries);

  let pending = null;
  ctx.onLeave(ctx.feed.on((event, data) => {
    if (event !== 'entry' || !data.kind.startsWith('ranking.')) return;
    if (data.kind === 'ranking.release.decision') {
      decisions.entries.unshift(data);
      renderReleases(releases, decisions.entries);
      return;
    }
    clearTimeout(pending);
    pending = setTimeout(async () => {
      current = (await ctx.api('/api/v1/ranking/monitors?limit=500')).monitors;
      if (!selected && current.length) selected = current[0].model + '/' + current[0].version;
      showMonitors(current);
      if (data.subject === selected) await loadDetail();
    }, 150);
  }));
}

function renderMonitors(card, monitors, selected, pick, more) {
  clear(card).append(el('h2', { text: 'Monitors' }));
  if (!monitors.length) {
    card.append(el('p', { class: 'muted', text: 'No ranking monitor yet. One starts when a SHADOW, CANARY or A/B candidate gets observations (POST /api/v1/ranking/monitors/{model}/{version}/observations).' }));
    return;
  }
  const rows = monitors.map((m) => {
    const key = m.model + '/' + m.version;
    const failing = Object.entries(m.failingWindows || {}).filter(([, n]) => n > 0).map(([c, n]) => c + ' ×' + n).join(', ');
    return el('tr', { class: 'clickable' + (key === selected ? ' selected' : ''), tabindex: '0', 'data-monitor': key,
      onclick: () => pick(key), onkeydown: (ev) => { if (ev.key === 'Enter') pick(key); } },
    el('td', {}, el('strong', { text: key })),
    el('td', {}, badge(m.rolledBack ? 'ROLLED_BACK' : m.status, tone(m.rolledBack ? 'ROLLED_BACK' : m.status))),
    el('td', { class: 'num', text: num(m.windows) }), el('td', { class: 'num', text: num(m.observations) }),
    el('td', { text: failing || '—' }), el('td', { class: 'small', text: m.runningOn || '—' }),
    el('td', { title: time(m.updatedAt), text: ago(m.updatedAt) }));
  });
  if (more) card.append(el('p', { class: 'muted small', text: 'Showing the first ' + monitors.length + ' of ' + more + ' monitors.' }));
  card.append(el('table', { id: 'monitors-table' }, el('thead', {}, el('tr', {},
    ['Candidate', 'State', 'Windows', 'Observations', 'Failing windows', 'Runs on', 'Updated'].map((h) => el('th', { scope: 'col', text: h })))),
  el('tbody', {}, rows)));
}

function parse(e) {
  try { return JSON.parse(e.payload); } catch { return {}; }
}

function renderDetail(card, monitor, windows, triggers) {
  clear(card).append(el('h2', {}, 'Windows of ', el('span', { id: 'monitor-name', text: monitor ? monitor.model + '/' + monitor.version : '' })));
  if (monitor && monitor.rolledBack) card.append(notice('Rolled back: ' + (monitor.rollbackReason || ''), 'error'));
  card.append(el('p', { class: 'muted small', id: 'window-count', 'data-windows': windows.length },
    windows.length + ' window' + (windows.length === 1 ? '' : 's') + ' with data recorded in the ledger'
    + (windows.length ? ', the last ending ' + time(parse(windows[windows.length - 1]).end) : '') + '.'));
  if (!windows.length) {
    card.append(el('p', { class: 'muted', text: 'No window has closed yet: charts appear when the first one does.' }));
  } else {
    const payloads = windows.map(parse);
    const x = payloads.map((p) => Date.parse(p.end) / 1000);
    const grid = el('div', { class: 'charts' });
    card.append(grid);
    for (const c of CHARTS) {
      const checks = payloads.map((p) => (p.checks || []).find((k) => k.check === c.check) || {});
      const threshold = checks.map((k) => k.threshold).find((t) => typeof t === 'number');
      const box = el('div', { class: 'chart', 'data-check': c.check });
      grid.append(box);
      if (!checks.some((k) => typeof k.value === 'number')) {
        box.append(el('p', { class: 'chart-title', text: c.title }),
          el('p', { class: 'muted small', text: 'No data in these windows' + (checks.length ? ': ' + (checks[checks.length - 1].reason || '') : '.') }));
        continue;
      }
      lineChart(box, { title: c.title, x, yLabel: c.y, series: [{ label: c.y, values: checks.map((k) => k.value) }],
        refs: threshold === undefined ? [] : [{ value: threshold, label: 'limit ' + num(threshold), color: '#dc2626' }] });
    }
    const box = el('div', { class: 'chart', 'data-check': 'quality.sequential' });
    grid.append(box);
    lineChart(box, { title: 'Sequential test: log likelihood ratio (mSPRT)', x, yLabel: 'log LR',
      series: [{ label: 'log LR', values: payloads.map((p) => p.sequential && p.sequential.logLikelihoodRatio) }] });
  }
  card.append(el('h3', { text: 'Triggers' }), table(['When', 'Trigger', 'Severity', 'Action', 'Why'], triggers.map((e) => {
    const p = parse(e);
    return [time(e.time), p.trigger, badge(p.severity, tone(p.severity)), p.action, p.reason];
  }), { empty: 'No trigger has fired.', id: 'triggers-table' }));
}

function renderReleases(card, entries) {
  clear(card).append(el('h2', { text: 'Release decisions' }));
  if (!entries.length) {
    card.append(el('p', { class: 'muted' }, 'No decision recorded yet. Record one with ',
      el('code', { text: './assay rank contract ... --record --model NAME' }), ' or POST /api/v1/ranking/contract/evaluate with "record": true.'));
    return;
  }
  const body = el('tbody');
  for (const e of entries) {
    const p = parse(e);
    const tr = el('tr', { class: 'clickable', tabindex: '0', 'data-seq': e.seq, onclick: () => toggle(tr, p),
      onkeydown: (ev) => { if (ev.key === 'Enter') toggle(tr, p); } },
    el('td', { class: 'num', text: String(e.seq) }), el('td', { text: time(e.time) }), el('td', { text: p.model || e.subject }),
    el('td', {}, el('code', { text: p.contract || '' })), el('td', { text: (p.production || '') + ' → ' + (p.candidate || '') }),
    el('td', {}, badge(p.verdict || '?', tone(p.verdict))));
    body.append(tr);
  }
  card.append(el('table', { id: 'releases-table' }, el('thead', {}, el('tr', {},
    ['Seq', 'When', 'Model', 'Contract', 'Production → candidate', 'Verdict'].map((h) => el('th', { scope: 'col', text: h })))), body));
}

function toggle(tr, p) {
  const open = tr.nextElementSibling && tr.nextElementSibling.classList.contains('detail');
  if (open) { tr.nextElementSibling.remove(); return; }
  const guards = p.guards || [];
  const charts = el('div', { class: 'charts' });
  const cell = el('td', { colspan: 6 },
    table(['Guard', 'Kind', 'Verdict', 'Estimate', 'Lower bound', 'Threshold', 'p', 'Samples', 'Detail'], guards.map((g) => [
      el('strong', { text: g.guard }), g.kind, badge(g.verdict, tone(g.verdict)), signed(g.estimate), signed(g.lower),
      num(g.threshold), num(g.adjustedPValue ?? g.pValue), num(g.samples), el('span', { class: 'small', text: g.detail || '' })])),
    charts);
  tr.after(el('tr', { class: 'detail' }, cell));
  for (const g of guards) {
    const h = g.histogram;
    if (!h || !Array.isArray(h.counts) || !Array.isArray(h.edges)) continue;
    const box = el('div', { class: 'chart', 'data-guard': g.guard });
    charts.append(box);
    histogram(box, { title: 'Bootstrap distribution: ' + g.guard, edges: h.edges, counts: h.counts, xLabel: 'mean Δ over topics, candidate − production',
      marks: [{ value: g.lower, label: 'lower bound ' + signed(g.lower), color: '#2563eb' },
        { value: g.threshold, label: 'threshold ' + num(g.threshold), color: '#dc2626', dash: [6, 4] },
        { value: g.estimate, label: 'observed ' + signed(g.estimate), color: '#111827', dash: [2, 3] }] });
  }
}
