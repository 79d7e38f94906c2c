// Agent guard: the queue of escalated actions waiting for a person (approve or deny with a reason, operators only),
// the latest approval decisions, and the guard's decisions over time, all from the API and the ledger (live).
// Agent names, targets and findings come from agents: they are always set as text, never as markup.
import { el, clear, num, time, ago, badge, notice, table, lineChart } from '../lib.js';

const DECISIONS = ['ALLOW', 'DENY', 'ESCALATE'];
const DECISION_COLOR = { ALLOW: '#059669', DENY: '#dc2626', ESCALATE: '#d97706' };
const STATUS_TONE = { PENDING: 'warn', APPROVED: 'good', DENIED: 'bad', EXPIRED: 'bad' };
const HISTORY = 1000;

export async function render(root, ctx) {
  root.append(el('h1', { text: 'Agent guard' }));
  const queue = el('section', { class: 'card wide', id: 'agent-queue' });
  const decided = el('section', { class: 'card wide', id: 'agent-decided' });
  const chart = el('section', { class: 'card wide', id: 'agent-decisions' });
  const memory = el('section', { class: 'card wide', id: 'agent-memory' });
  const last = el('p', { id: 'agent-last-action', class: 'small', role: 'status' });
  root.append(last, el('div', { class: 'grid' }, queue, decided, chart, memory));

  async function load() {
    let pending, history, approvals, health;
    try {
      [pending, history, approvals, health] = await Promise.all([
        ctx.api('/api/v1/agent/approvals?status=PENDING&limit=200'),
        ctx.api('/api/v1/ledger/search?kind=agent.decision&limit=' + HISTORY),
        ctx.api('/api/v1/ledger/search?kind=' + encodeURIComponent('agent.approval.*') + '&limit=50'),
        ctx.api('/api/v1/agent/health'),
      ]);
    } catch (e) {
      clear(queue).append(notice(e.message));
      return;
    }
    renderQueue(queue, pending.approvals, ctx, load, last);
    renderDecided(decided, approvals.entries.filter((e) => e.kind !== 'agent.approval.requested'));
    renderChart(chart, history.entries);
    renderMemory(memory, health);
  }
  await load();

  let reload = null;
  ctx.onLeave(ctx.feed.on((event, data) => {
    if (event === 'reset' || (event === 'entry' && data.kind.startsWith('agent.'))) {
      clearTimeout(reload);
      reload = setTimeout(load, 150);
    }
  }));
}

function pct(x) {
  return typeof x === 'number' ? (100 * x).toFixed(1) + '%' : '-';
}

// The guard's health over its last 100 decisions and its learned memory (GET /api/v1/agent/health).
function renderMemory(card, h) {
  clear(card).append(el('h2', { text: 'Guard health and learned memory' }));
  const rows = [
    ['Stopped (DENY or ESCALATE), last 100 decisions', pct(h.risk)],
    ['Checks failed, last 100 decisions', pct(h.errorRate)],
  ];
  if (!h.learned) {
    card.append(table(['Measure', 'Value'], rows.map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: v })))),
      el('p', { class: 'small muted', text: 'No learned layer: the guard decides by its rules alone.' }));
    return;
  }
  const m = h.memory;
  rows.push(['Exemplars (safe / unsafe)', num(m.safe) + ' / ' + num(m.unsafe)]);
  rows.push(['Fuller class used', pct(m.utilization)]);
  rows.push(['Consistency (own exemplars decided as labelled)', pct(m.consistency)]);
  rows.push(['Decision rule', m.rule ? 'DENY at P(unsafe) >= ' + m.rule.cut.toFixed(2) + ', ESCALATE above '
    + m.rule.maxEntropy.toFixed(3) + ' bits' : 'not calibrated yet: the learned layer does not decide']);
  rows.push(['Judged when the nearest exemplar is at least', typeof m.minSimilarity === 'number' ? m.minSimilarity.toFixed(3) : '-']);
  card.append(table(['Measure', 'Value'], rows.map(([k, v]) => el('tr', {}, el('td', { text: k }), el('td', { text: v })))));
}

function findingsText(findings) {
  if (!findings || !findings.length) return el('span', { class: 'muted', text: 'none' });
  return el('ul', { class: 'findings small' }, findings.map((f) =>
    el('li', { text: (f.decision ?? '') + ' ' + (f.risk ?? '') + ': ' + (f.evidence ?? '') })));
}

