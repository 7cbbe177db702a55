// Admin: the follow-ups of bad ratings (差评整改) — open, overdue and closed, each with its history.
// The administrator assigns a staff member, records the call-back (回访: reached or not, what the
// resident said) and closes it with the cause and the corrective action; every step is journaled
// with the acting account (GET/POST /api/v1/follow-ups…). Loads once the admin page is shown.
import { listHTML, nameOf, time, toggleHTML, wireRecords } from './admin-records.js';
import { describeError, get, post } from './api.js';
import { $ } from './dom.js';
import { h, L } from './i18n.js';

let items = null;
let staff = [];
const view = { filter: 'open', opened: null };

const STATUS = {
  open: ['待指派', 'unassigned'],
  assigned: ['已指派', 'assigned'],
  calledBack: ['已回访', 'called back'],
  closed: ['已办结', 'closed'],
};
const STEP = { opened: ['差评', 'rated'], assigned: ['指派', 'assigned'], calledBack: ['回访', 'call-back'], closed: ['办结', 'closed'] };

function historyHTML(f) {
  return `<ol class="acc-history">${f.history
    .map((s) => {
      const who = s.by ? ` · ${h(s.by)}` : '';
      const reached = s.reached == null ? '' : ` · ${s.reached ? L('已联系上', 'reached') : L('未联系上', 'not reached')}`;
      const note = s.kind === 'assigned' ? nameOf(staff, s.note) : (s.note ?? '');
      return `<li><b>${h(L(...STEP[s.kind]))}</b> ${h(time(s.at))}${who}${reached}${note ? `：${h(note)}` : ''}</li>`;
    })
    .join('')}</ol>`;
}

function formHTML(f) {
  const options = staff.map((m) => `<option value="${h(m.id)}"${m.id === f.assignee ? ' selected' : ''}>${h(m.name)}</option>`).join('');
  return `<div class="acc-form" data-form="${h(f.id)}">
    <form class="inline-form" data-fu-action="assign">
      <label><span>${L('整改责任人', 'Responsible')}</span><br><select name="staff" id="fu-staff">${options}</select></label>
      <button type="submit" id="fu-assign">${L('指派', 'Assign')}</button>
    </form>
    <form class="inline-form" data-fu-action="call-back">
      <label class="check"><input type="checkbox" name="reached" id="fu-reached" checked> ${L('已联系上群众', 'Resident reached')}</label>
      <label class="grow"><span>${L('回访记录', 'Call-back record')}</span><br><input name="note" id="fu-note" maxlength="200" required></label>
      <button type="submit" id="fu-call-back">${L('记录回访', 'Record call-back')}</button>
    </form>
    <form class="inline-form" data-fu-action="close">
      <label class="grow"><span>${L('原因', 'Cause')}</span><br><input name="cause" id="fu-cause" maxlength="200" required></label>
      <label class="grow"><span>${L('整改措施', 'Corrective action')}</span><br><input name="action" id="fu-action" maxlength="200" required></label>
      <button type="submit" class="primary-action" id="fu-close">${L('办结', 'Close')}</button>
    </form>
    <p class="error" id="fu-error" role="alert"></p>
  </div>`;
}

const row = (f) => `<tr class="${f.overdue ? 'acc-overdue' : ''}" data-followup="${h(f.id)}">
  <td>${h(f.id)}</td><td>${h(L(f.levelLabel))}</td><td>${h(f.reason ?? L('（原因待查）', '(reason to be found)'))}</td>
  <td>${f.window} · ${h(nameOf(staff, f.ratedStaffID))}</td><td>${h(f.due)}${f.overdue ? ` <b class="acc-late">${L('超期', 'overdue')}</b>` : ''}</td>
  <td data-status="${h(f.status)}">${h(L(...STATUS[f.status]))}${f.assignee ? ` · ${h(nameOf(staff, f.assignee))}` : ''}</td>
  <td>${toggleHTML(view, 'fu', f.id)}</td></tr>
  ${view.opened === f.id ? `<tr class="acc-detail"><td colspan="7">${historyHTML(f)}${f.status === 'closed' ? '' : formHTML(f)}</td></tr>` : ''}`;

function render() {
  if (!items) return;
  $('followups').innerHTML = listHTML(view, items, {
    attr: 'fu',
    empty: ['没有符合条件的差评整改', 'No follow-ups here'],
    headers: [
      ['办件', 'Visit'],
      ['评价', 'Rating'],
      ['原因', 'Reason'],
      ['窗口/人员', 'Window/staff'],
      ['期限', 'Due'],
      ['状态', 'Status'],
    ],
    row,
  });
}

async function load() {
  [items, staff] = await Promise.all([get('follow-ups'), get('config').then((c) => c.staff)]);
  render();
}

async function act(form) {
  const id = form.closest('[data-form]').dataset.form;
  const data = new FormData(form);
  const action = form.dataset.fuAction;
  const body =
    action === 'assign'
      ? { staff: data.get('staff') }
      : action === 'call-back'
        ? { reached: form.elements.reached.checked, note: data.get('note') }
        : { cause: data.get('cause'), action: data.get('action') };
  try {
    const updated = await post(`follow-ups/${encodeURIComponent(id)}/${action}`, body);
    items = items.map((f) => (f.id === id ? updated : f));
    render();
  } catch (error) {
    $('fu-error').textContent = L(describeError(error));
  }
}

if ($('followups')) wireRecords($('followups'), view, { attr: 'fu', render, load, act });
