// The console's pages, one function per route. Each renders into `view` and may answer a cleanup function
// (the activation list stops polling when the page is left).
import {h, table, json, when, link} from './dom.js';
import * as api from './api.js';
import {codeEditor} from './editor.js';

const POLL_MS = 2500;
/** How long a just-answered activation's record is waited for: it is stored after the answer, once its logs are in. */
const RECORD_WAIT_MS = 30000;

const STARTERS = {
  nodejs: "function main(params) {\n  console.log('hello', params.name);\n  return { greeting: 'Hello, ' + (params.name || 'world') };\n}\n",
  python: "def main(args):\n    print('hello', args.get('name'))\n    return {'greeting': 'Hello, ' + args.get('name', 'world')}\n",
};

/** The parts of a list item's namespace and name as the route name: "action" or "package/action". */
function routeName(entity) {
  const pkg = String(entity.namespace || '').split('/')[1];
  return pkg ? pkg + '/' + entity.name : entity.name;
}

function annotation(entity, key) {
  const found = (entity.annotations || []).find(a => a.key === key);
  return found ? found.value : undefined;
}

function heading(text) {
  return h('h2', {tabindex: '-1', class: 'page-title'}, text);
}

/** An error box in the page; role=alert so it is read out at once. */
export function errorBox(e) {
  const text = e instanceof api.ApiError && e.status ? `${e.message} (HTTP ${e.status})` : e.message || String(e);
  return h('p', {class: 'error', role: 'alert'}, text);
}

function replace(container, ...nodes) {
  container.replaceChildren(...nodes.filter(Boolean));
}

// ---- actions

export async function actions(view) {
  replace(view, heading('Actions'), h('p', {}, h('a', {href: '#/actions/new', class: 'button'}, 'New action')),
    h('p', {class: 'loading'}, 'Loading actions…'));
  const list = await api.get(api.path('actions'), {limit: 200});
  const rows = list.map(a => {
    const kind = annotation(a, 'exec') || '';
    return [link('/action/' + routeName(a), routeName(a)), kind === 'sequence' ? 'sequence' : kind, a.version,
      annotation(a, 'web-export') ? 'yes' : ''];
  });
  view.lastChild.replaceWith(table('Actions in this namespace', ['Name', 'Kind', 'Version', 'Web action'], rows,
    'No actions yet: create one.'));
}

export async function newAction(view) {
  const info = await api.deployment().catch(() => ({runtimes: {}}));
  const kinds = Object.values(info.runtimes || {}).flat().filter(r => r && r.kind && !r.deprecated);
  if (kinds.length === 0) kinds.push({kind: 'nodejs:default', default: true});
  const preferred = kinds.find(k => k.kind.startsWith('nodejs') && k.default) || kinds[0];
  const name = h('input', {id: 'action-name', name: 'name', required: true, autocomplete: 'off', spellcheck: 'false',
    pattern: '[A-Za-z0-9_][A-Za-z0-9_@.\\- ]*(/[A-Za-z0-9_][A-Za-z0-9_@.\\- ]*)?'});
  const kind = h('select', {id: 'action-kind', name: 'kind'},
    kinds.filter(k => !k.kind.startsWith('java')).map(k =>
      h('option', {value: k.kind, selected: k === preferred}, k.kind)));
  const code = h('textarea', {id: 'action-code', name: 'code', rows: 12});
  const problem = h('div', {});
  const form = h('form', {class: 'stack', novalidate: true},
    h('label', {for: 'action-name'}, 'Name'), name,
    h('p', {class: 'hint'}, 'Letters, digits, _ @ . - and spaces; "package/name" puts it in a package of yours.'),
    h('label', {for: 'action-kind'}, 'Runtime'), kind,
    h('label', {for: 'action-code'}, 'Code'), code,
    h('p', {class: 'hint'}, 'Tab indents; press Escape, then Tab, to leave the editor.'),
    h('button', {type: 'submit'}, 'Create action'), problem);
  replace(view, heading('New action'), form);
  const editor = codeEditor(code, kind.value);
  editor.setValue(STARTERS[kind.value.split(':')[0]] || '');
  kind.addEventListener('change', () => {
    const family = kind.value.split(':')[0];
    if (Object.values(STARTERS).includes(editor.value())) editor.setValue(STARTERS[family] || '');
    editor.setKind(kind.value);
  });
  form.addEventListener('submit', async event => {
    event.preventDefault();
    const actionName = name.value.trim();
    if (!actionName) {
      replace(problem, errorBox(new Error('Give the action a name.')));
      name.focus();
      return;
    }
    try {
      await api.request('PUT', api.path('actions', actionName),
        {body: {exec: {kind: kind.value, code: editor.value()}}});
      announce(`Created action ${actionName}.`);
      location.hash = '#/action/' + actionName;
    } catch (e) {
      replace(problem, errorBox(e));
    }
  });
  name.focus();
}

