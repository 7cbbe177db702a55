// The touch kiosk: tap a service, read the materials to bring, tap to take the number. The ticket
// screen says what became of the ticket's paper, from the kiosk's own answer (its `print` field).
import { post } from './api.js';
import { runClock } from './clock.js';
import { statusText } from './device-status.js';
import { $ } from './dom.js';
import { bi, h, L, languageSwitch, minutes, onLangChange } from './i18n.js';
import { checkIn, renderCheckIn, slotLine } from './kiosk-checkin.js';
import { follow } from './live.js';

const IDLE_AFTER_TICKET = 30_000;
const IDLE_AFTER_CHOICE = 60_000;
let live;
let chosen = null; // service id on the confirm screen
let ticket = null; // the last ticket, while it is shown
let idleTimer = null;
let busy = false;

function show(section) {
  for (const id of ['idle', 'confirm', 'ticket', 'checkin']) $(id).hidden = id !== section;
  clearTimeout(idleTimer);
  if (section === 'confirm' || section === 'checkin') idleTimer = setTimeout(backToIdle, IDLE_AFTER_CHOICE);
  if (section === 'ticket') idleTimer = setTimeout(backToIdle, IDLE_AFTER_TICKET);
}

function backToIdle() {
  chosen = null;
  ticket = null;
  show('idle');
  render();
}

/** The kiosk's own printer (the one at no window) cannot print: numbers show on screen only. */
function printerTrouble(hall) {
  return (hall.devices || []).some((d) => d.kind === 'printer' && d.window == null && !['ok', 'paperNearEnd'].includes(d.status));
}

function notices(hall) {
  const lines = [];
  if (!hall.open) {
    const next = hall.nextOpening ? new Date(hall.nextOpening) : null;
    const when = next
      ? next.toLocaleString(L('zh-CN', 'en-GB'), {
          timeZone: 'Asia/Shanghai',
          weekday: 'short',
          month: 'numeric',
          day: 'numeric',
          hour: '2-digit',
          minute: '2-digit',
        })
      : '';
    lines.push({
      bad: true,
      text: bi(`现在不是办公时间，暂停取号。${when ? `下次开放：${when}` : ''}`, `The hall is closed; no numbers now.${when ? ` Opens ${when}` : ''}`),
    });
  }
  if (printerTrouble(hall))
    lines.push({
      text: bi(
        '取号机打印故障：号码只显示在屏幕上，请记住您的号码。',
        'The ticket printer is out of order: your number is shown on screen only — please note it.',
      ),
    });
  return lines;
}

function renderNotice(hall) {
  const list = notices(hall);
  $('notice').hidden = list.length === 0;
  $('notice').className = `notice${list.some((n) => n.bad) ? ' bad' : ''}`;
  $('notice').innerHTML = list.map((n) => `<div>${n.text}</div>`).join('');
}

function waitText(s) {
  if (s.openWindows === 0) return L('暂无窗口办理，可取号等候', 'No window open yet; you may take a number');
  if (s.waiting === 0) return `<b>${L('无需等候', 'No wait')}</b> · ${L('现在取号即可办理', 'you will be called next')}`;
  const est = minutes(s.estimatedWaitSeconds);
  return `${L('等候', 'Waiting')} <b>${s.waiting}</b> ${L('人', '')}${est ? ` · ${L('约', 'about')} <b>${h(est)}</b>` : ''}`;
}

function renderServices(hall) {
  $('idle-title').innerHTML = bi('请选择要办理的事项', 'Tap the matter you have come for');
  $('services').innerHTML = hall.services
    .map(
      (s) => `
    <button class="service${s.openWindows === 0 ? ' unavailable' : ''}" type="button" data-service="${h(s.id)}">
      <span class="icon" aria-hidden="true">${h(s.prefix)}</span>
      <span class="name">${h(L(s.name))}</span>
      <span class="meta">${waitText(s)}</span>
    </button>`,
    )
    .join('');
}

function renderConfirm(hall) {
  const s = hall.services.find((x) => x.id === chosen);
  if (!s) return backToIdle();
  $('confirm-title').textContent = L(s.name);
  const materials = s.materials.length
    ? `<h3>${bi('请备齐以下材料（一次性告知）', 'Please bring (everything you will need)')}</h3><ol>${s.materials.map((m) => `<li>${h(L(m))}</li>`).join('')}</ol>`
    : `<h3>${bi('本事项无需准备材料', 'Nothing to bring for this matter')}</h3>`;
  const limit =
    s.timeLimitDays === 0
      ? L('即办件，当场办结', 'Settled on the spot')
      : L(`承诺时限：${s.timeLimitDays} 个工作日`, `Completed within ${s.timeLimitDays} working days`);
  $('confirm-body').innerHTML = `${materials}<p>${h(limit)}</p><p class="wait">${waitText(s)}</p>`;
  const closed = !hall.open;
  $('confirm-actions').innerHTML = `
    <button class="main" type="button" data-priority="normal" ${closed ? 'disabled' : ''}>${bi(closed ? '现在不能取号' : '取号', closed ? 'No numbers now' : 'Take a number')}</button>
    <button type="button" data-priority="elderly" ${closed ? 'disabled' : ''}>${bi('老年人优先', 'Elderly (priority)')}</button>
    <button type="button" data-priority="disabled" ${closed ? 'disabled' : ''}>${bi('残疾人优先', 'Disabled (priority)')}</button>
    <p class="urgent-hint" id="urgent-hint">${bi('特事特办请到咨询引导台办理', 'Urgent matters: please ask at the guide desk')}</p>
    <button class="back" type="button" data-back>${bi('返回', 'Back')}</button>`;
}

