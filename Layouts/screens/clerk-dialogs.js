// The console's two dialogs: pause the window (with a reason) and transfer the visit at the window
// (to a service's line or another window, at the front or the back). Each is drawn once when it
// opens, so typing is never lost to an incoming event.
import { $, paint } from './dom.js';
import { currentLang, h, L } from './i18n.js';
import { render, state } from './clerk-store.js';

function pauseHTML() {
  return `<form class="inline-form card" id="pause-form"><label>${L('暂停原因', 'Reason')}<br>
      <input id="pause-reason" required list="pause-reasons" placeholder="${L('如：外出核查、系统故障', 'e.g. site visit, system fault')}"></label>
      <datalist id="pause-reasons"><option value="外出核查"><option value="系统故障"><option value="临时会议"><option value="午间休息"></datalist>
      <button class="primary-action" type="submit" id="pause-confirm">${L('确认暂停', 'Pause')}</button>
      <button type="button" data-cancel>${L('取消', 'Cancel')}</button></form>`;
}

function transferHTML(w) {
  const hall = state.live.hall;
  const services = hall.services.map((s) => `<option value="s:${h(s.id)}">${h(s.prefix)} ${h(L(s.name))}</option>`).join('');
  const windows = hall.windows
    .filter((x) => x.number !== w.number)
    .map((x) => `<option value="w:${x.number}">${x.number} · ${h(L(x.name))}</option>`)
    .join('');
  return `<form class="inline-form card" id="transfer-form"><label>${L('转到', 'Transfer to')}<br>
      <select id="transfer-to"><optgroup label="${L('事项', 'Service')}">${services}</optgroup><optgroup label="${L('窗口', 'Window')}">${windows}</optgroup></select></label>
      <label>${L('排队位置', 'Position')}<br><select id="transfer-position"><option value="front">${L('队首', 'Front')}</option><option value="back">${L('队尾', 'Back')}</option></select></label>
      <button class="primary-action" type="submit">${L('确认转移', 'Transfer')}</button><button type="button" data-cancel>${L('取消', 'Cancel')}</button></form>`;
}

export function renderDialog(w) {
  const html = { pause: pauseHTML, transfer: () => transferHTML(w) }[state.dialog];
  paint($('dialog'), `${state.dialog}|${currentLang()}`, html ?? '');
}

/** Opens a dialog and puts the cursor in its first field. */
export function openDialog(name) {
  state.dialog = name;
  render();
  (name === 'pause' ? $('pause-reason') : $('transfer-to'))?.focus();
}

export function closeDialog() {
  state.dialog = null;
  render();
}

/** Wires the dialogs' buttons; `act` posts a window action. */
export function wireDialogs(act) {
  document.addEventListener('click', (ev) => {
    if (state.session && ev.target.closest('button[data-cancel]')) closeDialog();
  });
  document.addEventListener('submit', async (ev) => {
    if (ev.target.id === 'pause-form') {
      ev.preventDefault();
      const reason = $('pause-reason').value;
      state.dialog = null;
      await act('pause', { reason });
    } else if (ev.target.id === 'transfer-form') {
      ev.preventDefault();
      const [kind, value] = $('transfer-to').value.split(':');
      const body = { position: $('transfer-position').value, ...(kind === 's' ? { service: value } : { window: Number(value) }) };
      state.dialog = null;
      await act('transfer', body);
    }
  });
}
