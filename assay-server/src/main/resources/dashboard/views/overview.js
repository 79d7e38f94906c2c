// Overview: store and ledger health, the last verification, alerts of the last 24 hours (live),
// and the ledger's entries newest first, searchable, each expandable to its evidence and checkable in place.
import { el, clear, num, time, ago, badge, tone, notice, table, pretty } from '../lib.js';

const DAY_MS = 24 * 3600 * 1000;
const PAGE = 25;

export async function render(root, ctx) {
  const health = el('section', { class: 'card', id: 'health' }, el('h2', { text: 'Store' }));
  const ledger = el('section', { class: 'card', id: 'ledger' }, el('h2', { text: 'Ledger' }));
  const verification = el('section', { class: 'card', id: 'verification' }, el('h2', { text: 'Verification' }));
  const alerts = el('section', { class: 'card wide', id: 'alerts' }, el('h2', { text: 'Alerts, last 24 hours' }));
  const entries = el('section', { class: 'card wide', id: 'entries' }, el('h2', { text: 'Ledger entries' }));
  root.append(el('h1', { text: 'Overview' }), el('div', { class: 'grid' }, health, ledger, verification, alerts, entries));

  const [ready, summary, triggers] = await Promise.all([
    fetch('/health/ready').then((r) => r.json()).catch(() => null),
    ctx.api('/api/v1/ledger/summary'),
    ctx.api('/api/v1/ledger/search?kind=' + encodeURIComponent('*.trigger') + '&limit=100'),
  ]);
  renderHealth(health, ready);
  renderLedger(ledger, summary);
  renderVerification(verification, summary, ctx);
  let alertList = triggers.entries.filter((e) => Date.now() - Date.parse(e.time) < DAY_MS);
  renderAlerts(alerts, alertList);
  const list = entryList(entries, ctx);
  await list.load();

  if (summary.verifying) setTimeout(async () => {
    const s = await ctx.api('/api/v1/ledger/summary');
    renderVerification(verification, s, ctx);
  }, 1500);

  ctx.onLeave(ctx.feed.on((event, data) => {
    if (event === 'entry') {
      renderLedger(ledger, { ...summary, headSeq: data.seq, newestTime: data.time });
      if (data.kind.endsWith('.trigger')) {
        alertList = [data, ...alertList];
        renderAlerts(alerts, alertList);
      }
      list.live(data);
    } else if (event === 'verification') {
      renderVerification(verification, { ...summary, lastVerification: data, verifying: false }, ctx);
    } else if (event === 'reset') {
      ctx.rerender();
    }
  }));
}

function renderHealth(card, ready) {
  clear(card).append(el('h2', { text: 'Store' }));
  if (!ready) { card.append(notice('The readiness check did not answer.')); return; }
  card.append(el('p', { class: 'big' }, badge(ready.status, tone(ready.status))));
  const checks = Object.entries(ready.components || {});
  card.append(el('ul', { class: 'plain' }, checks.map(([name, c]) =>
    el('li', {}, badge(c.status || String(c), tone(c.status || c)), ' ', name, c.detail ? ' — ' + c.detail : ''))));
}

function renderLedger(card, s) {
  clear(card).append(el('h2', { text: 'Ledger' }),
    el('p', { class: 'big', id: 'ledger-size' }, num(s.headSeq), el('span', { class: 'unit', text: ' entries' })),
    el('p', { class: 'muted' }, s.newestTime ? 'Newest ' + time(s.newestTime) + ' (' + ago(s.newestTime) + ')' : 'No entries yet.'),
    el('p', { class: 'muted small' }, 'Signing key ', el('code', { text: s.keyId })));
  if (s.checkpoint) card.append(checkpointDetails(s));
}

// The signed checkpoint (C2SP tlog-checkpoint) an auditor or witness checks, and the key that verifies it.
function checkpointDetails(s) {
  const [origin, size, root] = s.checkpoint.split('\n');
  return el('details', { id: 'ledger-checkpoint' },
    el('summary', {}, 'Signed checkpoint: ', el('strong', { text: num(Number(size)) }), ' entries, root ', el('code', { text: root.slice(0, 12) + '…' }),
      Number(size) < s.headSeq ? el('span', { class: 'muted', text: ' (as the page loaded; reload for the newest)' }) : null),
    el('pre', { class: 'small', text: s.checkpoint }),
    el('p', { class: 'muted small' }, 'Log ', el('code', { text: origin }), '; verifier key ', el('code', { text: s.verifierKey })),
    el('p', { class: 'muted small', text: 'Audit it offline: assay ledger audit --state DIR --checkpoint <URL of /api/v1/ledger/checkpoint>; tiles for any C2SP client under /api/v1/ledger/tlog/.' }));
}

function renderVerification(card, s, ctx) {
  clear(card).append(el('h2', { text: 'Verification' }));
  const v = s.lastVerification;
  if (!v) {
    card.append(el('p', { class: 'muted', text: s.verifying ? 'Verifying the chain now…' : 'Not verified since the service started.' }));
  } else {
    const r = v.result;
    card.append(el('p', { class: 'big', id: 'verification-status' },
      badge(r.valid ? 'VALID' : 'INVALID', r.valid ? 'good' : 'bad')),
    el('p', { class: 'muted' }, r.mode + ' check of ' + num(r.entriesChecked) + ' entries, ' + time(v.at) + ' (' + ago(v.at) + ')'));
    if (!r.valid) card.append(el('p', { class: 'notice error', role: 'alert', id: 'verification-problem' },
      el('strong', { text: r.problem + ' at entry ' + r.firstBadSeq + ': ' }), r.detail));
  }
  const out = el('span', { class: 'muted small' });
  const button = el('button', { type: 'button', id: 'verify-full', disabled: !ctx.can('operator'),
    title: ctx.can('operator') ? 'Check every hash, link and signature' : 'Verifying needs an operator token',
    onclick: async () => {
      button.disabled = true;
      out.textContent = ' verifying…';
      try {
        await ctx.api('/api/v1/ledger/verify?mode=FULL');
        out.textContent = '';
      } catch (e) {
        out.textContent = ' ' + e.message;
      } finally {
        button.disabled = false;
      }
    } }, 'Verify every signature now');
  card.append(el('p', {}, button, out));
  if (!ctx.can('operator')) card.append(el('p', { class: 'muted small', text: 'Your token is a viewer: verifying on demand needs operator.' }));
}

