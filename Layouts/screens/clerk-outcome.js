// Finishing the visit at the window with its outcome (办理结果): seven large buttons. 办结, 咨询 and
// 代办 finish at once; 受理, 补正, 不予受理 and 转办/告知 first ask for what they need (the
// applicant, the missing papers, the reason and its legal basis, the competent department). The
// paper an outcome calls for (受理凭证, 一次性告知单, 不予受理告知书, 告知单) prints at the window.
import { post } from './api.js';
import { $, $$, paint } from './dom.js';
import { bi, bilingual, currentLang, h, L } from './i18n.js';
import { statusText } from './device-status.js';
import { faultNote, myWindow, render, signedOut, state } from './clerk-store.js';

state.outcome = { open: false, kind: null, busy: false };

export const OUTCOMES = [
  { kind: 'settled', zh: '办结', en: 'Settled' },
  { kind: 'accepted', zh: '受理', en: 'Accept as a case', fields: true },
  { kind: 'papersMissing', zh: '补正', en: 'Papers missing', fields: true },
  { kind: 'refused', zh: '不予受理', en: 'Refuse', fields: true },
  { kind: 'referred', zh: '转办/告知', en: 'Refer elsewhere', fields: true },
  { kind: 'consultation', zh: '咨询', en: 'Consultation' },
  { kind: 'proxy', zh: '代办', en: 'Taken on (代办)' },
];

const PAPERS = {
  receipt: { zh: '受理凭证', en: 'Receipt' },
  papersNotice: { zh: '一次性告知单', en: 'One-time notice' },
  refusalNotice: { zh: '不予受理告知书', en: 'Notice of refusal' },
  referralNotice: { zh: '告知单', en: 'Referral notice' },
};

const field = (id, zh, en, input) => `<label class="outcome-field">${h(L(zh, en))}<br>${input(id)}</label>`;
const text =
  (placeholder, attrs = '') =>
  (id) =>
    `<input id="${id}" ${attrs} placeholder="${h(placeholder)}">`;

function fieldsHTML(kind, v) {
  switch (kind) {
    case 'accepted': {
      const days = state.live.service(v.serviceID)?.timeLimitDays ?? 0;
      return [
        field('outcome-name', '申请人姓名（可不填）', "Applicant's name (optional)", text('张三', 'autocomplete="off" maxlength="20"')),
        field('outcome-phone', '联系电话（可不填）', 'Phone (optional)', text('138…', 'inputmode="tel" maxlength="20"')),
        field(
          'outcome-days',
          '办理时限（法定工作日）',
          'Time limit (working days)',
          (id) => `<input id="${id}" type="number" min="0" max="365" value="${days}">`,
        ),
      ].join('');
    }
    case 'papersMissing': {
      const materials = state.live.service(v.serviceID)?.materials ?? [];
      const boxes = materials
        .map((m, i) => `<label class="check"><input type="checkbox" name="missing" id="missing-${i}" value="${h(m.zh)}"> <span>${h(L(m))}</span></label>`)
        .join('');
      return `<fieldset><legend>${h(L('勾选所缺的材料', 'Tick the missing papers'))}</legend>${boxes}</fieldset>
        ${field('notice-other', '其他所缺材料（用顿号或逗号分隔）', 'Other missing papers (comma separated)', (id) => `<textarea id="${id}" rows="2"></textarea>`)}`;
    }
    case 'refused':
      return [
        field('outcome-reason', '不予受理的理由', 'Reason for refusal', (id) => `<textarea id="${id}" rows="2" maxlength="200" required></textarea>`),
        field('outcome-basis', '法律依据', 'Legal basis', text('《……》第……条', 'maxlength="200" required')),
      ].join('');
    case 'referred':
      return [
        field('outcome-department', '受理部门', 'Competent department', text('县……局', 'maxlength="60" required')),
        field('outcome-phone', '部门电话', "Department's phone", text('0838-…', 'inputmode="tel" maxlength="20" required')),
        field('outcome-address', '部门地址', "Department's address", text('县城……路……号', 'maxlength="100" required')),
      ].join('');
    default:
      return '';
  }
}

function panelHTML(v) {
  const kind = state.outcome.kind;
  const buttons = OUTCOMES.map(
    (o) =>
      `<button type="button" class="outcome-choice${o.kind === kind ? ' chosen' : ''}" id="outcome-${o.kind}" data-outcome="${o.kind}" aria-pressed="${o.kind === kind}">${bi(o.zh, o.en)}</button>`,
  ).join('');
  const chosen = OUTCOMES.find((o) => o.kind === kind && o.fields);
  const form = chosen
    ? `<form class="outcome-form" id="outcome-form">${fieldsHTML(kind, v)}
        <p class="error" id="outcome-error" role="alert"></p>
        <button class="primary-action" type="submit" id="outcome-confirm">${h(L(`确认${chosen.zh}`, `Confirm: ${chosen.en}`))}</button></form>`
    : '';
  return `<section class="card outcome-panel" aria-labelledby="outcome-title">
      <h3 id="outcome-title">${h(L(`办理结果 · ${v.number}`, `Outcome · ${v.number}`))}</h3>
      <div class="outcome-choices">${buttons}</div>${form}
      <button type="button" data-outcome-cancel>${h(L('取消', 'Cancel'))}</button></section>`;
}

