// The admin page's county card: how far the county database is behind this hall's journal
// (GET /healthz, field `county`), refreshed every five seconds. Hidden when the hall forwards nothing.
import { $ } from './dom.js';
import { h, L, onLangChange } from './i18n.js';

let lag = null;

function render() {
  const card = $('county-card');
  if (!card) return;
  card.hidden = lag == null;
  if (lag == null) return;
  const state =
    lag.events === 0
      ? L('已全部转发', 'Everything forwarded')
      : L(`滞后 ${lag.events} 条，最早的已等 ${lag.seconds} 秒`, `${lag.events} entries behind, the oldest waiting ${lag.seconds} s`);
  const error = lag.error ? `<p class="error">${h(L('最近一次失败：', 'Last failure: '))}${h(lag.error)}</p>` : '';
  $('county-lag').innerHTML =
    `<p><strong>${h(state)}</strong></p><p class="muted">${h(L('本大厅编号', 'Hall id'))} ${h(lag.hallID)} · ${h(L('已转发至', 'Forwarded up to'))} #${lag.forwardedSeq}</p>${error}`;
}

async function refresh() {
  try {
    const response = await fetch('/healthz', { credentials: 'same-origin' });
    const health = await response.json();
    lag = health.county ?? null;
  } catch {
    lag = null;
  }
  render();
}

onLangChange(render);
refresh();
setInterval(refresh, 5000);
