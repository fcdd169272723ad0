// Admin: datasets (PostgreSQL tables or schemas, S3 prefixes) and who may read them.
import { api, app, act, field, form, h, pager, query, replace, start, userByEmail } from '../dw.js';
import { grantsEditor, userLabel } from './common.js';

const list = h('div', { id: 'datasets' });

/** "schema.table" or "schema" (a whole schema) per line → [{schema, table?}]. */
function parseTables(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l).map((line) => {
    const dot = line.indexOf('.');
    if (dot < 0 || line.slice(dot + 1) === '*') {
      return { schema: dot < 0 ? line : line.slice(0, dot) };
    }
    return { schema: line.slice(0, dot), table: line.slice(dot + 1) };
  });
}

function tablesText(tables) {
  return (tables || []).map((t) => t.schema + (t.table ? '.' + t.table : '')).join('\n');
}

async function bodyFrom(data) {
  const body = {
    name: String(data.get('name')).trim(), description: String(data.get('description') || ''),
    tables: parseTables(String(data.get('tables') || '')),
    s3Prefixes: String(data.get('s3Prefixes') || '').split('\n').map((l) => l.trim()).filter((l) => l),
  };
  const owner = String(data.get('owner') || '').trim();
  body.ownerUserId = owner ? (await userByEmail(owner)).id : null;
  return body;
}

function fields(d) {
  return [
    field('Name', h('input', { name: 'name', required: true, maxlength: 200, value: d.name || '' })),
    field('Description', h('textarea', { name: 'description', rows: 2, value: d.description || '' })),
    field('Owner’s email (optional; owners decide requests for it)', h('input', { name: 'owner', type: 'email', value: d.ownerEmail || '' })),
    field('PostgreSQL tables, one per line: schema.table, or schema for a whole schema',
      h('textarea', { name: 'tables', rows: 3, value: tablesText(d.tables) })),
    field('S3 prefixes, one per line, ending in / (e.g. datasets/trade/)',
      h('textarea', { name: 's3Prefixes', rows: 2, value: (d.s3Prefixes || []).join('\n') })),
  ];
}

async function card(d) {
  d.ownerEmail = d.ownerUserId ? await userLabel(d.ownerUserId) : '';
  return h('section', { class: 'card', 'aria-labelledby': 'dataset-' + d.id, 'data-dataset': d.name },
    h('h2', { id: 'dataset-' + d.id }, d.name),
    d.description ? h('p', {}, d.description) : null,
    h('p', { class: 'muted' }, 'Tables: ', tablesText(d.tables).replaceAll('\n', ', ') || 'none',
      '. S3: ', (d.s3Prefixes || []).join(', ') || 'none', '. Owner: ', d.ownerEmail || 'none', '.'),
    h('details', {}, h('summary', {}, 'Edit ' + d.name),
      form({ 'aria-label': 'Edit ' + d.name }, (data, button) => act(async () => {
        await api('PATCH', '/datasets/' + d.id, await bodyFrom(data));
        await pages.refresh();
      }, 'Saved ' + d.name + '.', button), fields(d), h('button', { type: 'submit' }, 'Save'),
      ' ', h('button', {
        type: 'button',
        onclick: (e) => {
          if (confirm('Delete the dataset ' + d.name + ' and its grants?')) {
            act(async () => {
              await api('DELETE', '/datasets/' + d.id);
              await pages.reload();
            }, 'Deleted ' + d.name + '.', e.currentTarget);
          }
        },
      }, 'Delete dataset'))),
    h('h3', {}, 'Who may read it'),
    grantsEditor('/datasets/' + d.id + '/grants', d.name, ['user', 'team', 'visualisation']));
}

const pages = pager(async (after) => {
  const result = await api('GET', '/datasets' + query({ after, limit: 20 }));
  const cards = [];
  for (const d of result.datasets || []) {
    cards.push(await card(d));
  }
  replace(list, cards.length ? cards : h('p', { class: 'muted' }, 'No datasets yet.'));
  return result.next;
});

start(async () => {
  replace(app,
    h('details', {}, h('summary', {}, 'Add a dataset'),
      form({ 'aria-label': 'Add a dataset' }, (data, button, f) => act(async () => {
        await api('POST', '/datasets', await bodyFrom(data));
        f.reset();
        await pages.reload();
      }, 'Added the dataset ' + data.get('name') + '.', button), fields({}), h('button', { type: 'submit' }, 'Add dataset'))),
    list, pages.element);
  await pages.reload();
});
