// Shared helpers of the dashboard: the API client, DOM building, number and time formatting, charts.

const TOKEN_KEY = 'assay.token';

export const session = {
  token: () => sessionStorage.getItem(TOKEN_KEY),
  set: (t) => sessionStorage.setItem(TOKEN_KEY, t),
  clear: () => sessionStorage.removeItem(TOKEN_KEY),
};

/** An API answer other than 2xx: the status and the message of the JSON error body. */
export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** Calls the API with the session's bearer token; resolves to the parsed JSON body. */
export async function api(path, { method = 'GET', body } = {}) {
  const headers = { Authorization: 'Bearer ' + session.token(), Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  if (!res.ok) throw new ApiError(res.status, (data && (data.message || (data.error && data.error.message))) || text || res.statusText, data);
  return data;
}

/** Builds an element: attrs may hold class, text, title, on* handlers, data-*, and any attribute. */
export function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k === 'text') e.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') e.addEventListener(k.slice(2), v);
    else if (v === true) e.setAttribute(k, '');
    else e.setAttribute(k, String(v));
  }
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    e.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return e;
}

export function clear(node) {
  node.replaceChildren();
  return node;
}

/** A number for people: three significant digits, thousands grouped, '—' when absent. */
export function num(v, digits = 3) {
  if (v === null || v === undefined || v === '') return '—';
  if (typeof v === 'string') return v === 'Infinity' ? '∞' : v === '-Infinity' ? '−∞' : v;
  if (!Number.isFinite(v)) return '—';
  if (Number.isInteger(v) && Math.abs(v) < 1e15) return v.toLocaleString('en-US');
  const a = Math.abs(v);
  if (a >= 1e6 || (a > 0 && a < 1e-3)) return v.toExponential(digits - 1).replace('e', '×10^');
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  return Number(v.toPrecision(digits)).toString();
}

/** A signed number (+0.012), for deltas. */
export function signed(v, digits = 3) {
  const s = num(v, digits);
  return typeof v === 'number' && v > 0 ? '+' + s : s;
}

/** A percentage for p-values and traffic shares. */
export function pct(v) {
  return v === null || v === undefined ? '—' : num(v) + ' %';
}

/** An instant as 'YYYY-MM-DD HH:MM:SS UTC'. */
export function time(iso) {
  if (!iso) return '—';
  return String(iso).replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
}

/** How long ago an instant was, roughly ('3 min ago'). */
export function ago(iso) {
  if (!iso) return '';
  const s = Math.round((Date.now() - Date.parse(iso)) / 1000);
  if (s < 0) return 'in the future';
  if (s < 60) return s + ' s ago';
  if (s < 3600) return Math.round(s / 60) + ' min ago';
  if (s < 172800) return Math.round(s / 3600) + ' h ago';
  return Math.round(s / 86400) + ' days ago';
}

/** A coloured label: kind is good, bad, warn, info or muted. */
export function badge(text, kind = 'muted') {
  return el('span', { class: 'badge ' + kind, text });
}

/** The badge kind of a verdict or status word. */
export function tone(word) {
  const w = String(word || '').toUpperCase();
  if (['PASS', 'RELEASE', 'OK', 'UP', 'RUNNING', 'PRIMARY', 'VALID', 'INFO'].includes(w)) return 'good';
  if (['FAIL', 'BLOCK', 'DOWN', 'CRITICAL', 'EMERGENCY', 'INVALID', 'ROLLED_BACK', 'RETIRED'].includes(w)) return 'bad';
  if (['INCONCLUSIVE', 'WARNING', 'CANARY', 'AB', 'SHADOW', 'TOO_FEW_POINTS', 'NO_DATA', 'STOPPED'].includes(w)) return 'warn';
  return 'muted';
}

/** A message box in the page (error, info, ok). */
export function notice(message, kind = 'error') {
  return el('p', { class: 'notice ' + kind, role: kind === 'error' ? 'alert' : 'status', text: message });
}

/** A table from column headings and rows of cells (strings or nodes). */
export function table(headings, rows, { caption, empty = 'Nothing yet.', id } = {}) {
  if (!rows.length) return el('p', { class: 'muted empty', id, text: empty });
  return el('table', { id },
    caption ? el('caption', { text: caption }) : null,
    el('thead', {}, el('tr', {}, headings.map((h) => el('th', { scope: 'col', text: h })))),
    el('tbody', {}, rows.map((r) => (r instanceof Node ? r : el('tr', {}, r.map((c) => el('td', {}, c)))))));
}

