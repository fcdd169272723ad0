// What the admin pages share: names for ids, and the grants editor (tools, visualisations, datasets).
import { api, act, field, form, h, isoFromLocal, replace, table, time, userByEmail } from '../dw.js';

const userLabels = new Map();

/** A user's email for their id (cached per page); the id itself when it cannot be found. */
export async function userLabel(id) {
  if (!id) {
    return '—';
  }
  if (!userLabels.has(id)) {
    userLabels.set(id, api('GET', '/users/' + encodeURIComponent(id)).then((u) => u.email, () => id));
  }
  return userLabels.get(id);
}

/** Every team, as returned by GET /teams. */
export async function allTeams() {
  const result = await api('GET', '/teams?limit=500');
  return Array.isArray(result) ? result : (result.teams || []);
}

function list(result, key) {
  return Array.isArray(result) ? result : (result[key] || []);
}

/** Resolves the "who" of a grant form to the API's body: userId, teamId or visualisation. */
async function grantee(kind, value, teams) {
  const v = value.trim();
  if (kind === 'user') {
    return { userId: (await userByEmail(v)).id };
  }
  if (kind === 'team') {
    const team = teams.find((t) => t.name.toLowerCase() === v.toLowerCase() || String(t.id) === v);
    if (!team) {
      throw new Error('no team named ' + v);
    }
    return { teamId: team.id };
  }
  return { visualisation: v };
}

/**
 * The grants of one thing: a table with revoke buttons and a form to add a grant to a user (by email), a team (by
 * name) or, for datasets, a visualisation (by slug), with an optional expiry.
 *
 * @param path       e.g. /tools/jupyter/grants or /datasets/3/grants
 * @param what       the thing's name, for labels
 * @param kinds      the grantee kinds offered: ['user', 'team'] or ['user', 'team', 'visualisation']
 */
export function grantsEditor(path, what, kinds) {
  const box = h('div', { class: 'grants' });
  async function show() {
    const [grants, teams] = await Promise.all([api('GET', path).then((r) => list(r, 'grants')), allTeams()]);
    const teamNames = new Map(teams.map((t) => [t.id, t.name]));
    const rows = [];
    for (const g of grants) {
      const who = g.userId ? 'User ' + await userLabel(g.userId)
        : g.teamId ? 'Team ' + (teamNames.get(g.teamId) || g.teamId) : 'Visualisation ' + g.visualisation;
      rows.push([h('span', { 'data-grantee': who }, who), g.expiresAt ? time(g.expiresAt) : 'never',
        await userLabel(g.grantedBy), time(g.grantedAt),
        h('button', {
          type: 'button', 'aria-label': 'Revoke ' + who + ' from ' + what,
          onclick: (e) => act(async () => {
            await api('DELETE', path + '/' + encodeURIComponent(g.id));
            await show();
          }, 'Revoked ' + who + '.', e.currentTarget),
        }, 'Revoke')]);
    }
    const kindSelect = h('select', { name: 'kind' }, kinds.map((k) => h('option', { value: k }, k)));
    replace(box,
      table('Grants of ' + what, ['Who', 'Expires', 'Granted by', 'Granted', ''], rows, 'Nobody is granted ' + what + '.'),
      form({ class: 'row', 'aria-label': 'Grant ' + what }, (data, button) => act(async () => {
        const body = await grantee(String(data.get('kind')), String(data.get('who')), teams);
        const expires = isoFromLocal(String(data.get('expiresAt') || ''));
        if (expires) {
          body.expiresAt = expires;
        }
        await api('POST', path, body);
        await show();
      }, 'Granted ' + what + ' to ' + data.get('who') + '.', button),
      field('Grant to', kindSelect),
      field('Email, team name or visualisation', h('input', { name: 'who', required: true, size: 28 })),
      field('Expires (optional)', h('input', { name: 'expiresAt', type: 'datetime-local' })),
      h('button', { type: 'submit' }, 'Grant')));
  }
  show().catch((e) => replace(box, h('p', { class: 'error', role: 'alert' }, 'Grants could not be loaded: ' + e.message)));
  return box;
}
