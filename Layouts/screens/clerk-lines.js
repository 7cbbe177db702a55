// The waiting lines a window serves: its own services, then those it backs up (AB岗), each with
// how many wait and the first numbers in line.
import { $ } from './dom.js';
import { h, L } from './i18n.js';
import { state } from './clerk-store.js';

export function serviceName(id) {
  return L(state.live.service(id)?.name ?? id);
}

function lineHTML(w, id) {
  const visits = state.live.hall.waiting.filter((v) => v.serviceID === id);
  const backup = w.backupServices.includes(id) ? ` <span class="muted">${L('（AB岗）', '(backup)')}</span>` : '';
  const tags = visits
    .slice(0, 12)
    .map((v) => `<span class="tag${v.priority !== 'normal' ? ' priority' : ''}">${h(v.number)}</span>`)
    .join('');
  return `<li><b>${h(serviceName(id))}</b>${backup}: ${visits.length} ${L('人', 'waiting')}
      ${tags}</li>`;
}

export function renderLines(w) {
  $('lines-title').textContent = L('等候队列', 'Waiting lines');
  $('lines').innerHTML = [...w.primaryServices, ...w.backupServices].map((id) => lineHTML(w, id)).join('');
}
