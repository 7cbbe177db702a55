// Alerts (预警) on the clerk console — those concerning the clerk's window — and on the admin page
// — all of them. They come on the live feed the screen already follows (window.hallLive, staff
// audience): the server sends each screen alertRaised / alertCleared for the alerts that concern
// its session. GET /api/v1/alerts is asked once when the feed (re)connects, for the list as it is
// then; events that arrive while that answer is on its way are applied to it again, in order.
// A new alert sounds a short tone when the hall file asks for one (alerts: sound: true).
import { get } from './api.js';
import { $ } from './dom.js';
import { h, L, L2, onLangChange } from './i18n.js';

let alerts = [];
let sound = false;
let live = null;
let reload = true; // fetch the list with the feed's next message (first connection or a reconnect)
let pending = null; // alert events received while the list is being fetched
let audio = null;

function tone() {
  try {
    audio ??= new AudioContext();
    const oscillator = audio.createOscillator();
    const gain = audio.createGain();
    oscillator.frequency.value = 880;
    gain.gain.setValueAtTime(0.2, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.6);
    oscillator.connect(gain).connect(audio.destination);
    oscillator.start();
    oscillator.stop(audio.currentTime + 0.6);
  } catch {
    // No sound device, or the browser wants a tap first: the alert is still on screen.
  }
}

function render() {
  const root = $('alerts');
  if (!root) return;
  const admin = root.dataset.audience === 'admin';
  root.hidden = !admin && alerts.length === 0;
  const title = `<h2>${L('预警', 'Alerts')}${alerts.length ? ` <span class="acc-count">${alerts.length}</span>` : ''}</h2>`;
  root.innerHTML =
    title +
    (alerts.length === 0
      ? `<p class="muted">${L('当前没有预警', 'No alerts now')}</p>`
      : `<ul class="acc-alert-list">${alerts
          .map(
            (a) =>
              `<li class="acc-alert" data-alert="${h(a.id)}" data-kind="${h(a.kind)}"><b>${h(L(a.message))}</b><span class="secondary">${h(L2(a.message))}</span></li>`,
          )
          .join('')}</ul>`);
}

/** Applies an alertRaised / alertCleared event to the list; true when an alert is new. */
function apply(event) {
  if (event.type === 'alertCleared') {
    alerts = alerts.filter((a) => a.id !== event.id);
    return false;
  }
  const { type, ...alert } = event;
  const i = alerts.findIndex((a) => a.id === alert.id);
  if (i >= 0) {
    alerts[i] = alert;
    return false;
  }
  alerts = [...alerts, alert].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return true;
}

async function load() {
  pending = [];
  try {
    const answer = await get('alerts');
    alerts = answer.alerts;
    sound = answer.sound;
    for (const event of pending) apply(event);
  } catch {
    // Not logged in any more, or the hall is unreachable: the next reconnect asks again.
    alerts = [];
  }
  pending = null;
  render();
}

function onChange(ev) {
  if (reload) {
    reload = false;
    load();
  }
  const event = ev.detail.kind === 'event' ? ev.detail.event : null;
  if (event?.type !== 'alertRaised' && event?.type !== 'alertCleared') return;
  if (pending) {
    pending.push(event);
    return;
  }
  if (apply(event) && sound) tone();
  render();
}

/** Follows the alerts on `feed` (a LiveHall on the staff audience). */
export function followAlerts(feed) {
  if (!$('alerts') || live === feed) return;
  live = feed;
  feed.addEventListener('connection', (ev) => {
    if (ev.detail) reload = true;
  });
  feed.addEventListener('change', onChange);
  if (feed.hall) {
    reload = false;
    load();
  }
}

onLangChange(render);
const attach = (feed) => {
  if (feed?.audience === 'staff') followAlerts(feed);
};
attach(window.hallLive);
window.addEventListener('hall-live', (ev) => attach(ev.detail));
