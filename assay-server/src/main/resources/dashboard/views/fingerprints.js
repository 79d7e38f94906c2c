// Fingerprints: the behavioural signatures built, the latest verifications and identifications, and per reference
// model the drift checks' largest CUSUM statistic against its threshold over time, all from the ledger (live).
import { el, clear, num, time, badge, notice, table, lineChart } from '../lib.js';

const LIMIT = 100;
const VERDICT_TONE = { SAME: 'good', DIFFERENT: 'bad', UNDECIDED: 'warn' };

export async function render(root, ctx) {
  root.append(el('h1', { text: 'Fingerprints' }));
  const builds = el('section', { class: 'card wide', id: 'fp-builds' });
  const verdicts = el('section', { class: 'card wide', id: 'fp-verdicts' });
  const drift = el('section', { class: 'card wide', id: 'fp-drift' });
  root.append(el('div', { class: 'grid' }, builds, verdicts, drift));

  async function load() {
    let h;
    try {
      h = await ctx.api('/api/v1/fingerprint/history?limit=' + LIMIT);
    } catch (e) {
      clear(builds).append(notice(e.message));
      return;
    }
    renderBuilds(builds, h);
    renderVerdicts(verdicts, h);
    renderDrift(drift, h);
  }
  await load();

  let pending = null;
  ctx.onLeave(ctx.feed.on((event, data) => {
    if (event === 'reset' || (event === 'entry' && data.kind.startsWith('fingerprint.'))) {
      clearTimeout(pending);
      pending = setTimeout(load, 150);
    }
  }));
}

function seq(s) {
  return el('td', { class: 'num', text: String(s) });
}

function short(digest) {
  if (!digest) return '—';
  const hex = String(digest).replace(/^sha256:/, '');
  return el('code', { title: digest, text: hex.slice(0, 12) + '…' });
}

function more(card, list, limit, what) {
  if (list.length === limit) card.append(el('p', { class: 'muted small', text: 'The newest ' + limit + ' ' + what + ' are shown.' }));
}

function renderBuilds(card, h) {
  clear(card).append(el('h2', { text: 'Signatures built' }));
  card.append(table(['Seq', 'When', 'Model', 'Responses', 'Probes', 'Dimension', 'Digest'], h.builds.map((b) =>
    el('tr', { 'data-seq': b.seq }, seq(b.seq), el('td', { text: time(b.time) }), el('td', {}, el('strong', { text: b.model ?? '' })),
      el('td', { class: 'num', text: num(b.responses) }), el('td', { class: 'num', text: num(b.probes) }),
      el('td', { class: 'num', text: num(b.dimension) }), el('td', {}, short(b.digest)))),
  { empty: 'No signature recorded yet. Record one with assay fingerprint build, or POST /api/v1/fingerprint/build with "record": true.',
    id: 'fp-builds-table' }));
  more(card, h.builds, h.limit, 'signatures');
}

function renderVerdicts(card, h) {
  clear(card).append(el('h2', { text: 'Latest verdicts' }), el('h3', { text: 'Verifications' }));
  card.append(table(['Seq', 'When', 'Verdict', 'Reference', 'Candidate', 'p-value', 'Mode'], h.verifications.map((v) =>
    el('tr', { 'data-seq': v.seq, title: v.reason ?? '' }, seq(v.seq), el('td', { text: time(v.time) }),
      el('td', {}, badge(v.verdict ?? '?', VERDICT_TONE[v.verdict] || 'muted')), el('td', { text: v.reference ?? '' }),
      el('td', { class: 'small', text: v.candidate ?? '' }), el('td', { class: 'num', text: v.sequential ? 'sequential' : num(v.pValue) }),
      el('td', { text: v.mode ?? '' }))),
  { empty: 'No verification recorded yet.', id: 'fp-verify-table' }));
  more(card, h.verifications, h.limit, 'verifications');
  card.append(el('h3', { text: 'Identifications' }));
  card.append(table(['Seq', 'When', 'Model', 'Candidate', 'Best score', 'Threshold'], h.identifications.map((i) =>
    el('tr', { 'data-seq': i.seq, title: i.reason ?? '' }, seq(i.seq), el('td', { text: time(i.time) }),
      el('td', {}, i.model === 'none' ? badge('none', 'warn') : el('strong', { text: i.model ?? '' })),
      el('td', { class: 'small', text: i.candidate ?? '' }), el('td', { class: 'num', text: num(i.bestScore) }),
      el('td', { class: 'num', text: num(i.threshold) }))),
  { empty: 'No identification recorded yet.', id: 'fp-identify-table' }));
  more(card, h.identifications, h.limit, 'identifications');
}

function renderDrift(card, h) {
  clear(card).append(el('h2', { text: 'Drift' }));
  if (!h.drift.length) {
    card.append(el('p', { class: 'muted', text: 'No drift check recorded yet. Record one with assay fingerprint drift.' }));
    return;
  }
  const byReference = new Map();
  for (const d of [...h.drift].reverse()) {
    if (!byReference.has(d.reference)) byReference.set(d.reference, []);
    byReference.get(d.reference).push(d);
  }
  const grid = el('div', { class: 'charts' });
  card.append(grid);
  for (const [reference, checks] of byReference) {
    const box = el('div', { class: 'chart', 'data-reference': reference, 'data-checks': checks.length });
    grid.append(box);
    lineChart(box, {
      title: 'Drift of ' + reference, x: checks.map((d) => Date.parse(d.time) / 1000), yLabel: 'CUSUM',
      series: [{ label: 'largest statistic', values: checks.map((d) => d.maxStatistic) },
        { label: 'threshold', color: '#dc2626', values: checks.map((d) => d.threshold) }],
    });
  }
  card.append(el('p', { class: 'muted small', text: 'Blue: the largest CUSUM statistic of each check; red: the threshold it was held against.' }));
  card.append(table(['Seq', 'When', 'Reference', 'Candidate', 'Verdict', 'Type', 'Confidence', 'Largest / threshold', 'Alarmed'],
    h.drift.map((d) => el('tr', { 'data-seq': d.seq, title: d.reason ?? '' }, seq(d.seq), el('td', { text: time(d.time) }),
      el('td', { text: d.reference ?? '' }), el('td', { class: 'small', text: d.candidate ?? '' }),
      el('td', {}, d.drift ? badge('DRIFT', 'bad') : badge('STABLE', 'good')), el('td', { text: d.type ?? '—' }),
      el('td', { class: 'num', text: num(d.confidence) }), el('td', { class: 'num', text: num(d.maxStatistic) + ' / ' + num(d.threshold) }),
      el('td', { class: 'num', text: num(d.alarmedResponses) + ' of ' + num(d.responses) }))),
  { id: 'fp-drift-table' }));
  more(card, h.drift, h.limit, 'drift checks');
}
