// Admin: visualisations (tools of kind visualisation) and their viewers; their datasets are granted on Datasets.
import { api, app, h, replace, start } from '../dw.js';
import { grantsEditor } from './common.js';

start(async () => {
  const result = await api('GET', '/tools');
  const visualisations = (result.tools || []).filter((t) => t.kind === 'visualisation');
  replace(app, visualisations.length === 0
    ? h('p', { class: 'muted' }, 'No visualisations yet. Add a tool of kind “visualisation” on the Tools page.')
    : visualisations.map((v) => h('section', { class: 'card', 'aria-labelledby': 'vis-' + v.slug, 'data-visualisation': v.slug },
      h('h2', { id: 'vis-' + v.slug }, v.name),
      h('p', {}, 'Served at ', h('a', { href: location.protocol + '//' + v.slug + '.' + location.host + '/' },
        location.protocol + '//' + v.slug + '.' + location.host + '/'), '. One shared instance runs with the datasets granted to “'
        + v.slug + '” on the Datasets page, whoever opens it.'),
      h('h3', {}, 'Viewers'),
      grantsEditor('/tools/' + encodeURIComponent(v.slug) + '/grants', v.name, ['user', 'team']))));
});
