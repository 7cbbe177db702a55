// 取消预约 on the booking page (/book): the resident types the appointment code the booking gave and
// cancels it (POST /api/v1/appointments/cancel); the place in the slot is free again, and the
// booking form's slots are asked again so it shows. The answer names the service, day and time.
import { describeError, post } from './api.js';
import { $ } from './dom.js';
import { bi, h, L, onLangChange } from './i18n.js';

let cancelled = null;
let reloadSlots = () => {};

const LABELS = {
  'cancel-title': ['取消预约', 'Cancel an appointment'],
  'l-cancel-code': ['预约码', 'Appointment code'],
  'cancel-submit': ['取消预约', 'Cancel it'],
};

function renderLabels() {
  for (const [id, [zh, en]] of Object.entries(LABELS)) $(id).textContent = L(zh, en);
}

function renderResult() {
  const result = $('cancel-result');
  result.hidden = !cancelled;
  if (!cancelled) return;
  const c = cancelled;
  result.innerHTML = `<b>${bi('预约已取消', 'Appointment cancelled')}</b>
    <span>${h(c.code)} · ${h(L(c.serviceName))} · ${h(c.day)} ${h(c.slot)}</span>`;
}

function showError(text) {
  $('cancel-error').hidden = !text;
  $('cancel-error').textContent = text ?? '';
}

/** Wires the cancel form; `reload` asks for the slots again after a cancellation. */
export function startCancel(reload) {
  reloadSlots = reload;
  renderLabels();
  onLangChange(() => {
    renderLabels();
    renderResult();
  });
  $('cancel-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    const code = $('cancel-code').value.trim();
    if (!code) return showError(L('请输入预约码', 'Type the appointment code'));
    showError(null);
    cancelled = null;
    try {
      cancelled = await post('appointments/cancel', { code });
      $('cancel-code').value = '';
      await reloadSlots();
    } catch (error) {
      showError(L(describeError(error)));
    }
    renderResult();
  });
}
