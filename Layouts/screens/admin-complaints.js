// Admin: complaints and suggestions (投诉建议) — open, overdue and closed. The administrator sees the
// resident's phone number (to call back), assigns an owner, writes the reply the resident reads with
// the code, and closes it (GET/POST /api/v1/complaints…). Loads once the admin page is shown.
import { listHTML, nameOf, time, toggleHTML, wireRecords } from './admin-records.js';
import { describeError, get, post } from './api.js';
import { $ } from './dom.js';
import { h, L } from './i18n.js';

let items = null;
let staff = [];
const view = { filter: 'open', opened: null };

const STATUS = { received: ['待处理', 'received'], assigned: ['处理中', 'assigned'], replied: ['已答复', 'replied'], closed: ['已办结', 'closed'] };

function formHTML(c) {
  const options = staff.map((m) => `<option value="${h(m.id)}"${m.id === c.owner ? ' selected' : ''}>${h(m.name)}</option>`).join('');
  return `<div class="acc-form" data-form="${h(c.code)}">
    <form class="inline-form" data-cp-action="assign">
      <label><span>${L('承办人', 'Owner')}</span><br><select name="staff" id="cp-staff">${options}</select></label>
      <button type="submit" id="cp-assign">${L('指派', 'Assign')}</button>
    </form>
    <form data-cp-action="reply">
      <label><span>${L('答复（群众凭编号查看）', 'Reply (the resident reads it with the code)')}</span><br>
      <textarea name="text" id="cp-reply" maxlength="500" rows="3" required>${h(c.reply ?? '')}</textarea></label>
      <button type="submit" class="primary-action" id="cp-send">${L('答复', 'Reply')}</button>
    </form>
    ${c.reply ? `<form data-cp-action="close"><button type="submit" id="cp-close">${L('办结', 'Close')}</button></form>` : ''}
    <p class="error" id="cp-error" role="alert"></p>
  </div>`;
}

function detailHTML(c) {
  const lines = [
    [L('提交', 'Made'), `${time(c.submittedAt)} · ${c.channel === 'kiosk' ? L('取号机', 'kiosk') : L('手机', 'phone')}`],
    [L('内容', 'Text'), c.text ?? L('（群众尚未填写）', '(not written yet)')],
    [L('联系电话', 'Phone'), c.phone ?? L('匿名', 'anonymous')],
    c.ticket ? [L('号票', 'Ticket'), c.ticket] : null,
    c.reply ? [L('答复', 'Reply'), `${c.reply}（${time(c.repliedAt)} · ${c.repliedBy}）`] : null,
    c.closedAt ? [L('办结', 'Closed'), `${time(c.closedAt)} · ${c.closedBy}`] : null,
  ].filter(Boolean);
  return `<dl class="acc-facts">${lines.map(([k, v]) => `<dt>${h(k)}</dt><dd>${h(v)}</dd>`).join('')}</dl>`;
}

const row = (c) => `<tr class="${c.overdue ? 'acc-overdue' : ''}" data-complaint="${h(c.code)}">
  <td>${h(c.code)}</td><td>${h(L(c.categoryLabel))}</td><td>${h(c.text ?? '—')}</td>
  <td>${h(c.due)}${c.overdue ? ` <b class="acc-late">${L('超期', 'overdue')}</b>` : ''}</td>
  <td data-status="${h(c.status)}">${h(L(...STATUS[c.status]))}${c.owner ? ` · ${h(nameOf(staff, c.owner))}` : ''}</td>
  <td>${toggleHTML(view, 'cp', c.code)}</td></tr>
  ${view.opened === c.code ? `<tr class="acc-detail"><td colspan="6">${detailHTML(c)}${c.status === 'closed' ? '' : formHTML(c)}</td></tr>` : ''}`;

function render() {
  if (!items) return;
  $('complaints').innerHTML = listHTML(view, items, {
    attr: 'cp',
    empty: ['没有符合条件的投诉建议', 'No complaints here'],
    headers: [
      ['编号', 'Code'],
      ['类别', 'Category'],
      ['内容', 'Text'],
      ['答复期限', 'Reply due'],
      ['状态', 'Status'],
    ],
    row,
  });
}

async function load() {
  [items, staff] = await Promise.all([get('complaints'), get('config').then((c) => c.staff)]);
  render();
}

async function act(form) {
  const code = form.closest('[data-form]').dataset.form;
  const action = form.dataset.cpAction;
  const data = new FormData(form);
  const body = action === 'assign' ? { staff: data.get('staff') } : action === 'reply' ? { text: data.get('text') } : {};
  try {
    const updated = await post(`complaints/${encodeURIComponent(code)}/${action}`, body);
    items = items.map((c) => (c.code === code ? updated : c));
    render();
  } catch (error) {
    $('cp-error').textContent = L(describeError(error));
  }
}

if ($('complaints')) wireRecords($('complaints'), view, { attr: 'cp', render, load, act });