/** Draws the outcome panel while it is open and the window still has its visit. */
export function renderOutcomePanel(w) {
  if (!w?.current) state.outcome.open = false;
  const key = state.outcome.open ? `${w.current.id}|${state.outcome.kind}|${currentLang()}` : '';
  paint($('outcome-slot'), key, () => (state.outcome.open ? panelHTML(w.current) : ''));
}

/** Opens the panel (on the finish key), optionally with an outcome chosen. */
export function openOutcome(kind = null) {
  if (!myWindow()?.current) return;
  state.outcome = { open: true, kind };
  render();
  (kind ? $('outcome-form')?.querySelector('input, textarea') : $('outcome-settled'))?.focus();
}

export function closeOutcome() {
  state.outcome = { open: false, kind: null };
  render();
}

function printedNote(r, v) {
  const paper = PAPERS[r.document];
  if (!paper) return null;
  const what = r.caseNumber ? `${v.number}，办件编号 ${r.caseNumber}` : v.number;
  if (!r.print)
    return { visitID: v.id, kind: 'held', zh: `本窗口未配置打印机，${paper.zh}未打印（${what}）`, en: `No printer at this window: ${paper.en} not printed` };
  if (r.print.printed) return { visitID: v.id, kind: 'ok', zh: `${paper.zh}已打印（${what}）`, en: `${paper.en} printed (${r.caseNumber ?? v.number})` };
  const status = statusText(r.print.status);
  return {
    visitID: v.id,
    kind: 'held',
    zh: `${paper.zh}未能打印：打印机${status.zh}，已保留，恢复后自动打印`,
    en: `${paper.en} not printed: the printer is ${status.en}; it prints when the printer recovers`,
  };
}

function bodyOf(kind) {
  const value = (id) => $(id)?.value.trim() ?? '';
  switch (kind) {
    case 'accepted': {
      const body = { outcome: kind, workingDays: Number(value('outcome-days') || 0) };
      if (value('outcome-name')) body.applicantName = value('outcome-name');
      if (value('outcome-phone')) body.applicantPhone = value('outcome-phone');
      return body;
    }
    case 'papersMissing': {
      const ticked = $$('#outcome-form input[name=missing]:checked').map((x) => x.value);
      const other = value('notice-other')
        .split(/[\n、,，;；]+/)
        .map((x) => x.trim())
        .filter(Boolean);
      return { outcome: kind, missing: [...new Set([...ticked, ...other])] };
    }
    case 'refused':
      return { outcome: kind, reason: value('outcome-reason'), basis: value('outcome-basis') };
    case 'referred':
      return { outcome: kind, department: value('outcome-department'), phone: value('outcome-phone'), address: value('outcome-address') };
    default:
      return { outcome: kind };
  }
}

/** Finishes the window's visit with `kind`'s outcome; the printed paper's note shows in the documents panel. */
async function finishWith(kind) {
  const w = myWindow();
  const v = w?.current;
  if (!v || state.outcome.busy) return;
  const body = bodyOf(kind);
  if (kind === 'papersMissing' && !body.missing.length) {
    $('outcome-error').innerHTML = bilingual('请勾选或填写所缺的材料', 'Tick or type at least one missing paper');
    return;
  }
  state.outcome.busy = true;
  try {
    const r = await post(`windows/${w.number}/finish-with-outcome`, body);
    state.lastVisit = { id: v.id, number: v.number, serviceID: v.serviceID };
    state.docNote = printedNote(r, v);
    state.outcome = { open: false, kind: null };
    state.message = '';
  } catch (error) {
    state.outcome.busy = false;
    if (error.status === 401) return signedOut();
    const note = faultNote(error, '未能办结', 'Not finished');
    if ($('outcome-error')) $('outcome-error').innerHTML = bilingual(note.zh, note.en);
    else state.message = L(note.zh, note.en);
    return;
  }
  render();
}

export function wireOutcome() {
  document.addEventListener('click', (ev) => {
    if (!state.session) return;
    const choice = ev.target.closest('button[data-outcome]');
    if (choice) {
      const o = OUTCOMES.find((x) => x.kind === choice.dataset.outcome);
      if (o.fields) openOutcome(o.kind);
      else finishWith(o.kind);
    } else if (ev.target.closest('button[data-outcome-cancel]')) closeOutcome();
  });
  document.addEventListener('submit', (ev) => {
    if (ev.target.id !== 'outcome-form') return;
    ev.preventDefault();
    finishWith(state.outcome.kind);
  });
}