export async function action(view, name) {
  replace(view, heading('Action ' + name), h('p', {class: 'loading'}, 'Loading…'));
  const a = (await api.request('GET', api.path('actions', name), {query: {code: true}})).body;
  const exec = a.exec || {};
  const parts = [heading('Action ' + name)];
  const facts = h('dl', {class: 'facts'},
    h('dt', {}, 'Kind'), h('dd', {}, exec.kind || ''),
    h('dt', {}, 'Version'), h('dd', {}, a.version || ''),
    h('dt', {}, 'Limits'), h('dd', {}, a.limits ? `${a.limits.timeout} ms, ${a.limits.memory} MB` : ''),
    (a.parameters || []).length ? [h('dt', {}, 'Parameters'), h('dd', {}, h('code', {}, json(a.parameters)))] : null);
  parts.push(facts);
  let editor = null;
  const saveProblem = h('div', {});
  if (exec.kind === 'sequence') {
    parts.push(h('h3', {}, 'Sequence of'), h('ol', {class: 'components'},
      (exec.components || []).map(c => h('li', {}, componentLink(c)))));
  } else if (exec.binary) {
    parts.push(h('p', {}, 'The code is a binary archive; it is not editable here.'));
  } else {
    const code = h('textarea', {id: 'action-code', name: 'code', rows: 14});
    const save = h('form', {novalidate: true},
      h('label', {for: 'action-code'}, 'Code'), code,
      h('p', {class: 'hint'}, 'Tab indents; press Escape, then Tab, to leave the editor.'),
      h('div', {class: 'row'}, h('button', {type: 'submit'}, 'Save'),
        h('button', {type: 'button', class: 'secondary', onclick: () => remove(name, saveProblem)}, 'Delete action')),
      saveProblem);
    parts.push(save);
    save.addEventListener('submit', async event => {
      event.preventDefault();
      const body = {exec: {kind: exec.kind, code: editor.value()}};
      if (exec.main) body.exec.main = exec.main;
      try {
        const saved = (await api.request('PUT', api.path('actions', name), {body, query: {overwrite: true}})).body;
        replace(saveProblem, h('p', {class: 'ok'}, `Saved: version ${saved.version}.`));
        announce(`Saved action ${name}, version ${saved.version}.`);
      } catch (e) {
        replace(saveProblem, errorBox(e));
      }
    });
    // code on the left, the invoke panel beside it on a wide screen (below it on a narrow one)
    replace(view, parts[0], parts[1], h('div', {class: 'playground'}, h('div', {}, save), invokePanel(name)));
    editor = codeEditor(code, exec.kind);
    editor.setValue(exec.code || '');
    return;
  }
  replace(view, ...parts, invokePanel(name));
}

