// The administrator's cases (办件) section: the overdue cases flagged first (逾期, each to be
// chased), then the cases ready for pickup. A module of its own beside admin.js: it loads when the
// administration shows (after login), again on every case event of the staff feed, and on 刷新.
import { describeError, get } from './api.js';
import { $ } from './dom.js';
import { h, L, onLangChange } from './i18n.js';

const CASE_EVENTS = new Set(['caseAccepted', 'caseExtended', 'caseReady', 'caseCompleted', 'casePickedUp']);
let overdue = null;
let ready = null;
let failure = null;
let following = false;

function rowsHTML(cases, empty) {
  if (!cases.length) return `<p class="muted">${h(empty)}</p>`;
  const head = [L('办件编号', 'Case'), L('事项', 'Service'), L('申请人', 'Applicant'), L('承诺办结', 'Promised by'), L('状态', 'Status')];
  const rows = cases
    .map(
      (
        c,
      ) => `<tr data-case="${h(c.number)}"><td>${h(c.number)}</td><td>${h(L(c.service))}</td><td>${h(c.applicantName ?? '—')}${c.applicantPhone ? ` ${h(c.applicantPhone)}` : ''}</td>
        <td>${h(c.promisedDate)}${c.extensionReason ? ` (${h(L('已延期', 'extended'))})` : ''}</td><td><b>${h(L(c.statusLabel))}</b></td></tr>`,
    )
    .join('');
  return `<table class="data"><thead><tr>${head.map((x) => `<th scope="col">${h(x)}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function render() {
  $('cases-admin-title').textContent = L('办件 · 逾期与待取件', 'Cases · overdue and ready for pickup');
  $('cases-refresh').textContent = L('刷新', 'Refresh');
  if (failure) {
    $('cases-admin').innerHTML = `<p class="error" role="alert">${h(L(failure.zh, failure.en))}</p>`;
    return;
  }
  if (!overdue || !ready) return;
  $('cases-admin').innerHTML = `
    <h3 class="${overdue.cases.length ? 'flag' : ''}" id="cases-overdue-title">${h(L(`逾期办件（${overdue.cases.length}）`, `Overdue (${overdue.cases.length})`))}</h3>
    <div id="cases-overdue">${rowsHTML(overdue.cases, L('没有逾期办件', 'No overdue case'))}</div>
    <h3>${h(L(`待取件（${ready.cases.length}）`, `Ready for pickup (${ready.cases.length})`))}</h3>
    <div id="cases-ready">${rowsHTML(ready.cases, L('没有待取件的办件', 'No case waiting for pickup'))}</div>`;
}

async function load() {
  try {
    [overdue, ready] = await Promise.all([get('cases?status=overdue'), get('cases?status=ready')]);
    failure = null;
  } catch (error) {
    failure = describeError(error);
  }
  render();
}

function follow() {
  const live = window.hallLive;
  if (following || !live) return;
  following = true;
  live.addEventListener('change', (ev) => {
    const d = ev.detail;
    if (d.kind === 'snapshot' || (d.kind === 'event' && CASE_EVENTS.has(d.event?.type))) load();
  });
}

function whenShown() {
  if ($('admin').hidden) return;
  load();
  follow();
}

new MutationObserver(whenShown).observe($('admin'), { attributes: true, attributeFilter: ['hidden'] });
$('cases-refresh').addEventListener('click', load);
onLangChange(render);
whenShown();
