// The home page: the user's tools, datasets, visualisations and access requests, from GET /api/v1/me.
import { api, app, act, field, form, h, notify, replace, start, table, time, viewer } from './dw.js';

const LIVE = ['QUEUED', 'STARTING', 'RUNNING', 'STOPPING'];
let refreshTimer = null;

/** The signed-in user's view; falls back to /tools and /instances where /me is not available. */
async function load() {
  try {
    return await api('GET', '/me');
  } catch (e) {
    if (e.status !== 404) {
      throw e;
    }
    const [tools, instances] = await Promise.all([api('GET', '/tools'), api('GET', '/instances?live=true')]);
    const bySlug = new Map((instances.instances || []).map((i) => [i.tool, i]));
    return {
      user: { id: viewer.id },
      tools: (tools.tools || []).map((t) => ({ ...t, mayUse: t.mayUse !== false, instance: bySlug.get(t.slug) || null })),
      datasets: [], visualisations: [], requests: [],
    };
  }
}

function toolUrl(tool, userId) {
  return location.protocol + '//' + tool.slug + '-' + userId + '.' + location.host + '/';
}

function visualisationUrl(v) {
  const host = v.host || v.slug;
  if (/^https?:\/\//.test(host)) {
    return host;
  }
  return location.protocol + '//' + (host.includes('.') ? host : host + '.' + location.host) + '/';
}

function stateText(tool) {
  if (tool.available === false) {
    return 'Unavailable';
  }
  if (!tool.mayUse) {
    return 'No access';
  }
  const state = tool.instance && tool.instance.state;
  switch (state) {
    case 'QUEUED': case 'STARTING': return 'Starting';
    case 'RUNNING': return 'Running';
    case 'STOPPING': return 'Stopping';
    default: return 'Not running';
  }
}

function requestForm(what, body) {
  return form({ class: 'row', 'aria-label': 'Request access to ' + what }, (data, button) => act(async () => {
    await api('POST', '/access-requests', { ...body, reason: String(data.get('reason') || '').trim() });
    await render();
  }, 'Your request for ' + what + ' was sent to the administrators.', button),
  field('Why do you need ' + what + '?', h('input', { name: 'reason', required: true, maxlength: 2000, size: 40 })),
  h('button', { type: 'submit' }, 'Request access'));
}

/** Start in a chosen size: "Default" (the template's cpu/memory) first, then the sizes the tool offers. */
function sizeForm(tool) {
  const gb = (mb) => (mb / 1024).toFixed(mb % 1024 ? 1 : 0);
  return form({ class: 'row', 'aria-label': 'Start ' + tool.name + ' in a size', 'data-size-form': tool.slug },
    (data, button) => act(async () => {
      const size = String(data.get('size') || '');
      await api('POST', '/instances', size ? { tool: tool.slug, size } : { tool: tool.slug });
      await render();
    }, tool.name + ' is starting.', button),
    field('Size', h('select', { name: 'size', 'data-size-select': tool.slug },
      h('option', { value: '' }, 'Default' + (tool.cpu ? ' (' + tool.cpu + ' vCPU, ' + gb(tool.memoryMb) + ' GB)' : '')),
      tool.sizes.map((s) => h('option', { value: s.name },
        s.name + ' (' + s.cpuMillicores / 1000 + ' vCPU, ' + gb(s.memoryMb) + ' GB)')))),
    h('button', { type: 'submit', 'data-start': tool.slug }, 'Start'));
}

function toolActions(tool, me) {
  if (tool.available === false) {
    return h('span', { class: 'muted' }, tool.unavailableReason || 'cannot be started here');
  }
  if (!tool.mayUse) {
    const pending = me.requests.find((r) => r.toolSlug === tool.slug && r.state === 'PENDING');
    return pending ? h('span', { class: 'state-PENDING' }, 'Access requested — waiting for a decision')
      : requestForm(tool.name, { toolSlug: tool.slug });
  }
  const parts = [h('a', { href: toolUrl(tool, me.user.id || viewer.id), 'data-tool': tool.slug }, 'Open ' + tool.name)];
  const instance = tool.instance;
  if ((tool.sizes || []).length && !(instance && LIVE.includes(instance.state))) {
    parts.push(' ', sizeForm(tool));
  }
  if (instance && LIVE.includes(instance.state) && instance.state !== 'STOPPING') {
    parts.push(' ', h('button', {
      type: 'button', 'data-stop': tool.slug,
      onclick: (e) => act(async () => {
        await api('POST', '/instances/' + encodeURIComponent(instance.id) + '/stop');
        await render();
      }, tool.name + ' is stopping.', e.currentTarget),
    }, 'Stop'));
  }
  return parts;
}

function toolsSection(me) {
  const tools = me.tools.filter((t) => (t.kind || 'tool') === 'tool' && t.enabled !== false);
  return [h('h2', {}, 'Your tools'), table(null, ['Tool', 'State', 'Actions'], tools.map((t) => [
    [h('strong', {}, t.name), h('br'), h('span', { class: 'muted' }, t.description || '')],
    h('span', { 'data-state': t.slug }, stateText(t)),
    toolActions(t, me),
  ]), 'There are no tools yet.')];
}

function filesSection() {
  return [h('h2', {}, 'Your files'), h('p', {}, h('a', { href: '/files', 'data-files-link': '' }, 'Browse your files'),
    ' — upload, download and organise the files in your S3 home folder, which your tools see too.')];
}