function componentLink(fullName) {
  const segments = String(fullName).replace(/^\//, '').split('/');
  const own = segments[0] === currentNamespace() || segments[0] === '_';
  return own ? link('/action/' + segments.slice(1).join('/'), fullName) : h('code', {}, fullName);
}

async function remove(name, problem) {
  if (!window.confirm(`Delete action ${name}?`)) return;
  try {
    await api.request('DELETE', api.path('actions', name));
    announce(`Deleted action ${name}.`);
    location.hash = '#/actions';
  } catch (e) {
    replace(problem, errorBox(e));
  }
}

function invokePanel(name) {
  const params = h('textarea', {id: 'invoke-params', name: 'params', rows: 4, spellcheck: 'false',
    'aria-describedby': 'invoke-params-hint'}, '{}');
  const result = h('div', {id: 'invoke-result', 'aria-live': 'polite'});
  const form = h('form', {novalidate: true},
    h('label', {for: 'invoke-params'}, 'Parameters'), params,
    h('p', {class: 'hint', id: 'invoke-params-hint'}, 'A JSON object, e.g. {"name": "Ada"}.'),
    h('button', {type: 'submit', id: 'invoke'}, 'Invoke'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    let body;
    try {
      body = JSON.parse(params.value.trim() || '{}');
      if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new Error('not an object');
    } catch (e) {
      replace(result, errorBox(new Error('The parameters must be a JSON object: ' + e.message)));
      params.focus();
      return;
    }
    replace(result, h('p', {class: 'loading'}, 'Invoking…'));
    try {
      const answer = await api.request('POST', api.path('actions', name),
        {body, query: {blocking: true}, activationOnError: true});
      if (answer.status === 202) {
        replace(result, h('p', {}, 'Still running when the blocking wait ended: activation ',
          link('/activation/' + answer.body.activationId, answer.body.activationId), '.'));
      } else {
        // the answer comes before the logs are collected (OpenWhisk's order): they are read from the stored record
        replace(result, activationDetails(answer.body, {logsFromRecord: true}));
      }
    } catch (e) {
      replace(result, errorBox(e));
    }
  });
  return h('section', {class: 'panel', 'aria-labelledby': 'invoke-title'},
    h('h3', {id: 'invoke-title'}, 'Invoke'), form, result);
}

/** cold start (initTime annotation) or warm */
function startKind(activation) {
  const init = annotation(activation, 'initTime');
  return init !== undefined ? `cold (init ${init} ms)` : 'warm';
}

/**
 * What `read` answers once the activation's record is stored: a 404 right after a blocking invoke's answer is expected
 * (the record is stored once the logs are in), so it is asked again, less and less often, for up to RECORD_WAIT_MS.
 */
async function onceStored(read) {
  const deadline = Date.now() + RECORD_WAIT_MS;
  for (let pause = 100; ; pause = Math.min(pause * 2, 2000)) {
    try {
      return await read();
    } catch (e) {
      if (!(e instanceof api.ApiError) || e.status !== 404 || Date.now() + pause > deadline) throw e;
    }
    await new Promise(resolve => setTimeout(resolve, pause));
  }
}

function logText(logs) {
  return logs.length ? logs.join('\n') : '(no log lines)';
}

/** options.logsFromRecord: the activation is an invoke's answer, whose logs are read from the stored record. */
function activationDetails(activation, options = {}) {
  const response = activation.response || {};
  const logs = h('pre', {id: 'activation-logs', tabindex: '0'}, logText(activation.logs || []));
  if (options.logsFromRecord) {
    logs.textContent = 'Collecting the logs…';
    logs.setAttribute('aria-busy', 'true');
    onceStored(() => api.get(api.path('activations', activation.activationId, 'logs')))
      .then(stored => { logs.textContent = logText(stored.logs || []); },
        e => { logs.textContent = 'The logs could not be read: ' + errorBox(e).textContent; })
      .finally(() => logs.removeAttribute('aria-busy'));
  }
  return h('div', {class: 'activation'},
    h('dl', {class: 'facts'},
      h('dt', {}, 'Activation'), h('dd', {}, link('/activation/' + activation.activationId, activation.activationId)),
      h('dt', {}, 'Action'), h('dd', {}, activation.name || ''),
      h('dt', {}, 'Status'), h('dd', {class: response.success ? 'ok' : 'bad', id: 'activation-status'},
        response.status || ''),
      h('dt', {}, 'Duration'), h('dd', {id: 'activation-duration'}, `${activation.duration ?? ''} ms`),
      h('dt', {}, 'Start'), h('dd', {id: 'activation-start'}, startKind(activation)),
      h('dt', {}, 'Started'), h('dd', {}, when(activation.start))),
    h('h4', {}, 'Result'), h('pre', {id: 'activation-result', tabindex: '0'}, json(response.result ?? {})),
    h('h4', {}, 'Logs'), logs);
}

// ---- activations

export async function activations(view) {
  const filter = h('input', {id: 'activation-filter', name: 'name', autocomplete: 'off', spellcheck: 'false'});
  const pause = h('button', {type: 'button', 'aria-pressed': 'false', class: 'secondary'}, 'Pause updates');
  const updated = h('p', {class: 'hint', id: 'activations-updated'});
  const holder = h('div', {id: 'activation-list'}, h('p', {class: 'loading'}, 'Loading activations…'));
  replace(view, heading('Activations'),
    h('div', {class: 'row'}, h('label', {for: 'activation-filter'}, 'Action name'), filter, pause),
    h('p', {class: 'hint'}, `The list updates itself every ${POLL_MS / 1000} seconds.`), updated, holder);
  let timer = null;
  let stopped = false;
  let paused = false;
  let shown = '';
  const refresh = async () => {
    timer = null;
    if (stopped) return;
    try {
      const query = {limit: 25, docs: true};
      if (filter.value.trim()) query.name = filter.value.trim();
      const list = await api.get(api.path('activations'), query);
      const signature = JSON.stringify(list.map(a => [a.activationId, a.response && a.response.status]));
      if (!stopped && signature !== shown) { // a redraw only when something changed: focus and reading stay put
        shown = signature;
        replace(holder, activationTable(list));
      }
      updated.textContent = 'Updated ' + new Date().toLocaleTimeString();
    } catch (e) {
      replace(holder, errorBox(e));
      shown = '';
    }
    if (!stopped && !paused) timer = setTimeout(refresh, POLL_MS);
  };
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? 'Resume updates' : 'Pause updates';
    if (!paused && !timer) refresh();
  });
  filter.addEventListener('change', () => { shown = ''; if (!timer || paused) refresh(); });
  await refresh();
  return () => { stopped = true; if (timer) clearTimeout(timer); };
}

