// The resident's ticket page on the phone (/t/<code>, the QR code on the ticket): the number, the
// people ahead and the estimated wait; when the ticket is called, 请到3号窗口 in full screen with
// vibration and a notification where the phone allows; after the visit the five-level rating
// (ticket-rating.js) and a link to complaints and suggestions. It follows the public live feed and,
// on every change of the hall, reads its own ticket from GET /api/v1/tickets/<code>: the feed
// carries no ticket's secret, so the page never re-derives its place from the picture.
import { get } from './api.js';
import { $ } from './dom.js';
import { bi, h, L, languageSwitch, minutes, onLangChange } from './i18n.js';
import { follow } from './live.js';
import { showRating } from './ticket-rating.js';

const code = decodeURIComponent(location.pathname.split('/').filter(Boolean).pop() ?? '');
let ticket = null;
let missing = false;
let alerted = ''; // the call (window and count) last shown in full screen
let fetching = null;
let again = false;

const STATUS = {
  waiting: { zh: '等候中', en: 'Waiting' },
  serving: { zh: '正在办理', en: 'Being served' },
  held: { zh: '已挂起，请留意窗口通知', en: 'On hold: the window will call you back' },
  finished: { zh: '已办结', en: 'Finished' },
  noShow: { zh: '已过号：过号无效，请重新取号', en: 'Missed: please take a new number' },
  cancelled: { zh: '已取消', en: 'Cancelled' },
};

/** Reads the ticket again; calls that arrive meanwhile make one more read afterwards. A code the
 * hall no longer knows (the day is over) is not asked for again. */
async function refresh() {
  if (missing) return;
  if (fetching) {
    again = true;
    return fetching;
  }
  fetching = (async () => {
    try {
      ticket = await get(`tickets/${encodeURIComponent(code)}`);
      missing = false;
    } catch (error) {
      if (error.status === 404) missing = true;
    }
    render();
  })();
  await fetching;
  fetching = null;
  if (again) {
    again = false;
    await refresh();
  }
}

function goText(t) {
  return { zh: `请到${t.window}号窗口`, en: `Please go to window ${t.window}` };
}

function render() {
  document.body.dataset.state = missing ? 'missing' : (ticket?.status ?? 'loading');
  if (missing) {
    $('ticket').innerHTML = `<p class="tp-error">${bi('没有找到这张号票：号票只在取号当天有效', 'No ticket of today carries this code')}</p>`;
    $('rating').hidden = true;
    $('called').hidden = true;
    return;
  }
  if (!ticket) return;
  $('hall-name').textContent = L(ticket.hallName);
  $('feedback').href = ticket.feedback;
  const t = ticket;
  const wait = minutes(t.estimatedWaitSeconds);
  let status;
  if (t.status === 'waiting') {
    status = `<div class="tp-facts">
      <p><span class="tp-label">${bi('前方等待', 'People ahead')}</span><b id="ahead">${h(t.ahead)}</b></p>
      <p><span class="tp-label">${bi('预计等候', 'Estimated wait')}</span><b id="wait">${h(wait ?? L('暂无', 'n/a'))}</b></p></div>
      <p class="tp-status" id="status">${bi(STATUS.waiting)}</p>`;
  } else if (t.status === 'called') {
    status = `<p class="tp-status called" id="status">${bi(goText(t))}</p>`;
  } else {
    const where = t.window && (t.status === 'serving' || t.status === 'held') ? ` · ${L(`${t.window}号窗口`, `window ${t.window}`)}` : '';
    status = `<p class="tp-status ${t.status === 'noShow' ? 'over' : ''}" id="status">${bi(STATUS[t.status] ?? STATUS.waiting)}${h(where)}</p>`;
  }
  $('ticket').innerHTML = `<h2 id="ticket-title" class="sr-only">${h(L('号票', 'Ticket'))}</h2>
    <p class="tp-number" id="number">${h(t.number)}</p><p class="tp-service">${h(L(t.service.name))}</p>${status}`;
  callScreen(t);
  showRating($('rating'), t, code, refresh);
  alertsButton();
}

/** The full-screen call: shown, vibrated and notified once per call (a recall, or a call to another
 * window after a transfer, is a new call). */
function callScreen(t) {
  const overlay = $('called');
  if (t.status !== 'called') {
    overlay.hidden = true;
    return;
  }
  $('called-number').textContent = t.number;
  $('called-text').innerHTML = bi(goText(t));
  const call = `${t.window}-${t.calls}`;
  if (call !== alerted) {
    alerted = call;
    overlay.hidden = false;
    $('called-ok').focus();
    navigator.vibrate?.([400, 200, 400, 200, 400]);
    notify(t);
  }
}

function notify(t) {
  if (!('Notification' in window) || Notification.permission !== 'granted') return;
  const text = goText(t);
  try {
    new Notification(`${t.number} ${text.zh}`, { body: text.en, tag: `ticket-${t.visitID}`, renotify: true });
  } catch {
    // Phones that only notify through a service worker: the full screen and the vibration remain.
  }
}

/** Offers to turn notifications on while the ticket waits and the phone has not been asked yet. */
function alertsButton() {
  const p = $('alerts');
  const ask = 'Notification' in window && Notification.permission === 'default' && ticket?.status === 'waiting';
  p.hidden = !ask;
  if (ask && !p.firstChild) {
    p.innerHTML = `<button type="button" class="tp-button plain" id="alerts-on">${bi('到号时通知我', 'Notify me when I am called')}</button>`;
  }
}

document.addEventListener('click', (event) => {
  const target = event.target.closest('button');
  if (target?.id === 'called-ok') $('called').hidden = true;
  if (target?.id === 'alerts-on') Notification.requestPermission().then(() => alertsButton());
});

languageSwitch($('lang'));
onLangChange(render);
follow(() => refresh());
