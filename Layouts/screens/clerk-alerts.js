// Alerts (预警) on the clerk console — those concerning the clerk's window — and on the admin page
// — all of them: GET /api/v1/alerts, asked again every few seconds while someone is logged in.
// A new alert sounds a short tone when the hall file asks for one (alerts: sound: true).
import { get } from './api.js';
import { $ } from './dom.js';
import { h, L, L2, onLangChange } from './i18n.js';

const EVERY = 3000;
let alerts = [];
let known = null; // ids seen, to sound a tone only for new ones
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

async function poll() {
  if (document.visibilityState === 'hidden') return;
  try {
    const answer = await get('alerts');
    alerts = answer.alerts;
    const ids = new Set(alerts.map((a) => a.id));
    if (known && answer.sound && alerts.some((a) => !known.has(a.id))) tone();
    known = ids;
  } catch {
    // Not logged in (yet), or the hall is unreachable: nothing to show.
    alerts = [];
    known = null;
  }
  render();
}

export function startAlerts() {
  if (!$('alerts')) return;
  onLangChange(render);
  poll();
  setInterval(poll, EVERY);
}

startAlerts();
