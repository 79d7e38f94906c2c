// Models and rollouts: each model's current stages, the versions with their provenance, the history of
// transitions as a timeline, and promote / roll back for operators (a reason is required).
import { el, clear, num, time, ago, badge, tone, notice, table, pretty } from '../lib.js';

export async function render(root, ctx) {
  root.append(el('h1', { text: 'Models and rollouts' }));
  const { models } = await ctx.api('/api/v1/models');
  if (!models.length) {
    root.append(el('section', { class: 'card' }, el('p', { text: 'No model is registered yet.' }),
      el('p', { class: 'muted' }, 'Register one with ', el('code', { text: './assay models register NAME' }),
        ' or POST /api/v1/models (operator).')));
    return;
  }
  const chosen = ctx.params.get('model') || models[0].name;
  const picker = el('nav', { class: 'tabs', 'aria-label': 'Models' }, models.map((m) =>
    el('a', { href: '#/models?model=' + encodeURIComponent(m.name), class: m.name === chosen ? 'active' : '', text: m.name })));
  const detail = el('div', { id: 'model-detail' });
  root.append(picker, detail);
  await show(detail, chosen, ctx);
  ctx.onLeave(ctx.feed.on((event, data) => {
    if (event === 'entry' && (data.subject === chosen || data.subject.startsWith(chosen + '/'))) show(detail, chosen, ctx);
  }));
}

async function show(root, name, ctx) {
  let model;
  let versions;
  let history;
  try {
    [model, versions, history] = await Promise.all([
      ctx.api('/api/v1/models/' + encodeURIComponent(name)),
      ctx.api('/api/v1/models/' + encodeURIComponent(name) + '/versions'),
      ctx.api('/api/v1/ledger/search?limit=100&kind=' + encodeURIComponent('registry.*') + '&subject=' + encodeURIComponent(name)),
    ]);
  } catch (e) {
    clear(root).append(notice(e.message));
    return;
  }
  const mine = history.entries.filter((e) => e.subject === name || e.subject.startsWith(name + '/'));
  clear(root).append(
    el('p', { class: 'muted' }, model.model.description ? model.model.description.replace(/\.?$/, '. ') : '',
      'Registered ' + time(model.model.createdAt) + '.'),
    stages(model, ctx, name),
    el('div', { class: 'grid two' },
      el('section', { class: 'card' }, el('h2', { text: 'Versions' }), versionsTable(versions.versions)),
      el('section', { class: 'card' }, el('h2', { text: 'History' }), timeline(mine))));
}

function stages(model, ctx, name) {
  const card = el('section', { class: 'card wide', id: 'stages' }, el('h2', { text: 'Current stages' }));
  const live = model.deployments.filter((d) => d.stage !== 'RETIRED');
  if (!live.length) {
    card.append(el('p', { class: 'muted', text: 'No version is deployed.' }));
    return card;
  }
  const operator = ctx.can('operator');
  const rows = live.map((d) => {
    const actions = el('td', { class: 'actions' });
    if (d.stage !== 'PRIMARY') {
      const reason = el('input', { type: 'text', placeholder: 'Reason (required)', 'aria-label': 'Reason for ' + d.version,
        class: 'reason', disabled: !operator });
      const out = el('span', { class: 'small action-result' });
      const act = (what) => async () => {
        if (!reason.value.trim()) { out.replaceChildren(notice('Give a reason: it is recorded in the ledger.')); reason.focus(); return; }
        try {
          await ctx.api('/api/v1/models/' + encodeURIComponent(name) + '/' + what,
            { method: 'POST', body: { version: d.version, reason: reason.value.trim() } });
          out.replaceChildren(badge('done', 'good'));
        } catch (e) {
          out.replaceChildren(notice(e.message));
        }
      };
      const title = operator ? '' : 'Needs an operator token';
      actions.append(reason,
        el('button', { type: 'button', class: 'promote', disabled: !operator, title, onclick: act('promote') }, 'Promote'),
        el('button', { type: 'button', class: 'rollback danger', disabled: !operator, title, onclick: act('rollback') }, 'Roll back'),
        out);
    }
    return el('tr', { 'data-version': d.version }, el('td', {}, el('strong', { text: d.version })),
      el('td', {}, badge(d.stage, tone(d.stage))), el('td', { class: 'num', text: num(d.trafficPercent) + ' %' }),
      el('td', { title: time(d.updatedAt), text: ago(d.updatedAt) }), actions);
  });
  card.append(el('table', {}, el('thead', {}, el('tr', {}, ['Version', 'Stage', 'Traffic', 'Changed', ''].map((h) =>
    el('th', { scope: 'col', text: h })))), el('tbody', {}, rows)));
  if (!operator) card.append(el('p', { class: 'muted small', id: 'role-note',
    text: 'Your token is a ' + ctx.me.role + ': promoting and rolling back need an operator token.' }));
  return card;
}

function versionsTable(versions) {
  return table(['Version', 'Registered', 'Data hash', 'Seed', 'Code', 'Config'], versions.map((v) => [
    el('strong', { text: v.version }), el('span', { title: time(v.registeredAt), text: time(v.registeredAt) }),
    el('code', { title: v.provenance.dataHash, text: String(v.provenance.dataHash).slice(0, 12) + '…' }),
    String(v.provenance.seed), el('code', { text: v.provenance.codeVersion }),
    el('details', {}, el('summary', { text: 'config' }), el('pre', { text: pretty(JSON.stringify(v.provenance.config)) }))]),
  { empty: 'No versions yet.' });
}

const WORDS = {
  'registry.model.registered': 'model registered',
  'registry.version.registered': 'version registered',
  'registry.deployment.changed': 'stage changed',
  'registry.deployment.promoted': 'promoted',
  'registry.deployment.rolled-back': 'rolled back',
};

function timeline(entries) {
  if (!entries.length) return el('p', { class: 'muted', text: 'No history yet.' });
  return el('ol', { class: 'timeline', id: 'timeline' }, entries.map((e) => {
    let p = {};
    try { p = JSON.parse(e.payload); } catch { p = {}; }
    const what = WORDS[e.kind] || e.kind;
    const changes = Array.isArray(p.changes) ? p.changes : [];
    const moves = changes.map((c) => c.version + ' ' + c.from + ' → ' + c.to + (c.to !== 'RETIRED' && c.to !== 'PRIMARY'
      && c.trafficPercent ? ' (' + num(c.trafficPercent) + ' %)' : '')).join(', ');
    return el('li', { class: e.kind.endsWith('rolled-back') ? 'bad' : e.kind.endsWith('promoted') ? 'good' : '' },
      el('span', { class: 'when', title: time(e.time), text: time(e.time) }),
      el('span', { class: 'what' }, el('strong', { text: what }), ' ', e.subject),
      moves ? el('span', { class: 'moves small', text: moves }) : null,
      p.reason ? el('span', { class: 'why', text: '“' + p.reason + '”' }) : null,
      el('span', { class: 'seq muted small', text: '#' + e.seq }));
  }));
}
