// The file browser of the user's S3 home folder user/<id>/. The server lists, deletes and signs URLs through
// /files/api/…; the bytes go straight between this page and S3 with presigned URLs (one PUT for small files,
// multipart parts for large ones), never through Data Workspace.
import { ApiError, act, app, field, form, h, notify, replace, start, table, time, viewer } from './dw.js';

const home = 'user/' + viewer.id + '/';
const PART_URL_BATCH = 20;

/** Calls /files/api with the session cookie; our Origin goes with state changes (the CSRF check). */
async function call(method, path, body) {
  const init = { method, credentials: 'same-origin', headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const response = await fetch('/files/api' + path, init);
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = null;
  }
  if (!response.ok) {
    throw new ApiError(response.status, (data && data.message) || 'the server answered ' + response.status);
  }
  return data;
}

/** The folder shown: ?prefix=user/<id>/…/ (anything else shows the home folder). */
function currentPrefix() {
  const p = new URLSearchParams(location.search).get('prefix');
  return p && p.startsWith(home) && p.endsWith('/') ? p : home;
}

function folderUrl(prefix) {
  return '/files?prefix=' + encodeURIComponent(prefix);
}

function size(bytes) {
  const units = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB'];
  let n = bytes;
  let u = 0;
  while (n >= 1024 && u < units.length - 1) {
    n /= 1024;
    u++;
  }
  return (u === 0 ? String(n) : n.toFixed(1)) + ' ' + units[u];
}

function breadcrumbs(prefix) {
  const parts = prefix.slice(home.length).split('/').filter((s) => s);
  const links = [h('a', { href: folderUrl(home), 'aria-current': parts.length ? null : 'location' }, 'Home folder')];
  let path = home;
  parts.forEach((part, i) => {
    path += part + '/';
    links.push(' / ', h('a', { href: folderUrl(path), 'aria-current': i === parts.length - 1 ? 'location' : null }, part));
  });
  return h('nav', { 'aria-label': 'Folder', class: 'crumbs' }, links);
}

/** PUTs a body to a presigned URL; returns the ETag S3 answered (needed to complete a multipart upload). */
async function put(url, body) {
  const response = await fetch(url, { method: 'PUT', body, credentials: 'omit' });
  if (!response.ok) {
    throw new Error('the file store refused the upload (' + response.status + ')');
  }
  return response.headers.get('ETag');
}

async function upload(prefix, file) {
  const key = prefix + file.name;
  const plan = await call('POST', '/uploads', { key, size: file.size });
  if (plan.method === 'single') {
    notify('Uploading ' + file.name + '…', false);
    await put(plan.url, file);
    return;
  }
  const { uploadId, partSize, partCount } = plan;
  try {
    const parts = [];
    for (let first = 1; first <= partCount; first += PART_URL_BATCH) {
      const numbers = [];
      for (let n = first; n < first + PART_URL_BATCH && n <= partCount; n++) {
        numbers.push(n);
      }
      const { urls } = await call('POST', '/uploads/parts', { key, uploadId, partNumbers: numbers });
      for (const n of numbers) {
        const blob = file.slice((n - 1) * partSize, Math.min(n * partSize, file.size));
        const etag = await put(urls[String(n)], blob);
        if (!etag) {
          throw new Error('the file store did not expose the ETag header (check its CORS rule)');
        }
        parts.push({ partNumber: n, etag });
        notify('Uploading ' + file.name + ': ' + Math.round((100 * n) / partCount) + '%', false);
      }
    }
    await call('POST', '/uploads/complete', { key, uploadId, parts });
  } catch (e) {
    await call('POST', '/uploads/abort', { key, uploadId }).catch(() => undefined);
    throw e;
  }
}

async function download(file) {
  const { url } = await call('GET', '/download?key=' + encodeURIComponent(file.key));
  // a cross-origin navigation to an attachment downloads it and leaves this page as it is
  location.assign(url);
}

function uploadForm(prefix) {
  const input = h('input', { type: 'file', name: 'file', multiple: true, required: true });
  return form({ class: 'row', 'aria-label': 'Upload files' }, (data, button, f) => act(async () => {
    const files = Array.from(input.files);
    for (const file of files) {
      await upload(prefix, file);
    }
    f.reset();
    await render();
    notify('Uploaded ' + files.map((x) => x.name).join(', ') + '.', false);
  }, null, button),
  field('Files to upload', input), h('button', { type: 'submit' }, 'Upload'));
}

function folderForm(prefix) {
  return form({ class: 'row', 'aria-label': 'Create a folder' }, (data, button, f) => act(async () => {
    const name = String(data.get('name') || '').trim();
    if (!name || name === '.' || name === '..' || name.includes('/')) {
      throw new Error('A folder name cannot be empty, . or .., or contain /.');
    }
    await call('POST', '/folders', { key: prefix + name + '/' });
    f.reset();
    await render();
    notify('Created the folder ' + name + '.', false);
  }, null, button),
  field('New folder', h('input', { name: 'name', required: true, maxlength: 200 })),
  h('button', { type: 'submit' }, 'Create folder'));
}

function remove(entry, isFolder) {
  return (event) => {
    if (!confirm('Delete ' + (isFolder ? 'the folder ' : '') + entry.name + '?')) {
      return;
    }
    act(async () => {
      await call('DELETE', '/objects?key=' + encodeURIComponent(entry.key));
      await render();
    }, 'Deleted ' + entry.name + '.', event.currentTarget);
  };
}

async function render() {
  const prefix = currentPrefix();
  const listing = { folders: [], files: [] };
  let after = null;
  do {
    const page = await call('GET', '/list?prefix=' + encodeURIComponent(prefix) + (after ? '&after=' + encodeURIComponent(after) : ''));
    listing.folders.push(...page.folders);
    listing.files.push(...page.files);
    after = page.next;
  } while (after && listing.folders.length + listing.files.length < 10000);
  const rows = [
    ...listing.folders.map((f) => [
      h('a', { href: folderUrl(f.key), 'data-folder': f.name }, f.name + '/'), '—', '—',
      h('button', { type: 'button', 'data-delete': f.name, onclick: remove(f, true) }, 'Delete'),
    ]),
    ...listing.files.map((f) => [
      h('span', { 'data-file': f.name }, f.name), h('span', { 'data-size': f.name }, size(f.size)), time(f.modified),
      [h('button', { type: 'button', 'data-download': f.name, onclick: (e) => act(() => download(f), null, e.currentTarget) }, 'Download'),
        ' ', h('button', { type: 'button', 'data-delete': f.name, onclick: remove(f, false) }, 'Delete')],
    ]),
  ];
  replace(app, breadcrumbs(prefix),
    h('p', { class: 'muted' }, 'Your tools see this folder as ', h('code', {}, 's3://…/' + prefix),
      '. Files go directly between your browser and the file store.'),
    table(null, ['Name', 'Size', 'Modified', 'Actions'], rows, 'This folder is empty.'),
    h('h2', {}, 'Add to this folder'), uploadForm(prefix), folderForm(prefix));
  document.title = 'Your files — Data Workspace';
}

start(render);
