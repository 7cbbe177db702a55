// The evaluator tablet's pictures: a face for each rating level and the clerk's card (big while
// idle, small in the corner while rating).
import { bi, h, L } from './i18n.js';
import { photoURL } from './live.js';

export function face(level) {
  return `<svg class="face" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
    <circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="7"/>
    <circle cx="35" cy="40" r="6" fill="currentColor"/><circle cx="65" cy="40" r="6" fill="currentColor"/>
    <path d="${level.mouth}" fill="none" stroke="currentColor" stroke-width="7" stroke-linecap="round"/></svg>`;
}

export function clerkCard(staff, big) {
  if (!staff) {
    return big ? `<div class="ev-card" id="clerk"><span class="ev-nobody">${bi('本窗口暂无工作人员', 'No clerk at this window')}</span></div>` : '';
  }
  const photo = photoURL(staff);
  return `<div class="${big ? 'ev-card' : 'ev-card mini'}" ${big ? 'id="clerk"' : ''} data-staff="${h(staff.id)}">
    ${photo ? `<img src="${photo}" alt="${h(L(`${staff.name}的照片`, `Photo of ${staff.name}`))}">` : ''}
    <span class="ev-who"><span class="ev-name" ${big ? 'id="clerk-name"' : ''}>${h(staff.name)}</span>
    <span class="ev-title">${h(staff.title)}</span></span></div>`;
}
