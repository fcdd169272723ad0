// Admin: teams and their members. Grants to a team apply to all its members.
import { api, app, act, field, form, h, replace, start, userByEmail } from '../dw.js';
import { allTeams, userLabel } from './common.js';

async function teamCard(team) {
  const members = [];
  for (const id of team.members || []) {
    const email = await userLabel(id);
    members.push(h('li', {}, email, ' ', h('button', {
      type: 'button', 'aria-label': 'Remove ' + email + ' from ' + team.name,
      onclick: (e) => act(async () => {
        await api('DELETE', '/teams/' + team.id + '/members/' + encodeURIComponent(id));
        await show();
      }, 'Removed ' + email + ' from ' + team.name + '.', e.currentTarget),
    }, 'Remove')));
  }
  return h('section', { class: 'card', 'aria-labelledby': 'team-' + team.id, 'data-team': team.name },
    h('h2', { id: 'team-' + team.id }, team.name),
    members.length ? h('ul', {}, members) : h('p', { class: 'muted' }, 'No members yet.'),
    form({ class: 'row', 'aria-label': 'Add a member to ' + team.name }, (data, button) => act(async () => {
      const user = await userByEmail(String(data.get('email')));
      await api('PUT', '/teams/' + team.id + '/members/' + encodeURIComponent(user.id));
      await show();
    }, 'Added ' + data.get('email') + ' to ' + team.name + '.', button),
    field('Member’s email', h('input', { name: 'email', type: 'email', required: true })),
    h('button', { type: 'submit' }, 'Add member')),
    form({ class: 'row', 'aria-label': 'Rename ' + team.name }, (data, button) => act(async () => {
      await api('PATCH', '/teams/' + team.id, { name: String(data.get('name')).trim() });
      await show();
    }, 'Renamed.', button),
    field('Name', h('input', { name: 'name', required: true, value: team.name })),
    h('button', { type: 'submit' }, 'Rename'),
    h('button', {
      type: 'button',
      onclick: (e) => {
        if (confirm('Delete the team ' + team.name + '? Its grants go with it.')) {
          act(async () => {
            await api('DELETE', '/teams/' + team.id);
            await show();
          }, 'Deleted ' + team.name + '.', e.currentTarget);
        }
      },
    }, 'Delete team')));
}

async function show() {
  const teams = await allTeams();
  const cards = [];
  for (const team of teams) {
    cards.push(await teamCard(team));
  }
  replace(app,
    form({ class: 'row', 'aria-label': 'Create a team' }, (data, button, f) => act(async () => {
      await api('POST', '/teams', { name: String(data.get('name')).trim() });
      f.reset();
      await show();
    }, 'Created the team ' + data.get('name') + '.', button),
    field('New team’s name', h('input', { name: 'name', required: true, maxlength: 200 })),
    h('button', { type: 'submit' }, 'Create team')),
    cards.length ? cards : h('p', { class: 'muted' }, 'No teams yet.'));
}

start(show);