/** A JSON text pretty-printed, or the text itself when it is not JSON. */
export function pretty(text) {
  try { return JSON.stringify(JSON.parse(text), null, 2); } catch { return String(text); }
}

const PALETTE = ['#2563eb', '#dc2626', '#059669', '#d97706', '#7c3aed'];

/**
 * A line chart with uPlot: x values (seconds since the epoch, or plain numbers with {time:false}),
 * named series, optional horizontal reference lines [{value, label}] drawn dashed.
 */
export function lineChart(container, { title, x, series, yLabel, refs = [], height = 200, time = true }) {
  const width = Math.max(320, Math.min(container.clientWidth || 560, 900));
  const refValues = refs.map((r) => r.value).filter((v) => typeof v === 'number' && Number.isFinite(v));
  const opts = {
    title, width, height,
    scales: {
      x: { time },
      // The y range always holds the reference lines, so a limit far from the data is still seen.
      y: { range: (u, min, max) => {
        const lo = Math.min(min ?? 0, ...refValues);
        const hi = Math.max(max ?? 1, ...refValues);
        const pad = (hi - lo || Math.abs(hi) || 1) * 0.1;
        return [lo - pad, hi + pad];
      } },
    },
    axes: [{}, { label: yLabel, size: 60 }],
    legend: { show: false },
    series: [{}, ...series.map((s, i) => ({ label: s.label, stroke: s.color || PALETTE[i % PALETTE.length], width: 2,
      points: { show: true, size: 5 }, spanGaps: false }))],
    hooks: { draw: [(u) => drawRefs(u, refs)] },
  };
  const data = [x, ...series.map((s) => s.values.map((v) => (typeof v === 'number' && Number.isFinite(v) ? v : null)))];
  return new window.uPlot(opts, data, container);
}

/** A histogram with uPlot: bin edges (n+1) and counts (n), with vertical marks [{value, label, color}]. */
export function histogram(container, { title, edges, counts, xLabel, marks = [], height = 220 }) {
  const width = Math.max(320, Math.min(container.clientWidth || 560, 900));
  const centers = counts.map((_, i) => (edges[i] + edges[i + 1]) / 2);
  const opts = {
    title, width, height,
    scales: { x: { time: false } },
    axes: [{ label: xLabel }, { label: 'resamples', size: 60 }],
    legend: { show: false },
    series: [{}, { label: 'resamples', fill: 'rgba(37,99,235,0.35)', stroke: '#2563eb', width: 1,
      paths: window.uPlot.paths.bars({ size: [1, Infinity], gap: 1 }), points: { show: false } }],
    hooks: { draw: [(u) => drawMarks(u, marks)] },
  };
  return new window.uPlot(opts, [centers, counts], container);
}

function drawRefs(u, refs) {
  const { ctx } = u;
  for (const r of refs) {
    if (typeof r.value !== 'number' || !Number.isFinite(r.value)) continue;
    const y = u.valToPos(r.value, 'y', true);
    ctx.save();
    ctx.strokeStyle = r.color || '#6b7280';
    ctx.setLineDash([6, 4]);
    ctx.lineWidth = 1.5 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(u.bbox.left, y);
    ctx.lineTo(u.bbox.left + u.bbox.width, y);
    ctx.stroke();
    ctx.fillStyle = r.color || '#374151';
    ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.textAlign = 'right';
    ctx.fillText(r.label, u.bbox.left + u.bbox.width - 4 * devicePixelRatio, y - 4 * devicePixelRatio);
    ctx.restore();
  }
}

function drawMarks(u, marks) {
  const { ctx } = u;
  marks.forEach((m, i) => {
    if (typeof m.value !== 'number' || !Number.isFinite(m.value)) return;
    const x = u.valToPos(m.value, 'x', true);
    ctx.save();
    ctx.strokeStyle = m.color || '#111827';
    ctx.setLineDash(m.dash || []);
    ctx.lineWidth = 2 * devicePixelRatio;
    ctx.beginPath();
    ctx.moveTo(x, u.bbox.top);
    ctx.lineTo(x, u.bbox.top + u.bbox.height);
    ctx.stroke();
    ctx.fillStyle = m.color || '#111827';
    ctx.font = `${12 * devicePixelRatio}px system-ui, sans-serif`;
    ctx.textAlign = 'left';
    ctx.textBaseline = 'alphabetic';
    ctx.fillText(m.label, x + 4 * devicePixelRatio, u.bbox.top + (14 + 14 * i) * devicePixelRatio);
    ctx.restore();
  });
}
