// 政务公开栏: each service's conditions, materials, time limit, fees and windows, two per page,
// turning the page on its own; the supervision phone always shown. When the hall publishes its
// appraisal results (公布考核结果, info-appraisal.js), they are the first page.
import { runClock } from './clock.js';
import { $ } from './dom.js';
import { h, L, languageSwitch, onLangChange } from './i18n.js';
import { appraisalPage, appraisalShown, loadAppraisal } from './info-appraisal.js';
import { follow } from './live.js';

const PER_PAGE = 2;
const PAGE_SECONDS = Number(new URLSearchParams(location.search).get('page_seconds') || 20);
let live;
let page = 0;

function windowsFor(hall, id) {
  return hall.windows
    .filter((w) => w.primaryServices.includes(id))
    .map((w) => L(`${w.number}号窗口`, `window ${w.number}`))
    .join(L('、', ', '));
}

function item(hall, s) {
  const limit = s.timeLimitDays === 0 ? L('即办件（当场办结）', 'Settled on the spot') : L(`${s.timeLimitDays} 个工作日`, `${s.timeLimitDays} working days`);
  return `<article class="info-item" data-service="${h(s.id)}">
    <h2>${h(s.prefix)} · ${h(L(s.name))}</h2>
    ${s.conditions ? `<h3>${L('办理条件', 'Who may apply')}</h3><p>${h(L(s.conditions))}</p>` : ''}
    <h3>${L('所需材料', 'Materials')}</h3>
    ${s.materials.length ? `<ol>${s.materials.map((m) => `<li>${h(L(m))}</li>`).join('')}</ol>` : `<p>${L('无', 'None')}</p>`}
    <h3>${L('办理流程与时限', 'Process and time limit')}</h3>
    <p>${L('取号 → 窗口受理（出具受理凭证）→ 审核办理 → 办结', 'Number → accepted at the window (with a receipt) → review → done')}；${L('承诺时限', 'time limit')}：${h(limit)}</p>
    <h3>${L('收费标准', 'Fees')}</h3><p>${h(s.fees ? L(s.fees) : L('不收费', 'Free of charge'))}</p>
    <h3>${L('办理窗口', 'Window')}</h3><p>${h(windowsFor(hall, s.id) || '—')}</p>
  </article>`;
}

function render() {
  const hall = live.hall;
  if (!hall) return;
  const extra = appraisalShown() ? 1 : 0;
  const pages = Math.max(1, Math.ceil(hall.services.length / PER_PAGE)) + extra;
  page %= pages;
  $('title').textContent = `${L(hall.name)} · ${L('政务公开栏', 'Public information')}`;
  const first = (page - extra) * PER_PAGE;
  $('page').innerHTML =
    page < extra
      ? appraisalPage()
      : hall.services
          .slice(first, first + PER_PAGE)
          .map((s) => item(hall, s))
          .join('');
  $('page').dataset.page = String(page + 1);
  $('phone').innerHTML = hall.supervisionPhone ? `${L('监督电话', 'Supervision phone')}：<b>${h(hall.supervisionPhone)}</b>` : '';
  $('pager').textContent = L(`第 ${page + 1} / ${pages} 页`, `Page ${page + 1} of ${pages}`);
}

languageSwitch($('lang'));
onLangChange(render);
runClock();
setInterval(async () => {
  page += 1;
  // Back at the start: the appraisal results may have been published or withdrawn meanwhile.
  if (live.hall && page >= Math.ceil(live.hall.services.length / PER_PAGE) + (appraisalShown() ? 1 : 0)) {
    page = 0;
    await loadAppraisal();
  }
  render();
}, PAGE_SECONDS * 1000);
live = follow(render);
loadAppraisal().then(render);
