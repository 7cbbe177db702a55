// What the admin's lists of follow-ups (admin-followups.js) and complaints (admin-complaints.js)
// share: the 未办结/已超期/已办结/全部 tabs, the table around their rows, the time format, and the
// wiring — load once the admin section shows, then every minute unless a record's form is open.
import { $ } from './dom.js';
import { h, L, onLangChange } from './i18n.js';

const FILTERS = [
  ['open', '未办结', 'Open'],
  ['overdue', '已超期', 'Overdue'],
  ['closed', '已办结', 'Closed'],
  ['all', '全部', 'All'],
];

const matches = (item, key) =>
  key === 'open' ? item.status !== 'closed' : key === 'overdue' ? item.overdue : key === 'closed' ? item.status === 'closed' : true;

/** A date and time in the hall's zone, short. */
export const time = (iso) => new Date(iso).toLocaleString(L('zh-CN', 'en-GB'), { timeZone: 'Asia/Shanghai', dateStyle: 'short', timeStyle: 'short' });

/** The staff member's name by id, from the configuration's staff list. */
export const nameOf = (staff, id) => staff.find((m) => m.id === id)?.name ?? id ?? '';

/** The tabs with their counts, then the table of the records the view's filter shows. */
export function listHTML(view, items, { attr, empty, headers, row }) {
  const tabs = FILTERS.map(
    ([key, zh, en]) =>
      `<button type="button" data-${attr}-filter="${key}" aria-pressed="${view.filter === key}">${L(zh, en)} (${items.filter((x) => matches(x, key)).length})</button>`,
  ).join('');
  const shown = items.filter((x) => matches(x, view.filter));
  const table =
    shown.length === 0
      ? `<p class="muted">${h(L(...empty))}</p>`
      : `<table class="data"><thead><tr>${headers.map(([zh, en]) => `<th>${h(L(zh, en))}</th>`).join('')}<th></th></tr></thead><tbody>${shown.map(row).join('')}</tbody></table>`;
  return `<div class="nav" role="group" aria-label="${L('筛选', 'Filter')}">${tabs}</div>${table}`;
}

/** The 办理/收起 button of a record's row. */
export function toggleHTML(view, attr, id) {
  return `<button type="button" data-${attr}-open="${h(id)}">${view.opened === id ? L('收起', 'Hide') : L('办理', 'Handle')}</button>`;
}

/** Wires a list in `root`: tabs and toggles redraw, forms go to `act`, and `load` runs when due. */
export function wireRecords(root, view, { attr, render, load, act }) {
  const key = (suffix) => `${attr}${suffix}`;
  root.addEventListener('click', (ev) => {
    const data = ev.target.closest('button')?.dataset ?? {};
    if (data[key('Filter')]) view.filter = data[key('Filter')];
    else if (data[key('Open')]) view.opened = view.opened === data[key('Open')] ? null : data[key('Open')];
    else return;
    render();
  });
  root.addEventListener('submit', (ev) => {
    ev.preventDefault();
    act(ev.target);
  });
  onLangChange(render);
  const admin = $('admin');
  const refresh = () => {
    if (!admin.hidden) load().catch(() => {});
  };
  new MutationObserver(refresh).observe(admin, { attributes: true, attributeFilter: ['hidden'] });
  refresh();
  setInterval(() => {
    if (!view.opened) refresh();
  }, 60_000);
}
