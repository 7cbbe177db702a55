// The board above one window: its number and name, who serves there, the number being served, and
// 暂停服务 with the reason while the window is paused.
import { $ } from './dom.js';
import { bi, h, L, languageSwitch, onLangChange } from './i18n.js';
import { follow, photoURL } from './live.js';

const number = Number(location.pathname.split('/').pop());
let live;

function staffBlock(staff) {
  if (!staff) return '';
  const photo = photoURL(staff);
  return `<div class="wb-staff">${photo ? `<img src="${photo}" alt="${h(staff.name)}">` : ''}
    <span id="staff-name">${h(staff.name)}</span><span class="secondary">${h(staff.title)} · ${h(L(staff.statusLabel))}</span></div>`;
}

function render() {
  const w = live.window(number);
  if (!w) return;
  $('number').textContent = L(`${w.number}号`, `No. ${w.number}`);
  $('name').innerHTML = bi(w.name);
  $('title').textContent = `${w.number} ${L(w.name)}`;
  document.title = `${w.number} · ${L(w.name)}`;
  let center;
  if (w.status === 'paused') {
    center = `<div class="paused-sign" id="status" data-status="paused"><span class="big">${L('暂停服务', 'Service paused')}</span>
      <span class="reason">${h(w.pauseReason ?? '')}</span><span class="secondary">${L('Service paused', '暂停服务')}</span></div>`;
  } else if (w.status === 'closed') {
    center = `<div class="closed-sign" id="status" data-status="closed">${bi('本窗口暂未开放', 'This window is not open')}</div>`;
  } else if (w.current) {
    const calling = w.current.status === 'called';
    center = `<div class="wb-current" id="status" data-status="open">${L(calling ? '请' : '正在办理', calling ? 'Calling' : 'Now serving')}
      <span class="num" id="current-number">${h(w.current.number)}</span>${L(calling ? '号到本窗口办理' : '号', calling ? 'to this window' : '')}</div>`;
  } else {
    center = `<div class="wb-current" id="status" data-status="open">${bi('欢迎办理', 'Welcome')}</div>`;
  }
  $('body').innerHTML = staffBlock(w.staff) + center;
}

languageSwitch($('lang'));
onLangChange(render);
live = follow(render);
