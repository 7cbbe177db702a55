// The clerk's own presence (去向): status and note, shown on the presence board. The form is drawn
// once (and again on a language change), so typing a note is never lost to an incoming event.
import { api } from './api.js';
import { $, paint } from './dom.js';
import { currentLang, h, L, presenceLabels } from './i18n.js';
import { render, state } from './clerk-store.js';

/** The clerk as the live picture has them (with the latest presence), or null for an administrator. */
function me() {
  const staff = state.session.staff;
  return staff ? (state.live.staff(staff.id) ?? staff) : null;
}

function formHTML(m) {
  if (!m) return `<p class="muted">${L('管理员账号没有去向', 'Administrator accounts have no presence')}</p>`;
  const options = Object.entries(presenceLabels)
    .map(([k, v]) => `<option value="${k}" ${m.status === k ? 'selected' : ''}>${h(L(v))}</option>`)
    .join('');
  return `<form class="inline-form" id="presence-form">
        <label>${L('状态', 'Status')}<br><select id="presence-status">${options}</select></label>
        <label>${L('备注', 'Note')}<br><input id="presence-note" value="${h(m.note ?? '')}" placeholder="${L('如：11:00 返回', 'e.g. back at 11:00')}"></label>
        <button type="submit" id="presence-save">${L('更新', 'Update')}</button></form>`;
}

export function renderPresence() {
  const m = me();
  $('presence-title').textContent = `${L('我的去向', 'My presence')}${m ? ` · ${m.name}` : ''}`;
  paint($('presence'), `${m ? 'me' : 'none'}|${currentLang()}`, () => formHTML(m));
}

/** Where the clerk is now, under the form. */
export function renderPresenceNow() {
  const m = me();
  $('presence-now').innerHTML = m ? `${L('当前', 'Now')}：<b id="presence-current">${h(L(m.statusLabel))}</b>${m.note ? ` · ${h(m.note)}` : ''}` : '';
}

export function wirePresence() {
  document.addEventListener('submit', async (ev) => {
    if (ev.target.id !== 'presence-form') return;
    ev.preventDefault();
    try {
      const body = { status: $('presence-status').value, note: $('presence-note').value };
      await api('PUT', `staff/${encodeURIComponent(state.session.staff.id)}/presence`, body);
      state.message = '';
    } catch (error) {
      state.message = error.message;
    }
    render();
  });
}
