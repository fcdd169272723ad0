// The admin overview: what needs attention, and where everything is.
import { api, app, h, replace, start } from '../dw.js';

start(async () => {
  const [pending, instances] = await Promise.all([
    api('GET', '/access-requests?state=PENDING&limit=500'),
    api('GET', '/instances?live=true&limit=500'),
  ]);
  const count = (pending.requests || []).length;
  replace(app,
    h('p', {}, h('a', { href: '/admin/requests' }, count + (count === 1 ? ' access request is' : ' access requests are')
      + ' waiting for a decision'), '.'),
    h('p', {}, h('a', { href: '/admin/instances' }, (instances.instances || []).length + ' tool instances are live'), '.'),
    h('ul', {},
      h('li', {}, h('a', { href: '/admin/users' }, 'Users'), ': search, admin flag, disable or enable'),
      h('li', {}, h('a', { href: '/admin/teams' }, 'Teams'), ': members; grants to a team apply to its members'),
      h('li', {}, h('a', { href: '/admin/tools' }, 'Tools'), ': templates, who may use them'),
      h('li', {}, h('a', { href: '/admin/datasets' }, 'Datasets'), ': tables, S3 prefixes, who may read them'),
      h('li', {}, h('a', { href: '/admin/visualisations' }, 'Visualisations'), ': who may view them'),
      h('li', {}, h('a', { href: '/admin/audit' }, 'Audit log'), ': who did what, with CSV export')));
});