function activationTable(list) {
  const rows = list.map(a => [
    link('/activation/' + a.activationId, a.activationId),
    a.name, when(a.start), a.duration === undefined ? '' : `${a.duration} ms`,
    h('span', {class: a.response && a.response.success ? 'ok' : 'bad'}, a.response ? a.response.status : ''),
    a.annotations ? startKind(a) : ''
  ]);
  return table('Recent activations, newest first', ['Activation', 'Name', 'Started', 'Duration', 'Status', 'Start'],
    rows, 'No activations yet.');
}

export async function activation(view, id) {
  replace(view, heading('Activation ' + id), h('p', {class: 'loading'}, 'Loading…'));
  // opened from an invoke's answer, the record may not be stored yet
  const a = await onceStored(() => api.get(api.path('activations', id)));
  replace(view, heading('Activation ' + id), activationDetails(a));
}

// ---- packages

export async function packages(view) {
  replace(view, heading('Packages'), h('p', {class: 'loading'}, 'Loading packages…'));
  const list = await api.get(api.path('packages'), {limit: 200});
  const rows = list.map(p => [link('/package/' + p.name, p.name),
    p.binding && p.binding.name ? `binding of /${p.binding.namespace}/${p.binding.name}` : 'package',
    p.publish ? 'public' : 'private', p.version]);
  view.lastChild.replaceWith(table('Packages in this namespace', ['Name', 'Type', 'Visibility', 'Version'], rows,
    'No packages.'));
}

export async function pkg(view, name) {
  replace(view, heading('Package ' + name), h('p', {class: 'loading'}, 'Loading…'));
  const p = await api.get(api.path('packages', name));
  const binding = p.binding && p.binding.name ? `/${p.binding.namespace}/${p.binding.name}` : null;
  replace(view, heading('Package ' + name),
    h('dl', {class: 'facts'},
      h('dt', {}, 'Binding'), h('dd', {}, binding || 'none (a package of its own)'),
      h('dt', {}, 'Visibility'), h('dd', {}, p.publish ? 'public' : 'private'),
      h('dt', {}, 'Parameters'), h('dd', {}, h('code', {}, json(p.parameters || []))))
    , h('h3', {}, 'Actions'),
    table('Actions in the package', ['Name', 'Version'],
      (p.actions || []).map(a => [binding ? a.name : link('/action/' + name + '/' + a.name, a.name), a.version]),
      'No actions in this package.'));
}

// ---- triggers and rules

