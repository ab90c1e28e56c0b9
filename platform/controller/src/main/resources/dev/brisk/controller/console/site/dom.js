// Building DOM nodes without innerHTML: every text an action, a log line or an error carries is set as text.

/** h('p', {class: 'x', onclick: f}, 'text', child, ...) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on') && typeof value === 'function') el.addEventListener(name.slice(2), value);
    else if (name === 'class') el.className = value;
    else if (name === 'dataset') Object.assign(el.dataset, value);
    else if (value === true) el.setAttribute(name, '');
    else el.setAttribute(name, String(value));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const child of children) {
    if (child === undefined || child === null || child === false) continue;
    if (Array.isArray(child)) append(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** A table with a caption, column headers and one row per item (cells: text or nodes). */
export function table(caption, headers, rows, emptyText) {
  if (rows.length === 0) return h('p', {class: 'empty'}, emptyText);
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map(t => h('th', {scope: 'col'}, t)))),
    h('tbody', {}, rows.map(cells => h('tr', {}, cells.map(c => h('td', {}, c))))));
}

export function json(value) {
  return JSON.stringify(value, null, 2);
}

/** A timestamp (ms since the epoch) as local date and time. */
export function when(ms) {
  return ms ? new Date(ms).toLocaleString() : '';
}

/** A link to a route of the console. */
export function link(route, text) {
  return h('a', {href: '#' + route}, text);
}
