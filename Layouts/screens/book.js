// The booking page on the phone (/book, 预约): service, day, half hour, name and phone; the answer
// is the appointment code to check in with at the kiosk. Slots come from GET /api/v1/appointments/slots
// with the places left; the page shows the name and phone back masked, as the server answers them.
import { describeError, get, post } from './api.js';
import { startCancel } from './book-cancel.js';
import { $ } from './dom.js';
import { bi, h, L, languageSwitch, onLangChange } from './i18n.js';

let services = [];
let booked = null;

const LABELS = {
  title: ['预约办事', 'Book an appointment'],
  'l-service': ['办理事项', 'Matter'],
  'l-day': ['日期', 'Day'],
  'l-slot': ['时段', 'Time'],
  'l-name': ['姓名', 'Name'],
  'l-phone': ['手机号', 'Mobile phone'],
  'bk-submit': ['预约', 'Book'],
};

function dayLabel(day) {
  const date = new Date(`${day}T00:00:00+08:00`);
  return date.toLocaleDateString(L('zh-CN', 'en-GB'), { timeZone: 'Asia/Shanghai', month: 'numeric', day: 'numeric', weekday: 'short' });
}

function chosenService() {
  return services.find((s) => s.id === $('bk-service').value);
}

function renderLabels() {
  for (const [id, [zh, en]] of Object.entries(LABELS)) $(id).textContent = L(zh, en);
}

function renderServices() {
  const current = $('bk-service').value;
  $('bk-service').innerHTML = services.map((s) => `<option value="${h(s.id)}">${h(L(s.name))}</option>`).join('');
  if (current) $('bk-service').value = current;
  renderDays();
}

function renderDays() {
  const service = chosenService();
  const current = $('bk-day').value;
  const days = [...new Set((service?.slots ?? []).filter((s) => s.remaining > 0).map((s) => s.day))];
  $('bk-day').innerHTML = days.map((d) => `<option value="${d}">${h(dayLabel(d))}</option>`).join('');
  if (days.includes(current)) $('bk-day').value = current;
  renderSlots();
}

function renderSlots() {
  const service = chosenService();
  const day = $('bk-day').value;
  const slots = (service?.slots ?? []).filter((s) => s.day === day);
  $('bk-slots').innerHTML = slots.length
    ? slots
        .map(
          (s) => `<label class="bk-slot"><input type="radio" name="slot" value="${s.start}" ${s.remaining ? '' : 'disabled'}>
          <span>${h(s.start)}</span><small>${h(s.remaining ? L(`余${s.remaining}`, `${s.remaining} left`) : L('约满', 'full'))}</small></label>`,
        )
        .join('')
    : `<p>${bi('暂无可预约时段', 'No slots can be booked')}</p>`;
}

function renderBooked() {
  const b = booked;
  $('book-form').hidden = true;
  $('booked').hidden = false;
  $('booked').innerHTML = `<h2 id="booked-title">${bi('预约成功', 'Booked')}</h2>
    <p>${bi('您的预约码', 'Your appointment code')}</p>
    <p class="bk-code" id="booked-code">${h(b.code)}</p>
    <p>${h(L(b.serviceName))} · ${h(dayLabel(b.day))} ${h(b.slot)}</p>
    <p>${h(b.name)} · ${h(b.phone)}</p>
    <p>${bi(
      `请在预约时段开始后${b.graceMinutes}分钟内到大厅取号机“预约签到”，凭预约码或手机号和姓名取号，到时优先叫号；逾期预约自动取消。`,
      `At the hall's kiosk tap “Appointment check-in” with this code (or your phone and name) no later than ${b.graceMinutes} minutes after your time; you are called first from then on. A late appointment lapses.`,
    )}</p>`;
}

function showError(text) {
  $('bk-error').hidden = !text;
  $('bk-error').textContent = text ?? '';
}

async function load() {
  try {
    services = await get('appointments/slots');
    renderServices();
  } catch (error) {
    showError(L(describeError(error)));
  }
}

$('bk-service').addEventListener('change', renderDays);
$('bk-day').addEventListener('change', renderSlots);
$('book-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  if (!data.get('slot')) return showError(L('请选择时段', 'Choose a time'));
  showError(null);
  try {
    booked = await post('appointments', {
      service: data.get('service'),
      day: data.get('day'),
      slot: data.get('slot'),
      name: String(data.get('name')).trim(),
      phone: String(data.get('phone')).trim(),
    });
    renderBooked();
  } catch (error) {
    showError(L(describeError(error)));
    await load();
  }
});

languageSwitch($('lang'));
onLangChange(() => {
  renderLabels();
  renderServices();
  if (booked) renderBooked();
});
renderLabels();
load();
// account-3: cancelling with the code frees a place: the slots are asked again.
startCancel(load);