function payloadOf(entry) {
  try { return JSON.parse(entry.payload); } catch { return {}; }
}

function renderAlerts(card, list) {
  clear(card).append(el('h2', {}, 'Alerts, last 24 hours ', list.length ? badge(String(list.length), 'bad') : null));
  card.append(table(['When', 'Severity', 'Subject', 'Trigger', 'Action', 'Why'], list.map((e) => {
    const p = payloadOf(e);
    return [el('span', { title: time(e.time), text: ago(e.time) }), badge(p.severity || '?', tone(p.severity)), e.subject,
      p.trigger || e.kind, p.action || '', p.reason || ''];
  }), { empty: 'No alerts in the last 24 hours.', id: 'alerts-table' }));
}

function entryList(card, ctx) {
  const form = el('form', { class: 'filters', id: 'entry-search' },
    el('input', { name: 'q', type: 'search', placeholder: 'Text in kind, subject or payload', 'aria-label': 'Search text' }),
    el('input', { name: 'kind', placeholder: 'Kind, e.g. registry.* or *.trigger', 'aria-label': 'Kind' }),
    el('input', { name: 'subject', placeholder: 'Subject starts with', 'aria-label': 'Subject' }),
    el('button', { type: 'submit' }, 'Search'));
  const body = el('tbody');
  const more = el('button', { type: 'button', class: 'link', hidden: true }, 'Older entries');
  const status = el('p', { class: 'muted small' });
  card.append(form, el('table', { id: 'entries-table' },
    el('thead', {}, el('tr', {}, ['Seq', 'When', 'Kind', 'Subject'].map((h) => el('th', { scope: 'col', text: h })))), body),
    status, more);
  let next = null;
  let filtered = false;

  function row(e) {
    const tr = el('tr', { class: 'clickable', tabindex: '0', 'data-seq': e.seq, title: 'Show the evidence',
      onclick: () => toggle(tr, e), onkeydown: (ev) => { if (ev.key === 'Enter') toggle(tr, e); } },
    el('td', { class: 'num', text: String(e.seq) }), el('td', { title: time(e.time), text: time(e.time) }),
    el('td', {}, el('code', { text: e.kind })), el('td', { text: e.subject }));
    return tr;
  }

  function toggle(tr, e) {
    const open = tr.nextElementSibling && tr.nextElementSibling.classList.contains('detail');
    if (open) { tr.nextElementSibling.remove(); return; }
    const result = el('span', { class: 'check-result' });
    const check = el('button', { type: 'button', class: 'check', onclick: async (ev) => {
      ev.stopPropagation();
      result.replaceChildren('checking…');
      try {
        const c = await ctx.api('/api/v1/ledger/' + e.seq + '/check');
        result.replaceChildren(c.valid ? badge('VALID', 'good') : badge('INVALID', 'bad'), ' ',
          c.valid ? 'hash, signature and links hold' : c.problems.map((p) => p.problem + ': ' + p.detail).join('; '));
      } catch (err) {
        result.replaceChildren(notice(err.message));
      }
    } }, 'Verify this entry');
    tr.after(el('tr', { class: 'detail' }, el('td', { colspan: 4 },
      el('pre', { class: 'payload', text: pretty(e.payload) }),
      el('dl', { class: 'hashes' },
        el('dt', { text: 'hash' }), el('dd', {}, el('code', { text: e.hash })),
        el('dt', { text: 'previous' }), el('dd', {}, el('code', { text: e.prevHash })),
        el('dt', { text: 'key' }), el('dd', {}, el('code', { text: e.keyId }))),
      el('p', {}, check, ' ', result))));
  }

  function query(before) {
    const data = new FormData(form);
    const q = new URLSearchParams({ limit: String(PAGE) });
    for (const k of ['q', 'kind', 'subject']) if (data.get(k)) q.set(k, data.get(k));
    filtered = q.has('q') || q.has('kind') || q.has('subject');
    if (before) q.set('before', String(before));
    return '/api/v1/ledger/search?' + q;
  }

  async function load(before) {
    if (!before) body.replaceChildren();
    try {
      const page = await ctx.api(query(before));
      body.append(...page.entries.map(row));
      next = page.nextBefore;
      more.hidden = next === null || next === undefined;
      status.textContent = body.children.length ? '' : (filtered ? 'No entry matches.' : 'The ledger is empty.');
    } catch (e) {
      status.replaceChildren(notice(e.message));
    }
  }

  form.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  more.addEventListener('click', () => load(next));
  return {
    load,
    live(e) {
      if (filtered) return;
      body.prepend(row(e));
      while (body.querySelectorAll('tr:not(.detail)').length > PAGE * 4) body.lastElementChild.remove();
      status.textContent = '';
    },
  };
}