function renderQueue(card, pending, ctx, reload, last) {
  clear(card).append(el('h2', { text: 'Waiting for approval' }));
  const operator = ctx.can('operator');
  const title = operator ? '' : 'Needs an operator token';
  const rows = pending.map((a) => {
    const reason = el('input', { type: 'text', placeholder: 'Reason (required)', 'aria-label': 'Reason for ' + a.id,
      class: 'reason', disabled: !operator, title });
    const out = el('span', { class: 'small action-result' });
    const act = (what) => async () => {
      if (!reason.value.trim()) { out.replaceChildren(notice('Give a reason: it is recorded in the ledger.')); reason.focus(); return; }
      try {
        const done = await ctx.api('/api/v1/agent/approvals/' + encodeURIComponent(a.id) + '/' + what,
          { method: 'POST', body: { reason: reason.value.trim() } });
        out.replaceChildren(badge(done.status, STATUS_TONE[done.status] || 'muted'));
        last.replaceChildren(badge(done.status, STATUS_TONE[done.status] || 'muted'),
          ' ' + (done.summary ?? '') + ' by ' + (done.decidedBy ?? '') + ': ' + (done.reason ?? ''));
        setTimeout(reload, 300);
      } catch (e) {
        out.replaceChildren(notice(e.message));
      }
    };
    return el('tr', { 'data-id': a.id },
      el('td', {}, el('strong', { text: a.agent ?? '(unnamed agent)' })),
      el('td', {}, badge(a.kind ?? '?', 'info'), ' ', el('span', { class: 'small', text: a.tool ?? '' }),
        el('div', {}, el('code', { class: 'target', text: a.target ?? '' }))),
      el('td', {}, findingsText(a.findings)),
      el('td', { title: time(a.createdAt), text: ago(a.createdAt) }),
      el('td', { title: time(a.expiresAt), text: time(a.expiresAt) }),
      el('td', { class: 'actions' }, reason,
        el('button', { type: 'button', class: 'approve', disabled: !operator, title, onclick: act('approve') }, 'Approve'),
        el('button', { type: 'button', class: 'deny danger', disabled: !operator, title, onclick: act('deny') }, 'Deny'),
        out));
  });
  card.append(table(['Agent', 'Action', 'Findings', 'Waiting', 'Expires', ''], rows,
    { empty: 'No action is waiting for approval.', id: 'agent-queue-table' }));
  card.append(el('p', { class: 'muted small', text: 'An action nobody approves before it expires is denied.' }));
  if (!operator) card.append(el('p', { class: 'muted small', id: 'role-note',
    text: 'Your token is a ' + ctx.me.role + ': approving and denying need an operator token.' }));
}

function parse(payload) {
  try { return JSON.parse(payload); } catch { return {}; }
}

function renderDecided(card, entries) {
  clear(card).append(el('h2', { text: 'Latest approval decisions' }));
  card.append(table(['Seq', 'When', 'Outcome', 'Agent', 'Action', 'By', 'Reason'], entries.map((e) => {
    const p = parse(e.payload);
    const outcome = e.kind.replace('agent.approval.', '').toUpperCase();
    return el('tr', { 'data-seq': e.seq }, el('td', { class: 'num', text: String(e.seq) }), el('td', { text: time(e.time) }),
      el('td', {}, badge(outcome, STATUS_TONE[outcome] || 'muted')), el('td', { text: e.subject }),
      el('td', {}, el('code', { text: p.summary ?? '' })), el('td', { text: p.by ?? '' }), el('td', { class: 'small', text: p.reason ?? '' }));
  }), { empty: 'No approval request was decided yet.', id: 'agent-decided-table' }));
}

/** Bucket width in seconds for a time span: minutes up to 2 h, hours up to 2 days, days beyond. */
function bucketOf(spanSeconds) {
  if (spanSeconds <= 2 * 3600) return 60;
  if (spanSeconds <= 2 * 86400) return 3600;
  return 86400;
}

function renderChart(card, entries) {
  clear(card).append(el('h2', { text: 'Decisions over time' }));
  if (!entries.length) {
    card.append(el('p', { class: 'muted', text: 'No decision recorded yet. POST /api/v1/agent/check records each one.' }));
    return;
  }
  const times = entries.map((e) => Date.parse(e.time) / 1000);
  const lo = Math.min(...times);
  const hi = Math.max(...times);
  const width = bucketOf(hi - lo);
  // one empty bucket on either side, so a single bucket still reads as a count against zero
  const first = Math.floor(lo / width) * width - width;
  const n = Math.floor((hi - first) / width) + 2;
  const x = Array.from({ length: n }, (_, i) => first + i * width);
  const counts = Object.fromEntries(DECISIONS.map((d) => [d, new Array(n).fill(0)]));
  entries.forEach((e, i) => {
    const d = parse(e.payload).decision;
    if (counts[d]) counts[d][Math.floor((times[i] - first) / width)]++;
  });
  const box = el('div', { class: 'chart', id: 'agent-decisions-chart', 'data-entries': entries.length, 'data-buckets': n });
  card.append(box);
  lineChart(box, { title: 'Decisions per ' + (width === 60 ? 'minute' : width === 3600 ? 'hour' : 'day'), x, yLabel: 'decisions',
    series: DECISIONS.map((d) => ({ label: d, color: DECISION_COLOR[d], values: counts[d] })) });
  const totals = DECISIONS.map((d) => d + ' ' + num(counts[d].reduce((a, b) => a + b, 0))).join(', ');
  card.append(el('p', { class: 'muted small', text: 'Green ALLOW, red DENY, amber ESCALATE; the newest ' + num(entries.length)
    + ' decisions: ' + totals + (entries.length === HISTORY ? ' (older ones are not shown).' : '.') }));
}
