// Protocols: name the protocol of a payload (any role), the protocol mix the service has seen, and per quality mode
// how many classifications met their deadline, with latency percentiles and the fallbacks taken.
// Labels and evidence come from traffic: they are always set as text, never as markup.
import { el, clear, num, notice, table, badge } from '../lib.js';

const SOURCE_TONE = { DPI: 'good', LEARNED: 'good', PORT: 'warn', UNKNOWN: 'bad' };
const REFRESH_MS = 5000;

export async function render(root, ctx) {
  root.append(el('h1', { text: 'Protocols' }));
  const tryCard = el('section', { class: 'card wide', id: 'protocol-try' });
  const mix = el('section', { class: 'card', id: 'protocol-mix' });
  const sla = el('section', { class: 'card wide', id: 'protocol-sla' });
  const unknown = el('section', { class: 'card wide', id: 'protocol-unknown' });
  root.append(el('div', { class: 'grid' }, tryCard, mix, sla, unknown));
  renderTry(tryCard, ctx, () => load());

  async function load() {
    let s;
    try {
      s = await ctx.api('/api/v1/protocol/stats');
    } catch (e) {
      clear(mix).append(notice(e.message));
      return;
    }
    renderMix(mix, s);
    renderSla(sla, s);
    try {
      renderUnknown(unknown, await ctx.api('/api/v1/protocol/unknown'));
    } catch (e) {
      clear(unknown).append(notice(e.message));
    }
  }
  await load();
  const timer = setInterval(load, REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
}

function renderTry(card, ctx, reload) {
  const payload = el('textarea', { id: 'protocol-payload', rows: 4, cols: 60, 'aria-label': 'Payload (hex)' });
  const transport = el('select', { id: 'protocol-transport', 'aria-label': 'Transport' },
    el('option', { value: 'TCP', text: 'TCP' }), el('option', { value: 'UDP', text: 'UDP' }));
  const port = el('input', { id: 'protocol-port', type: 'number', min: 0, max: 65535, value: 0, 'aria-label': 'Server port' });
  const mode = el('select', { id: 'protocol-mode', 'aria-label': 'Quality mode' },
    ['fast', 'balanced', 'accurate'].map((m) => el('option', { value: m, text: m })));
  const out = el('div', { id: 'protocol-result', role: 'status' });
  const go = el('button', { type: 'button', id: 'protocol-classify', onclick: async () => {
    clear(out);
    try {
      const r = await ctx.api('/api/v1/protocol/classify', { method: 'POST', body: {
        payload: payload.value, encoding: 'hex', transport: transport.value, serverPort: Number(port.value || 0), mode: mode.value,
      } });
      out.append(result(r));
      reload();
    } catch (e) {
      out.append(notice(e.message));
    }
  } }, 'Classify');
  clear(card).append(el('h2', { text: 'Name the protocol of a payload' }),
    el('p', { class: 'small muted', text: 'The payload\'s bytes in hex, as the client sent them. Evidence cites byte ranges as a>b offset+length.' }),
    el('label', { for: 'protocol-payload', text: 'Payload (hex)' }), payload,
    el('div', { class: 'row' }, el('label', { text: 'Transport ' }, transport), el('label', { text: ' Server port ' }, port),
      el('label', { text: ' Mode ' }, mode), go),
    out);
}

function result(r) {
  const rows = [
    ['Protocol', el('strong', { text: r.label })],
    ['Evidence source', badge(r.source, SOURCE_TONE[r.source] || 'muted')],
    ['Confidence', num(r.confidence)],
    ['Runner-up', r.runnerUp || '—'],
    ['Tiers run / skipped', (r.tiersRun.join(', ') || '—') + ' / ' + (r.tiersSkipped.join(', ') || '—')],
    ['Fallback', r.fallback + (r.cached ? ' (from the cache)' : '')],
    ['Time / deadline', num(r.elapsedMs) + ' ms / ' + num(r.deadlineMs) + ' ms: ' + (r.slaMet ? 'met' : 'missed')],
  ];
  return el('div', {},
    table(['', ''], rows.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: k }), el('td', {}, v)))),
    el('ul', { class: 'small', id: 'protocol-evidence' }, r.evidence.map((e) => el('li', { text: e }))));
}

function renderMix(card, s) {
  const labels = Object.entries(s.stats.labels).sort((a, b) => b[1] - a[1]);
  const total = s.stats.flows || 1;
  clear(card).append(el('h2', { text: 'Protocol mix' }),
    el('p', { class: 'small muted', text: num(s.stats.flows) + ' flows classified since the service started (classifier '
      + s.version + ')' }),
    table(['Protocol', 'Flows', ''], labels.slice(0, 40).map(([label, n]) => el('tr', {},
      el('td', { text: label }), el('td', { text: num(n) }),
      el('td', {}, el('div', { class: 'bar', style: 'width:' + Math.max(1, Math.round(100 * n / total)) + '%', title: (100 * n / total).toFixed(1) + '%' }))),
    ), { id: 'protocol-mix-table', empty: 'No flows classified yet.' }),
    table(['Evidence source', 'Flows'], Object.entries(s.stats.sources).map(([k, n]) => [badge(k, SOURCE_TONE[k] || 'muted'), num(n)]),
      { id: 'protocol-sources', empty: '' }));
}

function renderSla(card, s) {
  const rows = Object.entries(s.stats.modes).map(([mode, m]) => [mode, num(m.requests),
    m.requests ? (100 * m.slaMet / m.requests).toFixed(2) + '%' : '—',
    m.requests ? num(m.p50Micros) + ' / ' + num(m.p95Micros) + ' / ' + num(m.p99Micros) : '—',
    Object.entries(m.fallbacks).map(([k, n]) => k + ' ' + n).join(', ') || '—']);
  clear(card).append(el('h2', { text: 'Deadlines by quality mode' }),
    table(['Mode', 'Requests', 'Deadline met', 'Latency p50 / p95 / p99 (µs)', 'Fallbacks'], rows, { id: 'protocol-sla-table' }));
}

function renderUnknown(card, u) {
  const rows = u.largest.map((g) => {
    const f = g.format;
    const summary = f ? (f.framing ? 'framed; ' : '') + f.messages + ' messages, ' + f.types.length + ' message type(s), '
      + f.types.reduce((n, t) => n + t.fields.length, 0) + ' fields'
      + ((f.chains || []).length ? ', ' + f.chains.length + ' chain(s) of units' : '') : 'too few messages to infer a format';
    const details = g.text ? el('details', {}, el('summary', { text: 'format' }), el('pre', { class: 'small', text: g.text })) : '';
    return el('tr', {}, el('td', { text: g.group }), el('td', { text: num(g.flows) }), el('td', {}, summary, details));
  });
  clear(card).append(el('h2', { text: 'Unknown traffic' }),
    el('p', { class: 'small muted', text: num(u.flows) + ' recent flows no classifier named, in ' + num(u.groups)
      + ' groups (by transport and server port, then alike leading bytes); the largest with their inferred message formats.' }),
    table(['Group', 'Flows', 'Inferred format'], rows, { id: 'protocol-unknown-table', empty: 'No unknown flows yet.' }));
}
