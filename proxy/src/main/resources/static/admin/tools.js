// Admin: tool templates (fields, access mode) and who may use tools whose access is 'granted'.
import { api, app, act, checkbox, field, form, h, replace, start } from '../dw.js';
import { grantsEditor } from './common.js';

const NUMBERS = [['cpuMillicores', 'CPU (millicores)'], ['memoryMb', 'Memory (MB)'],
  ['idleTimeoutSeconds', 'Idle timeout (seconds)'], ['maxLifetimeSeconds', 'Maximum lifetime (seconds)']];

function numberValue(tool, key) {
  if (key === 'cpuMillicores' && tool.cpuMillicores === undefined && tool.cpu !== undefined) {
    return Math.round(tool.cpu * 1000);
  }
  return tool[key];
}

function accessSelect(value) {
  return h('select', { name: 'access' },
    h('option', { value: 'everyone', selected: value !== 'granted' }, 'everyone (any enabled user)'),
    h('option', { value: 'granted', selected: value === 'granted' }, 'granted (only users and teams granted below)'));
}

function numbersFrom(data) {
  const body = {};
  for (const [key] of NUMBERS) {
    const raw = String(data.get(key) || '').trim();
    if (raw !== '') {
      body[key] = Number(raw);
    }
  }
  return body;
}

/** The sizes textarea: one size per line, "name cpuMillicores memoryMb"; the server validates the values. */
function sizesText(tool) {
  return (tool.sizes || []).map((s) => s.name + ' ' + s.cpuMillicores + ' ' + s.memoryMb).join('\n');
}

function sizesFrom(data) {
  return String(data.get('sizes') || '').split('\n').map((line) => line.trim()).filter((line) => line !== '')
    .map((line, i) => {
      const m = /^(.+?)\s+(\d+)\s+(\d+)$/.exec(line);
      if (!m) {
        throw new Error('sizes line ' + (i + 1) + ': "' + line + '" (expected: name cpuMillicores memoryMb, e.g. large 4000 16384)');
      }
      return { name: m[1], cpuMillicores: Number(m[2]), memoryMb: Number(m[3]) };
    });
}

function sizesField(tool) {
  return field('Sizes users may choose (one per line: name cpuMillicores memoryMb; empty: only the default above)',
    h('textarea', { name: 'sizes', rows: 3, placeholder: 'large 4000 16384', value: sizesText(tool) }));
}

function editForm(tool) {
  return form({ 'aria-label': 'Edit ' + tool.name, 'data-edit-tool': tool.slug }, (data, button) => act(async () => {
    await api('PATCH', '/tools/' + encodeURIComponent(tool.slug), {
      name: String(data.get('name')).trim(), description: String(data.get('description')),
      enabled: data.get('enabled') === 'on', access: String(data.get('access')), ...numbersFrom(data),
      sizes: sizesFrom(data),
    });
    await show();
  }, 'Saved ' + tool.slug + '.', button),
  field('Name', h('input', { name: 'name', required: true, value: tool.name })),
  field('Description', h('textarea', { name: 'description', rows: 2, value: tool.description || '' })),
  field('Who may use it', accessSelect(tool.access)),
  NUMBERS.map(([key, label]) => field(label, h('input', { name: key, type: 'number', min: 1, value: numberValue(tool, key) }))),
  sizesField(tool),
  h('p', {}, checkbox('Enabled', 'enabled', tool.enabled !== false)),
  h('button', { type: 'submit' }, 'Save'));
}

function createForm() {
  return h('details', {}, h('summary', {}, 'Add a tool or visualisation'),
    form({ 'aria-label': 'Add a tool' }, (data, button, f) => act(async () => {
      let spec;
      try {
        spec = JSON.parse(String(data.get('spec') || '{}'));
      } catch (e) {
        throw new Error('spec: not valid JSON (' + e.message + ')');
      }
      const body = {
        slug: String(data.get('slug')).trim(), name: String(data.get('name')).trim(),
        description: String(data.get('description')), kind: String(data.get('kind')),
        backend: String(data.get('backend')).trim(), spec, healthPath: String(data.get('healthPath')).trim() || '/',
        access: String(data.get('access')), enabled: data.get('enabled') === 'on', ...numbersFrom(data),
        sizes: sizesFrom(data),
      };
      const port = String(data.get('port') || '').trim();
      if (port) {
        body.port = Number(port);
      }
      await api('POST', '/tools', body);
      f.reset();
      await show();
    }, 'Added ' + data.get('slug') + '.', button),
    field('Slug (lower-case letters and digits)', h('input', { name: 'slug', required: true, pattern: '[a-z][a-z0-9]{0,30}' })),
    field('Name', h('input', { name: 'name', required: true })),
    field('Description', h('textarea', { name: 'description', rows: 2 })),
    field('Kind', h('select', { name: 'kind' }, h('option', { value: 'tool' }, 'tool (one per user)'),
      h('option', { value: 'visualisation' }, 'visualisation (one shared app)'))),
    field('Backend', h('input', { name: 'backend', required: true, value: 'local' })),
    field('Start instructions per backend (JSON)', h('textarea', { name: 'spec', rows: 4,
      value: '{"local": {"command": ["python3", "-m", "http.server", "${PORT}"]}}' })),
    field('Port (0: the backend picks one)', h('input', { name: 'port', type: 'number', min: 0, max: 65535 })),
    field('Health path', h('input', { name: 'healthPath', value: '/' })),
    field('Who may use it', accessSelect('everyone')),
    NUMBERS.map(([key, label]) => field(label, h('input', { name: key, type: 'number', min: 1 }))),
    sizesField({}),
    h('p', {}, checkbox('Enabled', 'enabled', true)),
    h('button', { type: 'submit' }, 'Add')));
}

async function show() {
  const result = await api('GET', '/tools');
  const tools = result.tools || [];
  replace(app, createForm(), tools.map((tool) => h('section', { class: 'card', 'aria-labelledby': 'tool-' + tool.slug },
    h('h2', { id: 'tool-' + tool.slug }, tool.name, ' ', h('span', { class: 'muted' }, '(' + tool.slug + ', ' + (tool.kind || 'tool')
      + (tool.enabled === false ? ', disabled' : '') + (tool.available === false ? ', unavailable: ' + (tool.unavailableReason || '') : '') + ')')),
    h('details', {}, h('summary', {}, 'Edit ' + tool.name), editForm(tool)),
    h('h3', {}, tool.kind === 'visualisation' ? 'Viewers' : 'Granted users and teams'),
    tool.access === 'granted' || tool.kind === 'visualisation' ? null
      : h('p', { class: 'muted' }, 'Everyone may use this tool; grants matter once access is set to “granted”.'),
    grantsEditor('/tools/' + encodeURIComponent(tool.slug) + '/grants', tool.name, ['user', 'team']))));
}

start(show);
