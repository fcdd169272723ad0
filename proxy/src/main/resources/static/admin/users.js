// Admin: users, searched by email or name, a page at a time; admin flag and disable/enable.
import { api, app, act, field, form, h, pager, query, replace, start, table, time, viewer } from '../dw.js';

let q = '';
const results = h('div', { id: 'users' });

function toggle(user, key, label) {
  return h('button', {
    type: 'button', 'aria-label': label + ' ' + user.email,
    onclick: (e) => act(async () => {
      await api('PATCH', '/users/' + encodeURIComponent(user.id), { [key]: !user[key] });
      await pages.refresh();
    }, label + ': ' + user.email + '.', e.currentTarget),
  }, label);
}

const pages = pager(async (after) => {
  const result = await api('GET', '/users' + query({ q, after, limit: 50 }));
  const users = result.users || [];
  replace(results, table(null, ['Email', 'Name', 'Admin', 'Status', 'Created', 'Actions'], users.map((u) => [
    u.email, u.name || '', u.admin ? 'Admin' : '—',
    h('span', { 'data-user-status': u.email }, u.disabled ? 'Disabled' : 'Active'), time(u.createdAt),
    u.id === viewer.id ? h('span', { class: 'muted' }, 'you') : [
      toggle(u, 'admin', u.admin ? 'Remove admin' : 'Make admin'), ' ',
      toggle(u, 'disabled', u.disabled ? 'Enable' : 'Disable')],
  ]), q ? 'No user matches “' + q + '”.' : 'No users yet.'));
  return result.next;
});

start(async () => {
  replace(app,
    form({ class: 'row', role: 'search' }, (data) => {
      q = String(data.get('q') || '').trim();
      pages.reload();
    }, field('Search by email or name', h('input', { name: 'q', type: 'search', size: 30 })),
    h('button', { type: 'submit' }, 'Search')),
    results, pages.element);
  await pages.reload();
});
