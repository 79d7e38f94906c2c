// LLM outputs: score a generation (a chat completion response with logprobs, pasted as JSON), see its token
// statistics, the quality check's verdict and the spans most likely to be hallucinated highlighted in its text; the
// distribution of recent perplexities (the only distribution the stats give) and the latest generations that failed the
// check, each with the start of its text (the whole of what the service keeps on request) and its hard spans marked;
// what the model client cost per hour, its circuit breakers, the health of each component and the LLM alerts now active.
// Texts and reasons come from models: they are always set as text, never as markup.
import { el, clear, num, notice, table, badge } from '../lib.js';

const REFRESH_MS = 5000;
/** Code points of a failed generation's text shown before "Show all". */
const PREVIEW = 240;

export async function render(root, ctx) {
  root.append(el('h1', { text: 'LLM outputs' }));
  const tryCard = el('section', { class: 'card wide', id: 'llm-try' });
  const dist = el('section', { class: 'card', id: 'llm-dist' });
  const fails = el('section', { class: 'card wide', id: 'llm-failures' });
  const cost = el('section', { class: 'card', id: 'llm-cost' });
  const client = el('section', { class: 'card', id: 'llm-client' });
  root.append(el('div', { class: 'grid' }, tryCard, dist, cost, client, fails));
  renderTry(tryCard, ctx, () => load());
  const expanded = new Set(); // failures the viewer opened stay open across refreshes

  async function load() {
    let s;
    try {
      s = await ctx.api('/api/v1/llm/stats');
    } catch (e) {
      clear(dist).append(notice(e.message));
      return;
    }
    renderDist(dist, s);
    renderFailures(fails, s, expanded);
    renderCost(cost, s);
    let h = null;
    let healthError = null;
    try {
      h = await ctx.api('/api/v1/llm/health');
    } catch (e) {
      healthError = e.message;
    }
    renderClient(client, s, h, healthError);
  }
  await load();
  const timer = setInterval(load, REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
}

function renderTry(card, ctx, reload) {
  const body = el('textarea', { id: 'llm-body', rows: 8, cols: 80, 'aria-label': 'Chat completion response (JSON)' });
  const out = el('div', { id: 'llm-result', role: 'status' });
  const go = el('button', { type: 'button', id: 'llm-score', onclick: async () => {
    clear(out);
    let parsed;
    try {
      parsed = JSON.parse(body.value);
    } catch (e) {
      out.append(notice('The response is not valid JSON: ' + e.message));
      return;
    }
    try {
      const r = await ctx.api('/api/v1/llm/score', { method: 'POST', body: parsed });
      out.append(result(r));
      reload();
    } catch (e) {
      out.append(notice(e.message));
    }
  } }, 'Score');
  clear(card).append(el('h2', { text: 'Score a generation' }),
    el('p', { class: 'small muted', text: 'An OpenAI-compatible chat completion response requested with logprobs (and top_logprobs for entropy), '
      + 'or a Mu-SHROOM record. Highlighted: the spans most likely to be hallucinated, darker where more likely.' }),
    el('label', { for: 'llm-body', text: 'Response (JSON)' }), body, el('div', { class: 'row' }, go), out);
}

function result(r) {
  const rep = r.report;
  const verdict = r.verdict ? badge(r.verdict.status, r.verdict.status === 'PASS' ? 'good' : 'bad')
    : badge('not checked', 'muted');
  const rows = [
    ['Verdict', verdict],
    ['Tokens', num(rep.tokens)],
    ['Perplexity exp(mean NLL)', num(rep.perplexity)],
    ['Mean of 1/p (the design\'s figure)', num(rep.meanInverseProbability)],
    ['Largest token surprisal (nats)', num(rep.maxSurprisal)],
    ['Largest window mean surprisal (nats, window ' + rep.window + ')', num(rep.maxWindowSurprisal)],
  ];
  if (rep.entropy) rows.push(['Mean entropy, bounds (nats)', num(rep.entropy.meanLower) + ' – ' + num(rep.entropy.meanUpper)]);
  const reasons = r.verdict && r.verdict.reasons.length
    ? el('ul', { class: 'small', id: 'llm-reasons' }, r.verdict.reasons.map((x) => el('li', { text: x })))
    : el('p', { class: 'small muted', text: r.calibrated ? 'Every statistic within its calibrated threshold.'
      : 'The service has no calibration, so nothing is checked: save one with assay llm score --save-calibration into the data directory.' });
  return el('div', {},
    table(['', ''], rows.map(([k, v]) => el('tr', {}, el('th', { scope: 'row', text: k }), el('td', {}, v)))),
    reasons,
    el('h3', { text: 'Text, likely hallucinations highlighted' }),
    highlighted(r.text, r.spans.soft, r.spans.hard, 'llm-text'));
}

/** The text with soft spans shaded by probability and hard spans marked; offsets are code points. */
function highlighted(text, soft, hard, id) {
  const chars = Array.from(text);
  const prob = new Array(chars.length).fill(0);
  for (const s of soft || []) for (let i = s.start; i < Math.min(s.end, chars.length); i++) prob[i] = Math.max(prob[i], s.prob);
  const isHard = new Array(chars.length).fill(false);
  for (const [a, b] of hard || []) for (let i = a; i < Math.min(b, chars.length); i++) isHard[i] = true;
  const box = el('p', { class: 'llm-text', id });
  let i = 0;
  while (i < chars.length) {
    let j = i + 1;
    while (j < chars.length && isHard[j] === isHard[i] && Math.abs(prob[j] - prob[i]) < 0.05) j++;
    const piece = chars.slice(i, j).join('');
    if (isHard[i]) box.append(el('mark', { text: piece, title: 'p = ' + prob[i].toFixed(2), style: 'background: rgba(220,38,38,' + (0.25 + 0.6 * prob[i]).toFixed(2) + ')' }));
    else if (prob[i] >= 0.2) box.append(el('span', { text: piece, title: 'p = ' + prob[i].toFixed(2), style: 'background: rgba(245,158,11,' + (0.4 * prob[i]).toFixed(2) + ')' }));
    else box.append(document.createTextNode(piece));
    i = j;
  }
  return box;
}

function renderDist(card, s) {
  const d = s.perplexity;
  const total = d.count || 1;
  const rows = (d.bins || []).map((b) => el('tr', {},
    el('td', { text: num(b.from) + ' – ' + num(b.to) }), el('td', { text: num(b.count) }),
    el('td', {}, el('div', { class: 'bar', style: 'width:' + Math.max(1, Math.round(100 * b.count / total)) + '%' }))));
  clear(card).append(el('h2', { text: 'Perplexity of recent generations' }),
    el('p', { class: 'small muted', id: 'llm-counts', text: num(s.scored) + ' scored since the service started: ' + num(s.passed) + ' passed, '
      + num(s.failed) + ' failed, ' + num(s.unchecked) + ' not checked' + (s.calibrated ? '' : ' (no calibration)') }),
    d.count ? el('p', { class: 'small', text: 'median ' + num(d.p50) + ', 90th percentile ' + num(d.p90) + ', largest ' + num(d.max) }) : '',
    table(['Perplexity', 'Generations', ''], rows, { id: 'llm-dist-table', empty: 'Nothing scored yet.' }));
}

function renderFailures(card, s, expanded) {
  clear(card).append(el('h2', { text: 'Latest generations that failed the check' }),
    s.failures.length ? el('div', { id: 'llm-failure-list' }, s.failures.map((f) => el('div', { class: 'failure' },
      el('p', { class: 'small' }, el('strong', { text: f.id }), ' perplexity ' + num(f.perplexity) + ': ' + f.reasons.join('; ')),
      failureText(f, f.id + '|' + f.perplexity, expanded))))
      : el('p', { class: 'small muted', text: s.calibrated ? 'None failed.' : 'Nothing is checked without a calibration.' }));
}

/** A failed generation's text with its hard spans marked: its start, and the rest (as far as the service keeps it) on request. */
function failureText(f, key, expanded) {
  const text = f.text || '';
  const chars = Array.from(text);
  if (chars.length <= PREVIEW) return highlighted(text, [], f.hard, null);
  const start = highlighted(chars.slice(0, PREVIEW).join(''), [], f.hard, null);
  start.append(document.createTextNode('…'));
  const whole = highlighted(text, [], f.hard, null);
  const toggle = el('button', { type: 'button', class: 'small llm-more', 'aria-expanded': 'false' });
  const show = (open) => {
    start.hidden = open;
    whole.hidden = !open;
    toggle.textContent = open ? 'Show less' : 'Show all ' + num(chars.length) + ' characters';
    toggle.setAttribute('aria-expanded', String(open));
    if (open) expanded.add(key); else expanded.delete(key);
  };
  toggle.addEventListener('click', () => show(whole.hidden));
  show(expanded.has(key));
  return el('div', { class: 'llm-failure-text' }, start, whole, toggle);
}

/** An amount of money: small per-call costs read better fixed than in scientific notation. */
function money(x) {
  return x === 0 ? '0' : x >= 100 ? x.toFixed(2) : x.toFixed(6);
}

function renderCost(card, s) {
  const hours = s.costPerHour || [];
  const max = Math.max(0, ...hours.map((b) => b.cost));
  const rows = hours.map((b) => el('tr', {},
    el('td', { text: b.start.slice(11, 16) + ' UTC' }), el('td', { text: money(b.cost) }), el('td', { text: num(b.calls) }),
    el('td', {}, el('div', { class: 'bar', style: 'width:' + (max > 0 ? Math.max(1, Math.round(100 * b.cost / max)) : 0) + '%' }))));
  const budget = s.budget ? el('p', { class: 'small', id: 'llm-budget', text: 'Spent in the last 60 minutes: ' + money(s.budget.spentLastHour)
    + ' of the hourly budget ' + money(s.budget.perHour) + ' ' + s.currency }) : '';
  clear(card).append(el('h2', { text: 'Cost per hour' }),
    el('p', { class: 'small muted', text: s.configured ? 'Calls through the chat proxy to ' + s.provider + ' (' + s.model + '), last 24 hours, in '
      + s.currency + '.' : 'No model is configured (llm.provider, llm.model), so nothing is spent.' }),
    budget,
    table(['Hour', 'Cost', 'Calls', ''], rows, { id: 'llm-cost-table', empty: 'No model configured.' }));
}

function statusBadge(status) {
  return badge(status, status === 'HEALTHY' || status === 'CLOSED' ? 'good' : status === 'DEGRADED' || status === 'HALF_OPEN' ? 'warn' : 'bad');
}

function renderClient(card, s, h, healthError) {
  const breakers = Object.entries(s.breakers || {}).map(([p, st]) => el('tr', {}, el('td', { text: p }), el('td', {}, statusBadge(st))));
  const parts = [el('h2', { text: 'Model client' }),
    table(['Provider', 'Circuit breaker'], breakers, { id: 'llm-breakers', empty: 'No model configured.' })];
  if (h) {
    parts.push(el('p', { id: 'llm-health-overall' }, 'Overall ', statusBadge(h.status)),
      table(['Component', 'Health', 'Why'], h.components.map((c) => el('tr', {}, el('td', { text: c.name }), el('td', {}, statusBadge(c.status)),
        el('td', { class: 'small', text: c.reasons.join('; ') }))), { id: 'llm-health' }),
      el('h3', { text: 'Active alerts' }),
      h.alerts.length ? el('ul', { id: 'llm-alerts' }, h.alerts.map((a) => el('li', {},
        badge(a.severity, a.severity === 'WARNING' ? 'warn' : 'bad'), ' ', el('strong', { text: a.title }), el('span', { class: 'small', text: ' since '
          + a.since + ': ' + a.detail }))))
        : el('p', { class: 'small muted', id: 'llm-alerts', text: 'None of the ' + h.rules.length + ' rules (' + h.rules.join(', ') + ') holds.' }));
  } else {
    parts.push(notice(healthError || 'Health is not available.'));
  }
  clear(card).append(...parts);
}
