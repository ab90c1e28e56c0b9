// The console's start: sign in, then a hash router over the pages in views.js.
import * as api from './api.js';
import * as views from './views.js';

const $ = id => document.getElementById(id);
const signInSection = $('sign-in');
const view = $('view');
let cleanup = null;

const ROUTES = [
  [/^\/actions$/, () => views.actions(view), 'actions'],
  [/^\/actions\/new$/, () => views.newAction(view), 'actions'],
  [/^\/action\/(.+)$/, m => views.action(view, m[1]), 'actions'],
  [/^\/activations$/, () => views.activations(view), 'activations'],
  [/^\/activation\/([0-9a-fA-F]+)$/, m => views.activation(view, m[1]), 'activations'],
  [/^\/packages$/, () => views.packages(view), 'packages'],
  [/^\/package\/(.+)$/, m => views.pkg(view, m[1]), 'packages'],
  [/^\/triggers$/, () => views.triggers(view), 'triggers'],
  [/^\/trigger\/(.+)$/, m => views.trigger(view, m[1]), 'triggers'],
  [/^\/rules$/, () => views.rules(view), 'rules'],
];

function showSignedIn(namespace) {
  signInSection.hidden = true;
  view.hidden = false;
  $('nav').hidden = false;
  $('who').hidden = false;
  $('who-namespace').textContent = namespace;
  views.setNamespace(namespace);
}

function showSignIn(message) {
  if (cleanup) { cleanup(); cleanup = null; }
  signInSection.hidden = false;
  view.hidden = true;
  view.replaceChildren();
  $('nav').hidden = true;
  $('who').hidden = true;
  $('sign-in-error').textContent = message || '';
  $('key').value = '';
  $('key').focus();
}

function decoded(text) {
  try {
    return decodeURIComponent(text);
  } catch {
    return text; // a malformed %-escape: taken as it is, and matches no page
  }
}

async function route() {
  if (!api.savedKey()) return;
  const hash = decoded(location.hash.replace(/^#/, '')) || '/actions';
  if (!hash.startsWith('/')) return; // an in-page anchor (the skip link's #main), not a page
  if (cleanup) { cleanup(); cleanup = null; }
  views.clearStaleAnnouncement();
  const found = ROUTES.map(([pattern, render, section]) => [hash.match(pattern), render, section]).find(r => r[0]);
  for (const a of document.querySelectorAll('#nav a')) {
    if (found && a.dataset.section === found[2]) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  if (!found) {
    view.replaceChildren(views.errorBox(new Error('No such page: ' + hash)));
    return;
  }
  const current = location.hash;
  try {
    const done = await found[1](found[0]);
    if (location.hash !== current) { // left while loading
      if (typeof done === 'function') done();
      return;
    }
    cleanup = typeof done === 'function' ? done : null;
    const title = view.querySelector('.page-title');
    if (title && !view.contains(document.activeElement)) title.focus();
  } catch (e) {
    if (e instanceof api.ApiError && e.status === 401) {
      api.forgetKey();
      showSignIn('The key was refused: sign in again.');
      return;
    }
    view.append(views.errorBox(e));
  }
}

$('sign-in-form').addEventListener('submit', async event => {
  event.preventDefault();
  const key = $('key').value.trim();
  const error = $('sign-in-error');
  error.textContent = '';
  if (!/^[^:\s]+:\S+$/.test(key)) {
    error.textContent = 'A namespace key has the form uuid:key.';
    return;
  }
  try {
    const namespaces = (await api.signIn(key)).body;
    $('key').value = '';
    showSignedIn(Array.isArray(namespaces) && namespaces.length ? namespaces[0] : '_');
    views.announce('Signed in.');
    await route();
  } catch (e) {
    error.textContent = e instanceof api.ApiError && (e.status === 401 || e.status === 403)
      ? `The key was refused (HTTP ${e.status}): ${e.message}`
      : `Could not sign in: ${e.message}`;
  }
});

$('sign-out').addEventListener('click', () => {
  api.forgetKey();
  views.announce('Signed out.');
  showSignIn('');
});

window.addEventListener('hashchange', route);

(async () => {
  const key = api.savedKey();
  if (!key) { showSignIn(''); return; }
  try {
    const namespaces = (await api.signIn(key)).body;
    showSignedIn(Array.isArray(namespaces) && namespaces.length ? namespaces[0] : '_');
    await route();
  } catch (e) {
    api.forgetKey();
    showSignIn(e instanceof api.ApiError && e.status === 401 ? 'The saved key was refused: sign in again.' : e.message);
  }
})();
