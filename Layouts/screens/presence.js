// 去向公示牌: every staff member with photo, department, title, phone and where they are, by department.
import { runClock } from './clock.js';
import { $ } from './dom.js';
import { h, L, languageSwitch, onLangChange } from './i18n.js';
import { follow, photoURL } from './live.js';

let live;

function render() {
  const hall = live.hall;
  if (!hall) return;
  $('title').textContent = `${L(hall.name)} · ${L('工作人员去向公示', 'Staff presence')}`;
  const groups = new Map();
  for (const s of hall.staff) {
    if (!groups.has(s.department)) groups.set(s.department, []);
    groups.get(s.department).push(s);
  }
  $('groups').innerHTML = [...groups]
    .map(
      ([dept, people]) => `
    <section class="dept" aria-label="${h(dept)}"><h2>${h(dept)}</h2>
    ${people
      .map(
        (s) => `<div class="person" data-staff="${h(s.id)}">
      ${photoURL(s) ? `<img src="${photoURL(s)}" alt="${h(s.name)}">` : '<span class="nophoto"></span>'}
      <span class="who">${h(s.name)}<span class="status ${h(s.status)}" data-status="${h(s.status)}">${h(L(s.statusLabel))}</span></span>
      <span class="title">${h(s.title)}</span>
      <span class="phone">${L('电话', 'Tel.')} ${h(s.phone)}</span>
      ${s.note ? `<span class="note">${h(s.note)}</span>` : ''}
    </div>`,
      )
      .join('')}</section>`,
    )
    .join('');
}

languageSwitch($('lang'));
onLangChange(render);
runClock();
live = follow(render);
