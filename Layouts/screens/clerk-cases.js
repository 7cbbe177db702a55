// Cases (办件) at the clerk console: find one by its number (from the receipt), then record its
// steps — extend the time limit (延期, with the reason and the new date), ready for pickup (可取件,
// announced on the hall board), completed (已办结) or picked up (已取件).
import { get, post } from './api.js';
import { $, paint } from './dom.js';
import { bi, bilingual, currentLang, h, L } from './i18n.js';
import { faultNote, render, signedOut, state } from './clerk-store.js';

state.caseDesk = { number: '', view: null, note: null, extending: false };

const STEPS = [
  { path: 'ready', zh: '可取件', en: 'Ready for pickup', when: (c) => ['inProgress', 'extended', 'overdue'].includes(c.status) },
  { path: 'picked-up', zh: '已取件', en: 'Picked up', when: (c) => c.status === 'ready' },
  { path: 'complete', zh: '已办结（无需取件）', en: 'Completed (nothing to collect)', when: (c) => ['inProgress', 'extended', 'overdue'].includes(c.status) },
];

function findHTML() {
  return `<form class="inline-form" id="case-find-form"><label>${h(L('办件编号', 'Case number'))}<br>
      <input id="case-number" inputmode="numeric" autocomplete="off" placeholder="20261130-0012" pattern="\\d{8}-\\d{4}" required></label>
      <button type="submit" id="case-find">${h(L('查询', 'Find'))}</button></form>`;
}

function caseHTML(c) {
  const steps = STEPS.filter((s) => s.when(c))
    .map((s) => `<button type="button" class="primary-action" data-case-step="${s.path}" id="case-${s.path}">${bi(s.zh, s.en)}</button>`)
    .join(' ');
  const canExtend = ['inProgress', 'overdue'].includes(c.status) && !c.extensionReason;
  const extend = state.caseDesk.extending
    ? `<form class="inline-form" id="case-extend-form"><label>${h(L('延期理由', 'Reason'))}<br><input id="case-extend-reason" maxlength="200" required></label>
        <label>${h(L('新的承诺日期', 'New promised date'))}<br><input id="case-extend-date" type="date" required></label>
        <button type="submit" class="primary-action" id="case-extend-confirm">${h(L('确认延期', 'Extend'))}</button></form>`
    : canExtend
      ? `<button type="button" data-case-extend id="case-extend">${bi('延期', 'Extend')}</button>`
      : '';
  return `<div class="case-summary" data-status="${h(c.status)}">
      <p><b id="case-status">${h(L(c.statusLabel))}</b> · ${h(c.number)} · ${h(L(c.service))}</p>
      <p>${h(L('申请人', 'Applicant'))}：${h(c.applicantName ?? '—')} ${c.applicantPhone ? `· ${h(c.applicantPhone)}` : ''}</p>
      <p>${h(L('承诺办结', 'Promised by'))}：${h(c.promisedDate)}${c.extensionReason ? ` · ${h(L('已延期', 'extended'))}（${h(c.extensionReason)}）` : ''}</p>
      <div class="case-steps">${steps} ${extend}</div></div>`;
}

export function renderCases() {
  $('cases-title').textContent = L('办件查询', 'Cases');
  paint($('cases-find'), currentLang(), findHTML);
  const desk = state.caseDesk;
  const key = desk.view ? `${JSON.stringify(desk.view)}|${desk.extending}|${currentLang()}` : '';
  paint($('case-slot'), `${key}|${JSON.stringify(desk.note)}`, () => {
    const note = desk.note ? `<p class="doc-note ${desk.note.kind}" role="status">${bilingual(desk.note.zh, desk.note.en)}</p>` : '';
    return (desk.view ? caseHTML(desk.view) : '') + note;
  });
}

async function call(promise, okNote) {
  try {
    const r = await promise;
    state.caseDesk.view = r.case ?? r;
    state.caseDesk.note = okNote;
  } catch (error) {
    if (error.status === 401) return signedOut();
    state.caseDesk.note = faultNote(error, '办件操作未完成', 'Case not updated');
  }
  state.caseDesk.extending = false;
  render();
}

export function wireCases() {
  document.addEventListener('submit', (ev) => {
    if (ev.target.id === 'case-find-form') {
      ev.preventDefault();
      const number = $('case-number').value.trim();
      state.caseDesk.number = number;
      state.caseDesk.view = null;
      call(get(`cases/${encodeURIComponent(number)}`), null);
    } else if (ev.target.id === 'case-extend-form') {
      ev.preventDefault();
      const body = { reason: $('case-extend-reason').value.trim(), promisedDate: $('case-extend-date').value };
      call(post(`cases/${encodeURIComponent(state.caseDesk.view.number)}/extend`, body), { kind: 'ok', zh: '已办理延期', en: 'Extended' });
    }
  });
  document.addEventListener('click', (ev) => {
    if (!state.session || !state.caseDesk.view) return;
    const step = ev.target.closest('button[data-case-step]');
    if (step) {
      const s = STEPS.find((x) => x.path === step.dataset.caseStep);
      call(post(`cases/${encodeURIComponent(state.caseDesk.view.number)}/${s.path}`), { kind: 'ok', zh: `已记录：${s.zh}`, en: `Recorded: ${s.en}` });
    } else if (ev.target.closest('button[data-case-extend]')) {
      state.caseDesk.extending = true;
      render();
      $('case-extend-reason')?.focus();
    }
  });
}
