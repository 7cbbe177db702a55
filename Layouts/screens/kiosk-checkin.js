// The kiosk's appointment check-in (预约签到): the code from the booking, or the phone number and
// name given when booking. The answer is a ticket like any other, carrying its slot: the window
// calls it first once the slot has started.
import { post } from './api.js';
import { bi, h, L } from './i18n.js';

/** Draws the check-in form into `section`. */
export function renderCheckIn(section, message) {
  section.innerHTML = `
    <h2 class="prompt" id="checkin-title">${bi('预约签到', 'Check in for an appointment')}</h2>
    <form id="checkin-form" class="checkin-form" aria-labelledby="checkin-title">
      <label for="checkin-code">${bi('预约码', 'Appointment code')}</label>
      <input id="checkin-code" name="code" autocomplete="off" autocapitalize="characters" maxlength="12">
      <p class="checkin-or">${bi('或输入预约时的手机号和姓名', 'or the phone number and name you booked with')}</p>
      <label for="checkin-phone">${bi('手机号', 'Phone number')}</label>
      <input id="checkin-phone" name="phone" inputmode="numeric" autocomplete="off" maxlength="11">
      <label for="checkin-name">${bi('姓名', 'Name')}</label>
      <input id="checkin-name" name="name" autocomplete="off" maxlength="20">
      ${message ? `<p class="notice bad" role="alert" id="checkin-error">${h(message)}</p>` : ''}
      <div class="actions">
        <button class="main" type="submit" id="checkin-submit">${bi('签到取号', 'Check in and take my number')}</button>
        <button class="back" type="button" data-back>${bi('返回', 'Back')}</button>
      </div>
    </form>`;
  section.querySelector('#checkin-code').focus();
}

/** Checks in with what the form holds: the code when given, else phone and name. Returns the ticket. */
export function checkIn(form) {
  const data = new FormData(form);
  const code = String(data.get('code') ?? '').trim();
  const body = code ? { code } : { phone: String(data.get('phone') ?? '').trim(), name: String(data.get('name') ?? '').trim() };
  return post('appointments/check-in', body);
}

/** The slot line of a checked-in ticket, or nothing. */
export function slotLine(ticket) {
  if (!ticket.appointmentAt) return '';
  const at = new Date(ticket.appointmentAt).toLocaleTimeString(L('zh-CN', 'en-GB'), { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
  return `<p class="small" id="ticket-slot">${bi(`预约时段 ${at}，到时优先叫号`, `Appointment at ${at}: called first from then on`)}</p>`;
}