/**
 * What became of this ticket's paper, from the kiosk's answer: printed, still printing (the server
 * answers before the paper is out when the printer is slow), or not printed — then the resident
 * must note the number. No `print` field: no printing service runs, so no paper comes out.
 */
function printHTML(print) {
  if (print?.printed) {
    return `<p class="small" id="ticket-print" data-print="printed">${bi('请取走号票，留意叫号。过号无效，请重新取号。', 'Take your ticket and listen for your number. A missed number must be taken again.')}</p>`;
  }
  if (print?.status === 'pending') {
    return `<p class="small" id="ticket-print" data-print="pending">${bi('正在打印…请稍候取走号票，留意叫号。', 'Printing… take your ticket in a moment and listen for your number.')}</p>`;
  }
  if (!print) {
    return `<p class="small" id="ticket-print" data-print="none">${bi('请记住您的号码，留意叫号。过号无效，请重新取号。', 'Please note your number and listen for it. A missed number must be taken again.')}</p>`;
  }
  const status = statusText(print.status);
  return `<p class="notice" id="ticket-print" data-print="failed" data-status="${h(print.status)}">${bi('打印机故障，号票未能打印，请记住您的号码。', 'The printer failed: please remember your number.')}
    <span class="secondary">${h(L(`打印机${status.zh}`, `The printer is ${status.en}`))}</span></p>`;
}

function renderTicket() {
  const t = ticket;
  if (t.error) {
    $('ticket').innerHTML = `<p class="issued">${bi('未能取号', 'No number was issued')}</p><p class="ahead">${h(t.error)}</p>
      <button type="button" data-done>${bi('返回', 'Back')}</button>`;
    return;
  }
  const est = minutes(t.estimatedWaitSeconds);
  $('ticket').innerHTML = `
    <p class="issued">${bi(`您已领取`, 'Your number')}</p>
    <p class="number" id="ticket-number">${h(t.number)}</p>
    <p class="ahead">${L('前方等待', 'People ahead of you:')} <b id="ticket-ahead">${t.ahead}</b> ${L('人', '')}</p>
    <p class="small">${h(L(t.service.name))}${est ? ` · ${L('预计等候约', 'estimated wait about')} ${h(est)}` : ''}</p>
    ${slotLine(t)}
    ${printHTML(t.print)}
    <button type="button" data-done>${bi('完成', 'Done')}</button>`;
}

function render() {
  const hall = live?.hall;
  if (!hall) return;
  $('hall-name').textContent = L(hall.name);
  document.title = `${L('取号', 'Take a number')} · ${L(hall.name)}`;
  renderNotice(hall);
  if (!$('idle').hidden) renderServices(hall);
  $('checkin-open').innerHTML = bi('预约签到', 'Appointment check-in');
  if (!$('confirm').hidden) renderConfirm(hall);
  if (!$('ticket').hidden && ticket) renderTicket();
}

async function take(priority) {
  if (busy || !chosen) return;
  busy = true;
  try {
    ticket = await post('tickets', { service: chosen, priority });
  } catch (error) {
    ticket = { error: error.message };
  } finally {
    busy = false;
  }
  show('ticket');
  renderTicket();
}

async function checkInSubmitted(form) {
  if (busy) return;
  busy = true;
  try {
    ticket = await checkIn(form);
  } catch (error) {
    busy = false;
    renderCheckIn($('checkin'), error.message);
    return;
  }
  busy = false;
  show('ticket');
  renderTicket();
}

document.addEventListener('submit', (ev) => {
  if (ev.target.id !== 'checkin-form') return;
  ev.preventDefault();
  checkInSubmitted(ev.target);
});

document.addEventListener('click', (ev) => {
  const target = ev.target.closest('button');
  if (!target) return;
  if (target.dataset.service) {
    chosen = target.dataset.service;
    show('confirm');
    renderConfirm(live.hall);
  } else if (target.id === 'checkin-open') {
    show('checkin');
    renderCheckIn($('checkin'));
  } else if (target.dataset.priority) take(target.dataset.priority);
  else if (target.hasAttribute('data-back') || target.hasAttribute('data-done')) backToIdle();
});

languageSwitch($('lang'));
onLangChange(render);
runClock();
live = follow(render);
