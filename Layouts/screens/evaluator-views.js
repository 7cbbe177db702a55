// What the evaluator tablet shows: the five levels of the national 好差评 rules with their faces,
// the reasons for a bad rating, the clerk's card, and the stage for each state of the tablet.
import { bi, h, L } from './i18n.js';
import { photoURL } from './live.js';

export const LEVELS = [
  { id: 'verySatisfied', zh: '非常满意', en: 'Very satisfied', bad: false, mouth: 'M30 62 Q50 84 70 62' },
  { id: 'satisfied', zh: '满意', en: 'Satisfied', bad: false, mouth: 'M32 64 Q50 76 68 64' },
  { id: 'basicallySatisfied', zh: '基本满意', en: 'Basically satisfied', bad: false, mouth: 'M32 68 L68 68' },
  { id: 'unsatisfied', zh: '不满意', en: 'Unsatisfied', bad: true, mouth: 'M32 72 Q50 62 68 72' },
  { id: 'veryUnsatisfied', zh: '非常不满意', en: 'Very unsatisfied', bad: true, mouth: 'M30 76 Q50 56 70 76' },
];

export const REASONS = [
  { zh: '等候时间过长', en: 'Waited too long' },
  { zh: '服务态度不好', en: 'Unfriendly service' },
  { zh: '办事效率低', en: 'Slow handling' },
  { zh: '一次性告知不清楚', en: 'Not told everything needed at once' },
  { zh: '要求提供不必要的材料', en: 'Asked for unnecessary documents' },
  { zh: '其他', en: 'Other' },
];

function face(level) {
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

/** The stage for the tablet's state `ui`; `visitNumber(id)` names a visit, `token` is the device token. */
export function stage(w, ui, { token, visitNumber }) {
  switch (ui.state) {
    case 'loading':
      return '';
    case 'idle':
      return `<div class="ev-idle" id="idle">${clerkCard(w.staff, true)}
        <div class="ev-welcome"><h2 class="ev-big" id="welcome">${bi('欢迎评价', 'Your opinion counts')}</h2>
        <p class="ev-hint">${bi('办理完成后，请在这里为我们的服务评价', 'When your matter is done, please rate our service here')}</p>
        ${token ? '' : `<p class="ev-warn" id="no-token">${bi('本评价器尚未登记设备令牌，请工作人员用 ?token= 打开本页', 'This evaluator has no device token: staff must open the page with ?token=')}</p>`}
        </div></div>`;
    case 'rate':
    case 'sending': {
      const n = visitNumber(ui.visitID);
      return `<div class="ev-rate" id="rate" data-visit="${h(ui.visitID)}">
        <h2 class="ev-ask" id="ask">${bi('请评价', 'Please rate our service')}</h2>
        ${n ? `<p class="ev-visit" id="visit-number">${h(L(`${n}号 · ${w.number}号窗口`, `No. ${n} · Window ${w.number}`))}</p>` : ''}
        <div class="ev-levels" role="group" aria-labelledby="ask">
        ${LEVELS.map(
          (l) => `<button type="button" class="level tone-${l.id}" id="level-${l.id}" data-level="${l.id}" ${ui.state === 'sending' ? 'disabled' : ''}>
          ${face(l)}${bi(l.zh, l.en)}</button>`,
        ).join('')}
        </div></div>`;
    }
    case 'reasons': {
      const level = LEVELS.find((l) => l.id === ui.level);
      return `<div class="ev-reasons" id="reasons" data-level="${level.id}">
        <h2 class="ev-ask" id="reason-ask">${bi(`您选择了“${level.zh}”，请选择原因`, `You chose “${level.en}”: please tell us why`)}</h2>
        <div class="ev-reason-grid" role="group" aria-labelledby="reason-ask">
        ${REASONS.map((r) => `<button type="button" class="reason" data-reason="${h(r.zh)}">${bi(r.zh, r.en)}</button>`).join('')}
        </div>
        <button type="button" class="ev-back" id="back">${bi('返回', 'Back')}</button></div>`;
    }
    case 'thanks':
      return `<div class="ev-done" id="thanks"><svg class="tick" viewBox="0 0 100 100" aria-hidden="true" focusable="false">
        <circle cx="50" cy="50" r="44" fill="none" stroke="currentColor" stroke-width="7"/>
        <path d="M28 52 L44 67 L73 36" fill="none" stroke="currentColor" stroke-width="8" stroke-linecap="round" stroke-linejoin="round"/></svg>
        <h2 class="ev-big">${bi('谢谢您的评价', 'Thank you for your rating')}</h2></div>`;
    case 'expired':
      return `<div class="ev-done" id="expired"><h2 class="ev-big">${bi('评价时间已过', 'The time to rate has passed')}</h2>
        <p class="ev-hint">${bi('本次办件记为未评价', 'This visit is recorded as not rated')}</p></div>`;
    case 'error': {
      const e = ui.error;
      return `<div class="ev-failed" id="failed" data-status="${e.status ?? 0}" data-code="${h(e.code ?? '')}">
        <h2 class="ev-ask">${bi(e.title.zh, e.title.en)}</h2>
        <p class="ev-message" id="error-message">${bi(e.message.zh, e.message.en)}</p>
        ${e.status ? `<p class="ev-code">${h(L('错误代码', 'Error'))} ${h(e.status)}${e.code ? ` · ${h(e.code)}` : ''}</p>` : ''}
        <button type="button" class="ev-back" id="error-ok">${bi('确定', 'OK')}</button></div>`;
    }
    default:
      return '';
  }
}
