// Admin: access requests, pending first; approve (which creates the grant) or reject, with a note.
import { api, app, act, field, form, h, pager, query, replace, start, table, time } from '../dw.js';
import { userLabel } from './common.js';

let state = 'PENDING';
const results = h('div', { id: 'requests' });

function decide(r) {
  return form({ class: 'row', 'aria-label': 'Decide the request ' + r.id }, (data, button) => {
    const verb = button && button.value === 'reject' ? 'reject' : 'approve';
    return act(async () => {
      await api('POST', '/access-requests/' + r.id + '/' + verb, { note: String(data.get('note') || '') });
      await pages.refresh();
    }, (verb === 'approve' ? 'Approved' : 'Rejected') + ' request ' + r.id + '.', button);
  },
  field('Note to the requester', h('input', { name: 'note', size: 24 })),
  h('button', { type: 'submit', value: 'approve', 'data-approve': r.id }, 'Approve'),
  h('button', { type: 'submit', value: 'reject', 'data-reject': r.id }, 'Reject'));
}

const pages = pager(async (after) => {
  const result = await api('GET', '/access-requests' + query({ state, after, limit: 50 }));
  const rows = [];
  for (const r of result.requests || []) {
    rows.push([await userLabel(r.userId), r.toolSlug ? 'Tool ' + r.toolSlug : 'Dataset #' + r.datasetId, r.reason,
      time(r.createdAt), h('span', { class: 'state-' + r.state }, r.state),
      r.state === 'PENDING' ? decide(r) : [await userLabel(r.decidedBy), ' ', time(r.decidedAt),
        r.decisionNote ? ': ' + r.decisionNote : '']]);
  }
  replace(results, table(null, ['Who', 'For', 'Reason', 'Asked', 'State', 'Decision'], rows,
    'No ' + (state ? state.toLowerCase() + ' ' : '') + 'requests.'));
  return result.next;
});

start(async () => {
  const select = h('select', { name: 'state' }, [['PENDING', 'Pending'], ['APPROVED', 'Approved'], ['REJECTED', 'Rejected'],
    ['', 'All']].map(([v, t]) => h('option', { value: v }, t)));
  replace(app, form({ class: 'row' }, (data) => {
    state = String(data.get('state'));
    pages.reload();
  }, field('Show', select), h('button', { type: 'submit' }, 'Show')), results, pages.element);
  await pages.reload();
});
