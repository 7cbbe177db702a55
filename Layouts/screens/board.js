// The hall call board: the newest call big, earlier calls below, waiting per service, a ticker, and
// the spoken call for every call that arrives.
import { runClock } from './clock.js';
import { $ } from './dom.js';
import { bi, h, L, languageSwitch, minutes, onLangChange } from './i18n.js';
import { follow } from './live.js';
import { VoiceQueue } from './voice.js';

let live;
const voice = new VoiceQueue(() => {
  $('sound').hidden = false;
});
window.hallVoice = voice;
$('sound').addEventListener('click', () => {
  $('sound').hidden = true;
  voice.audio.play().catch(() => {});
});

function callText(c) {
  return {
    zh: `请 <b>${h(c.number)}</b> 号到 <b>${c.window}</b> 号窗口办理`,
    en: `Number <b>${h(c.number)}</b>, please go to window <b>${c.window}</b>`,
  };
}

function time(at) {
  return new Date(at).toLocaleTimeString('zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
}

// MARK: cases (办件): results ready for pickup, newest first, with the masked name only.
function renderPickup(ready) {
  $('pickup-panel').hidden = ready.length === 0;
  $('pickup-title').innerHTML = bi('请取件', 'Ready for pickup');
  $('pickup').innerHTML = [...ready]
    .reverse()
    .slice(0, 8)
    .map((c) => `<li data-case="${h(c.number)}"><span class="case-no">${h(c.number)}</span> ${h(c.applicant ?? '')}</li>`)
    .join('');
}

// A board's panels clip what sticks out: the rows or items that do not fit whole under the ones
// before them are hidden rather than shown cut in half (a 1366×768 board shows fewer than a 1080p one).
function showWholeOnly(items) {
  for (const item of items) item.hidden = false;
  for (const item of items) {
    const panel = item.closest('.panel').getBoundingClientRect();
    item.hidden = item.getBoundingClientRect().bottom > panel.bottom;
  }
}

function render() {
  const hall = live.hall;
  if (!hall) return;
  $('hall-name').textContent = L(hall.name);
  const [latest, ...earlier] = hall.recentCalls;
  if (latest) {
    const t = callText(latest);
    $('latest').innerHTML = `
      <div class="text" id="latest-call" data-number="${h(latest.number)}" data-window="${latest.window}">${L(t.zh, t.en)}${latest.recall ? ` <span class="recall">${L('（重呼）', '(recall)')}</span>` : ''}</div>
      <div class="sub">${L(t.en, t.zh).replace(/<\/?b>/g, '')}</div>`;
  } else {
    $('latest').innerHTML = `<div class="text">${bi('欢迎办事，请留意叫号', 'Welcome — please listen for your number')}</div>`;
  }
  $('history-title').innerHTML = bi('最近叫号', 'Recent calls');
  $('history').innerHTML =
    `<thead><tr><th scope="col">${L('号码', 'Number')}</th><th scope="col">${L('窗口', 'Window')}</th><th scope="col" class="when">${L('时间', 'Time')}</th></tr></thead><tbody>` +
    earlier
      .slice(0, 6)
      .map(
        (c) =>
          `<tr><td class="num">${h(c.number)}${c.recall ? L(' 重呼', ' recall') : ''}</td><td>${L(`${c.window} 号窗口`, `Window ${c.window}`)}</td><td class="when">${time(c.at)}</td></tr>`,
      )
      .join('') +
    '</tbody>';
  $('queue-title').innerHTML = bi('各事项等候人数', 'Waiting per service');
  $('queue').innerHTML =
    `<thead><tr><th scope="col">${L('事项', 'Service')}</th><th scope="col" class="n">${L('等候', 'Waiting')}</th><th scope="col" class="n">${L('预计', 'Est.')}</th></tr></thead><tbody>` +
    hall.services
      .map(
        (s) =>
          `<tr><td class="name">${h(s.prefix)} ${h(L(s.name))}</td><td class="n" data-service="${h(s.id)}">${s.waiting}</td><td class="n">${h(minutes(s.estimatedWaitSeconds) ?? '—')}</td></tr>`,
      )
      .join('') +
    '</tbody>';
  renderPickup(hall.readyCases ?? []);
  const phone = hall.supervisionPhone ? L(`监督电话 ${hall.supervisionPhone}`, `Supervision phone ${hall.supervisionPhone}`) : '';
  $('ticker').textContent = [
    L(hall.name),
    L('请留意叫号，过号无效请重新取号', 'Listen for your number; a missed number must be taken again'),
    L('办事不满意可在窗口评价器评价', 'Rate our service on the evaluator at the window'),
    phone,
  ]
    .filter(Boolean)
    .join('　·　');
  showWholeOnly($('history').querySelectorAll('tbody tr'));
  showWholeOnly($('pickup').querySelectorAll('li'));
}

languageSwitch($('lang'));
onLangChange(render);
window.addEventListener('resize', () => live?.hall && render());
runClock();
live = follow((_live, detail) => {
  if (detail.kind === 'event' && detail.event.type === 'visitCalled') {
    voice.add({ number: detail.event.number, window: detail.event.window, recall: detail.event.recall });
  }
  render();
});
