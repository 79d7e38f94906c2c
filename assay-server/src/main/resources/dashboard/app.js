// The dashboard shell: log in with a bearer token, list the pages the server's modules registered,
// keep one live stream of ledger entries, and render the page named in the address (#/page?x=y).
import { api, ApiError, session, el, clear, notice } from './lib.js';

const main = document.getElementById('main');
const nav = document.getElementById('nav');
const who = document.getElementById('who');
const live = document.getElementById('live');
const logout = document.getElementById('logout');

const ROLES = ['viewer', 'operator', 'admin'];
let views = [];
let me = null;
let leave = [];
let generation = 0;

/** Live ledger entries over server-sent events, read with fetch so the bearer token can be sent. */
const feed = {
  listeners: new Set(),
  controller: null,
  on(fn) { this.listeners.add(fn); return () => this.listeners.delete(fn); },
  emit(event, data) { for (const fn of [...this.listeners]) { try { fn(event, data); } catch (e) { console.error(e); } } },
  async start() {
    this.stop();
    const controller = new AbortController();
    this.controller = controller;
    while (!controller.signal.aborted) {
      try {
        const res = await fetch('/api/v1/ledger/stream', {
          headers: { Authorization: 'Bearer ' + session.token(), Accept: 'text/event-stream' }, signal: controller.signal });
        if (!res.ok || !res.body) throw new Error('stream answered ' + res.status);
        live.hidden = false;
        const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value.replace(/\r\n/g, '\n');
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const block = buf.slice(0, i);
            buf = buf.slice(i + 2);
            let event = 'message';
            const data = [];
            for (const line of block.split('\n')) {
              if (line.startsWith('event:')) event = line.slice(6).trim();
              else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
            }
            if (data.length) {
              let parsed = null;
              try { parsed = JSON.parse(data.join('\n')); } catch { parsed = data.join('\n'); }
              this.emit(event, parsed);
            }
          }
        }
      } catch (e) {
        if (controller.signal.aborted) return;
      }
      live.hidden = true;
      await new Promise((r) => setTimeout(r, 2000));
    }
  },
  stop() {
    if (this.controller) this.controller.abort();
    this.controller = null;
    live.hidden = true;
  },
};

function can(role) {
  return me && ROLES.indexOf(me.role) >= ROLES.indexOf(role);
}

function parseHash() {
  const h = location.hash.replace(/^#\/?/, '');
  const [path, query] = h.split('?');
  return { id: path || (views[0] && views[0].id), params: new URLSearchParams(query || '') };
}

/** Changes the address's parameters for the current page without a new history entry per click. */
function setParams(params) {
  const { id } = parseHash();
  const q = new URLSearchParams(params).toString();
  history.replaceState(null, '', '#/' + id + (q ? '?' + q : ''));
}

async function render() {
  for (const fn of leave) fn();
  leave = [];
  const mine = ++generation;
  const { id, params } = parseHash();
  const view = views.find((v) => v.id === id);
  for (const a of nav.querySelectorAll('a')) a.classList.toggle('active', a.dataset.view === id);
  if (!view) {
    clear(main).append(notice('There is no page "' + id + '". Pick one above.'));
    return;
  }
  document.title = view.title + ' · Assay';
  // Each rendering gets its own container: one still loading when the address changes writes into a detached node.
  const root = el('div', { class: 'view', 'data-view': view.id });
  main.replaceChildren(root);
  const ctx = {
    api, el, me, can, params, setParams, feed,
    // A page left before it finished loading releases what it registers at once.
    onLeave: (fn) => (mine === generation ? leave.push(fn) : fn()),
    rerender: render,
  };
  try {
    const mod = await import('./' + view.script);
    await mod.render(root, ctx);
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return showLogin('The token is no longer valid; log in again.');
    root.append(notice('This page failed to load: ' + e.message));
  }
}

function showLogin(message) {
  feed.stop();
  session.clear();
  me = null;
  nav.replaceChildren();
  who.textContent = '';
  logout.hidden = true;
  const node = document.getElementById('login-template').content.cloneNode(true);
  clear(main).append(node);
  const error = document.getElementById('login-error');
  if (message) { error.textContent = message; error.hidden = false; }
  document.getElementById('token').focus();
  document.getElementById('login-form').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    session.set(document.getElementById('token').value.trim());
    error.hidden = true;
    const ok = await start();
    if (!ok) {
      session.clear();
      error.textContent = 'That token was refused: it is unknown or revoked.';
      error.hidden = false;
    }
  });
}

async function start() {
  try {
    me = await api('/api/v1/whoami');
  } catch (e) {
    if (e instanceof ApiError && (e.status === 401 || e.status === 403)) return false;
    clear(main).append(notice('The service did not answer: ' + e.message));
    return true;
  }
  who.textContent = (me.name ? me.name + ' · ' : '') + me.role;
  who.title = 'Token ' + me.tokenId;
  logout.hidden = false;
  views = (await api('/api/v1/dashboard/views')).views;
  nav.replaceChildren(...views.map((v) => el('a', { href: '#/' + v.id, 'data-view': v.id, text: v.title })));
  feed.start();
  await render();
  return true;
}

logout.addEventListener('click', () => showLogin());
// A page being left (or frozen in the back-forward cache) gives its event stream's connection back at once:
// a browser holds at most six connections per server.
window.addEventListener('pagehide', () => feed.stop());
window.addEventListener('pageshow', (ev) => { if (ev.persisted && me) feed.start(); });
window.addEventListener('hashchange', () => { if (me) render(); });

if (session.token()) {
  start().then((ok) => { if (!ok) showLogin('The saved token was refused; log in again.'); });
} else {
  showLogin();
}
