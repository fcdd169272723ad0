// Admin: the audit log, filtered by actor, action and time, a page at a time, with a CSV export of the same filter.
import { app, api, field, form, h, isoFromLocal, pager, query, replace, start, table, time } from '../dw.js';
import { userLabel } from './common.js';

let filter = {};
const results = h('div', { id: 'events' });
const csv = h('a', { href: '/api/v1/audit.csv', download: 'audit.csv' }, 'Download these events as CSV');

const pages = pager(async (after) => {
  const result = await api('GET', '/audit' + query({ ...filter, after, limit: 100 }));
  const rows = [];
  for (const e of result.events || []) {
    rows.push([time(e.at), e.actor ? await userLabel(e.actor) : 'system', e.action, e.target || '', e.sourceIp || '',
      e.details && Object.keys(e.details).length ? h('code', {}, JSON.stringify(e.details)) : '']);
  }
  replace(results, table(null, ['When', 'Who', 'Action', 'Target', 'From', 'Details'], rows, 'No events match.'));
  return result.next;
});

start(async () => {
  replace(app, form({ class: 'row', role: 'search', 'aria-label': 'Filter the audit log' }, async (data) => {
    let actor = String(data.get('actor') || '').trim();
    if (actor.includes('@')) {
      const found = await api('GET', '/users' + query({ q: actor, limit: 50 }));
      const user = (found.users || []).find((u) => u.email.toLowerCase() === actor.toLowerCase());
      actor = user ? user.id : actor;
    }
    filter = { actor, action: String(data.get('action') || '').trim(),
      from: isoFromLocal(String(data.get('from') || '')), to: isoFromLocal(String(data.get('to') || '')) };
    csv.setAttribute('href', '/api/v1/audit.csv' + query(filter));
    pages.reload();
  },
  field('User (email or id)', h('input', { name: 'actor', size: 24 })),
  field('Action (e.g. grant.create)', h('input', { name: 'action', size: 16 })),
  field('From', h('input', { name: 'from', type: 'datetime-local' })),
  field('To', h('input', { name: 'to', type: 'datetime-local' })),
  h('button', { type: 'submit' }, 'Filter')), h('p', {}, csv), results, pages.element);
  await pages.reload();
});
