// Shared helpers of the Data Workspace web UI (plain ES module, no build step).
// The DOM is only ever built from elements and text nodes, never by parsing strings as HTML, so stored names
// render inert.

/** An error answered by /api/v1, with its status and sentence. */
export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/**
 * Calls /api/v1 with the session cookie. State-changing calls carry the page's Origin (browsers add it), which is
 * the proxy's CSRF check. Resolves to the parsed JSON (or the text for non-JSON answers).
 */
export async function api(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch('/api/v1' + path, init);
  const text = await response.text();
  let data = text;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    // not JSON: keep the text
  }
  if (!response.ok) {
    const message = data && typeof data === 'object' ? (data.error || data.message) : null;
    throw new ApiError(response.status, message || 'the server answered ' + response.status);
  }
  return data;
}

/** A query string from an object, skipping empty values. */
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== '') {
      q.set(k, v);
    }
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

/** Creates an element: attributes (on* = listeners) and children (strings become text nodes). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) {
      continue;
    }
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'value') {
      el.value = v;
    } else if (k === 'checked') {
      el.checked = !!v;
    } else if (k === 'href') {
      el.setAttribute('href', safeUrl(v));
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Only http(s) and same-origin relative URLs are ever put in a link. */
export function safeUrl(url) {
  const s = String(url);
  if (s.startsWith('/') && !s.startsWith('//')) {
    return s;
  }
  try {
    const u = new URL(s);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : '#';
  } catch (e) {
    return '#';
  }
}

/** Replaces the contents of an element. */
export function replace(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

/** The page's container, the signed-in user's id, and whether they are an admin. */
export const app = document.getElementById('app');
const main = document.getElementById('main');
export const viewer = { id: main ? main.dataset.userId : null, admin: main ? main.dataset.admin === 'true' : false };

/** Shows a sentence in the page's live region (an error in red). */
export function notify(message, isError) {
  const el = document.getElementById('notice');
  el.textContent = message;
  el.classList.toggle('error', !!isError);
  el.setAttribute('role', isError ? 'alert' : 'status');
}

/** Runs an action from a form or button, showing its outcome; disables the submitter meanwhile. */
export async function act(action, successMessage, submitter) {
  if (submitter) {
    submitter.disabled = true;
  }
  try {
    const result = await action();
    if (successMessage) {
      notify(successMessage, false);
    }
    return result;
  } catch (e) {
    notify(e.message || String(e), true);
    return undefined;
  } finally {
    if (submitter) {
      submitter.disabled = false;
    }
  }
}

/** A form whose submit handler gets the form's values (FormData) and the submitting button. */
export function form(attrs, onSubmit, ...children) {
  const f = h('form', attrs, ...children);
  f.addEventListener('submit', (event) => {
    event.preventDefault();
    onSubmit(new FormData(f), event.submitter || f.querySelector('button[type=submit]'), f);
  });
  return f;
}

let ids = 0;

/** A labelled input: returns [label, control] with matching for/id. */
export function field(labelText, control) {
  const id = control.id || 'f' + ++ids;
  control.id = id;
  return [h('label', { for: id }, labelText), control];
}

/** A labelled checkbox. */
export function checkbox(labelText, name, checked) {
  const id = 'f' + ++ids;
  return h('label', { class: 'check', for: id }, h('input', { type: 'checkbox', id, name, checked }), ' ', labelText);
}

/** A table with a caption and column headers; rows are arrays of cells (strings or nodes). */
export function table(caption, headers, rows, emptyText) {
  if (rows.length === 0 && emptyText) {
    return h('p', { class: 'muted' }, emptyText);
  }
  return h('table', {},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows.map((cells) => h('tr', {}, cells.map((c) => h('td', {}, c))))));
}

/** A time as the reader's local date and time, with the ISO value in a time element. */
export function time(iso) {
  if (!iso) {
    return '—';
  }
  const d = new Date(iso);
  return h('time', { datetime: iso }, isNaN(d) ? iso : d.toLocaleString());
}

/**
 * Keyset pagination: remembers the cursors of earlier pages. render(after) loads a page and returns its next
 * cursor; the pager shows Previous/Next buttons.
 */
export function pager(load) {
  const cursors = [null];
  let index = 0;
  const box = h('div', { class: 'pager' });
  async function show() {
    const next = await load(cursors[index]);
    cursors.length = index + 1;
    if (next) {
      cursors.push(next);
    }
    replace(box,
      h('button', { type: 'button', disabled: index === 0, onclick: () => { index--; show(); } }, 'Previous page'),
      h('span', { class: 'muted' }, 'Page ' + (index + 1)),
      h('button', { type: 'button', disabled: !next, onclick: () => { index++; show(); } }, 'Next page'));
  }
  return { element: box, reload: () => { cursors.length = 1; index = 0; return show(); }, refresh: show };
}

/** Finds a user by exact email (admins only); throws a clear error when there is none. */
export async function userByEmail(email) {
  const wanted = email.trim().toLowerCase();
  const result = await api('GET', '/users' + query({ q: wanted, limit: 50 }));
  const user = (result.users || []).find((u) => (u.email || '').toLowerCase() === wanted);
  if (!user) {
    throw new ApiError(404, 'no user with email ' + email);
  }
  return user;
}

/** A converter from a datetime-local value to ISO-8601 UTC (or undefined when empty). */
export function isoFromLocal(value) {
  return value ? new Date(value).toISOString() : undefined;
}

/** Renders fn() into the page, showing a readable error instead when it fails. */
export async function start(fn) {
  try {
    await fn();
  } catch (e) {
    replace(app, h('p', { class: 'error', role: 'alert' }, 'This page could not be loaded: ' + (e.message || e)));
  }
}