function datasetCard(d) {
  const tables = (d.tables || []).map((t) => t.schema + '.' + (t.table || '*'));
  const paths = d.s3Paths && d.s3Paths.length ? d.s3Paths : (d.s3Prefixes || []);
  return h('section', { class: 'card', 'data-dataset': d.name, 'aria-labelledby': 'dataset-' + d.id },
    h('h3', { id: 'dataset-' + d.id }, d.name),
    d.description ? h('p', {}, d.description) : null,
    tables.length ? [h('p', {}, 'PostgreSQL: ', tables.map((t, i) => [i ? ', ' : '', h('code', {}, t)])),
      h('p', {}, 'From a tool, ', d.dsnVariable ? ['connect with the ', h('code', {}, d.dsnVariable),
        ' environment variable, or with no arguments at all: '] : 'connect with no arguments: ',
        h('code', {}, 'psql'), ' and other PostgreSQL clients read ',
        h('code', {}, 'PGHOST'), ', ', h('code', {}, 'PGPORT'), ', ', h('code', {}, 'PGDATABASE'), ', ',
        h('code', {}, 'PGUSER'), ' and ', h('code', {}, 'PGPASSWORD'), '.'),
      h('pre', {}, 'import os, psycopg2\nconn = psycopg2.connect(' + (d.dsnVariable ? 'os.environ["' + d.dsnVariable + '"]' : '')
        + ')\n' + (tables[0] ? 'conn.cursor().execute("SELECT * FROM ' + tables[0].replace('.*', '.<table>') + ' LIMIT 10")' : ''))] : null,
    paths.length ? [h('p', {}, 'S3 (read only): ', paths.map((p, i) => [i ? ', ' : '', h('code', {}, p)])),
      h('pre', {}, 'aws s3 ls ' + paths[0])] : null);
}

function datasetsSection(me) {
  return [h('h2', {}, 'Your datasets'),
    me.datasets.length ? me.datasets.map(datasetCard)
      : h('p', { class: 'muted' }, 'You have no datasets yet. Ask an administrator, or use “Request access” when one is listed.')];
}

/**
 * Every dataset, so that users can ask for those they do not hold: one page at a time from
 * GET /catalogue/datasets, with "Request access" and a reason for the others.
 */
function catalogueSection(me) {
  const list = h('div', { 'data-catalogue': '' });
  const more = h('button', { type: 'button', 'data-catalogue-more': '', hidden: true }, 'Show more datasets');
  let next = null;
  const loadPage = async () => {
    const page = await api('GET', '/catalogue/datasets?limit=50' + (next ? '&after=' + encodeURIComponent(next) : ''));
    for (const d of page.datasets || []) {
      const pending = d.requestPending
        || me.requests.some((r) => r.datasetId === d.id && r.state === 'PENDING');
      list.append(h('section', { class: 'card', 'data-catalogue-dataset': d.name, 'aria-labelledby': 'catalogue-' + d.id },
        h('h3', { id: 'catalogue-' + d.id }, d.name),
        d.description ? h('p', {}, d.description) : null,
        h('p', { class: 'muted' }, 'Owner: ' + (d.ownerName || 'none')),
        d.hasAccess ? h('p', { 'data-catalogue-state': 'granted' }, 'You have access: see “Your datasets”.')
          : pending ? h('p', { class: 'state-PENDING', 'data-catalogue-state': 'pending' }, 'Access requested — waiting for a decision')
            : requestForm(d.name, { datasetId: d.id })));
    }
    next = page.next;
    more.hidden = !next;
  };
  more.addEventListener('click', () => loadPage().catch((e) => notify(e.message, true)));
  loadPage().catch((e) => {
    if (e.status === 404) {
      list.append(h('p', { class: 'muted' }, 'The dataset catalogue is not available.'));
    } else {
      notify(e.message, true);
    }
  });
  return [h('h2', {}, 'Browse datasets'),
    h('p', { class: 'muted' }, 'Every dataset on the platform; ask for access to those you need.'), list, more];
}

function visualisationsSection(me) {
  const visible = me.visualisations.filter((v) => v.mayView !== false);
  return [h('h2', {}, 'Your visualisations'), table(null, ['Visualisation', 'Description'], visible.map((v) => [
    h('a', { href: visualisationUrl(v), 'data-visualisation': v.slug }, v.name || v.slug),
    v.description || '',
  ]), 'No visualisations are shared with you.')];
}

function requestsSection(me) {
  const toolNames = new Map(me.tools.map((t) => [t.slug, t.name]));
  const datasetNames = new Map(me.datasets.map((d) => [d.id, d.name]));
  return [h('h2', {}, 'Your access requests'), table(null, ['For', 'Reason', 'Asked', 'State', 'Decision'],
    me.requests.map((r) => [
      r.toolSlug ? 'Tool ' + (toolNames.get(r.toolSlug) || r.toolSlug)
        : 'Dataset ' + (datasetNames.get(r.datasetId) || '#' + r.datasetId),
      r.reason, time(r.createdAt), h('span', { class: 'state-' + r.state, 'data-request-state': r.state }, r.state),
      r.decidedAt ? [time(r.decidedAt), r.decisionNote ? ': ' + r.decisionNote : ''] : '—',
    ]), 'You have not asked for anything.')];
}

async function render() {
  const me = await load();
  me.tools = me.tools || [];
  me.datasets = me.datasets || [];
  me.visualisations = me.visualisations || [];
  me.requests = me.requests || [];
  replace(app, toolsSection(me), filesSection(), datasetsSection(me), catalogueSection(me), visualisationsSection(me),
    requestsSection(me));
  document.title = 'Your tools and data — Data Workspace';
  clearTimeout(refreshTimer);
  if (me.tools.some((t) => t.instance && ['QUEUED', 'STARTING', 'STOPPING'].includes(t.instance.state))) {
    refreshTimer = setTimeout(() => render().catch((e) => notify(e.message, true)), 3000);
  }
}

start(render);