export async function triggers(view) {
  replace(view, heading('Triggers'), h('p', {class: 'loading'}, 'Loading triggers…'));
  const list = await api.get(api.path('triggers'), {limit: 200});
  view.lastChild.replaceWith(table('Triggers in this namespace', ['Name', 'Version'],
    list.map(t => [link('/trigger/' + t.name, t.name), t.version]), 'No triggers.'));
}

export async function trigger(view, name) {
  replace(view, heading('Trigger ' + name), h('p', {class: 'loading'}, 'Loading…'));
  const t = await api.get(api.path('triggers', name));
  const rules = Object.entries(t.rules || {}).map(([rule, r]) => [rule, r.action ? `/${r.action.path}/${r.action.name}` : '',
    stateBadge(r.status)]);
  const params = h('textarea', {id: 'fire-params', rows: 3, spellcheck: 'false'}, '{}');
  const outcome = h('div', {'aria-live': 'polite'});
  const fire = h('form', {class: 'stack', novalidate: true}, h('label', {for: 'fire-params'}, 'Parameters (a JSON object)'),
    params, h('button', {type: 'submit'}, 'Fire trigger'), outcome);
  fire.addEventListener('submit', async event => {
    event.preventDefault();
    try {
      const body = JSON.parse(params.value.trim() || '{}');
      const answer = await api.request('POST', api.path('triggers', name), {body});
      replace(outcome, answer.body && answer.body.activationId
        ? h('p', {class: 'ok'}, 'Fired: activation ', link('/activation/' + answer.body.activationId, answer.body.activationId))
        : h('p', {}, 'Fired; no active rule, so no activation was recorded.'));
    } catch (e) {
      replace(outcome, errorBox(e));
    }
  });
  replace(view, heading('Trigger ' + name),
    h('dl', {class: 'facts'}, h('dt', {}, 'Parameters'), h('dd', {}, h('code', {}, json(t.parameters || [])))),
    h('h3', {}, 'Rules'), table('Rules of this trigger', ['Rule', 'Action', 'State'], rules, 'No rules use it.'),
    h('h3', {}, 'Fire'), fire);
}

function stateBadge(status) {
  return h('span', {class: status === 'active' ? 'state active' : 'state inactive'}, status || 'unknown');
}

export async function rules(view) {
  replace(view, heading('Rules'), h('p', {class: 'loading'}, 'Loading rules…'));
  const list = await api.get(api.path('rules'), {limit: 200});
  // the list leaves the state out in OpenWhisk: each rule's own record has it
  const full = await Promise.all(list.slice(0, 50).map(r =>
    api.get(api.path('rules', r.name)).catch(() => r)));
  const problem = h('div', {});
  const rows = full.map(r => {
    const next = r.status === 'active' ? 'inactive' : 'active';
    const toggle = h('button', {type: 'button', class: 'secondary'}, next === 'active' ? 'Enable' : 'Disable');
    toggle.setAttribute('aria-label', `${next === 'active' ? 'Enable' : 'Disable'} rule ${r.name}`);
    toggle.addEventListener('click', async () => {
      try {
        await api.request('POST', api.path('rules', r.name), {body: {status: next}});
        announce(`Rule ${r.name} is now ${next}.`);
        await rules(view);
      } catch (e) {
        replace(problem, errorBox(e));
      }
    });
    return [r.name, r.trigger ? link('/trigger/' + r.trigger.name, `/${r.trigger.path}/${r.trigger.name}`) : '',
      r.action ? `/${r.action.path}/${r.action.name}` : '', stateBadge(r.status), toggle];
  });
  view.lastChild.replaceWith(table('Rules in this namespace', ['Name', 'Trigger', 'Action', 'State', 'Change'], rows,
    'No rules.'));
  view.append(problem);
}

// ---- shared state set by app.js

let namespaceName = '';
export function setNamespace(ns) { namespaceName = ns; }
function currentNamespace() { return namespaceName; }

let announced = 0;

/** A short message in the page's status line (read out politely); a page left a while later clears it. */
export function announce(text) {
  const status = document.getElementById('status');
  if (status) status.textContent = text;
  announced = Date.now();
}

export function clearStaleAnnouncement() {
  const status = document.getElementById('status');
  if (status && Date.now() - announced > 1500) status.textContent = '';
}
