// Admin: every live instance, with a stop button.
import { api, app, act, h, replace, start, table, time } from '../dw.js';
import { userLabel } from './common.js';

async function show() {
  const result = await api('GET', '/instances?live=true&limit=500');
  const rows = [];
  for (const i of result.instances || []) {
    rows.push([i.tool, await userLabel(i.userId), i.host, i.state, time(i.createdAt), time(i.lastActivityAt),
      i.state === 'STOPPING' ? '—' : h('button', {
        type: 'button', 'aria-label': 'Stop ' + i.host,
        onclick: (e) => act(async () => {
          await api('POST', '/instances/' + encodeURIComponent(i.id) + '/stop');
          await show();
        }, 'Stopping ' + i.host + '.', e.currentTarget),
      }, 'Stop')]);
  }
  replace(app, table(null, ['Tool', 'User', 'Host', 'State', 'Started', 'Last activity', ''], rows,
    'No instance is live.'), h('button', { type: 'button', onclick: show }, 'Refresh'));
}

start(show);
