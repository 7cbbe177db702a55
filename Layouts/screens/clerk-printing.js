// Printing at the window: the acceptance receipt (受理凭证) and the one-time notice of missing
// materials (一次性告知单), for the visit at the window or the one just finished there. A printer
// that cannot print holds the paper and prints it when it recovers; the note says so.
import { post } from './api.js';
import { $, $$ } from './dom.js';
import { bilingual, h, L } from './i18n.js';
import { statusText } from './device-status.js';
import { docVisit, faultNote, myWindow, render, signedOut, state } from './clerk-store.js';

const DOCUMENTS = {
  receipt: { zh: '受理凭证', en: 'Receipt', zhWhen: '承诺办结日期', enWhen: 'promised by' },
  notice: { zh: '一次性告知单', en: 'Notice of missing materials', zhWhen: '补齐材料期限', enWhen: 'materials due by' },
};

/** What the print request's answer means for the clerk, as a document note. */
function printedNote(kind, v, r) {
  const d = DOCUMENTS[kind];
  if (r.print.printed) {
    return { visitID: v.id, kind: 'ok', zh: `${d.zh}已打印（${v.number}，${d.zhWhen} ${r.date}）`, en: `${d.en} printed (${v.number}, ${d.enWhen} ${r.date})` };
  }
  const status = statusText(r.print.status);
  const message = r.print.message;
  return {
    visitID: v.id,
    kind: 'held',
    zh: `${d.zh}未能打印：打印机${status.zh}，已保留，恢复后自动打印${message?.zh ? `。${message.zh}` : ''}`,
    en: `${d.en} not printed: the printer is ${status.en}; it is held and prints when the printer recovers${message?.en ? `. ${message.en}` : ''}`,
  };
}

/** Prints a receipt or a notice (with `extra`: the missing materials); returns whether the server took it. */
export async function printDoc(kind, extra = {}) {
  const v = docVisit(myWindow());
  if (!v || state.printing) return false;
  const d = DOCUMENTS[kind];
  state.printing = kind;
  state.docNote = null;
  render();
  let ok = false;
  try {
    const r = await post(`windows/${state.session.window}/print-${kind}`, { ...(v.current ? {} : { visit: v.id }), ...extra });
    state.docNote = printedNote(kind, v, r);
    ok = true;
  } catch (error) {
    if (error.status === 401) {
      state.printing = null;
      signedOut();
      return false;
    }
    state.docNote = { visitID: v.id, ...faultNote(error, `${d.zh}打印失败`, `${d.en} not printed`) };
  }
  state.printing = null;
  render();
  return ok;
}

export function noticeHTML(v) {
  const materials = state.live.service(v.serviceID)?.materials ?? [];
  const boxes = materials
    .map((m, i) => `<label class="check"><input type="checkbox" name="missing" id="missing-${i}" value="${h(m.zh)}"> <span>${h(L(m))}</span></label>`)
    .join('');
  return `<form class="card notice-form" id="notice-form" aria-labelledby="notice-title">
      <h3 id="notice-title">${h(L(`一次性告知单 · ${v.number}`, `Notice of missing materials · ${v.number}`))}</h3>
      <fieldset><legend>${L('勾选所缺的材料', 'Tick the missing materials')}</legend>
        ${boxes}
      </fieldset>
      <label>${L('其他所缺材料（每行一项，或用顿号、逗号分隔）', 'Other missing materials (one per line, or separated by commas)')}<br>
        <textarea id="notice-other" rows="2" placeholder="${L('如：户口簿、一寸照片', 'e.g. household register, ID photo')}"></textarea></label>
      <p class="error" id="notice-error" role="alert"></p>
      <div class="notice-buttons"><button class="primary-action" type="submit" id="notice-print">${L('打印告知单', 'Print the notice')}</button>
        <button type="button" data-notice-cancel>${L('取消', 'Cancel')}</button></div></form>`;
}

export function openNotice() {
  if (!docVisit(myWindow())) return;
  state.noticeOpen = true;
  render();
  ($('missing-0') ?? $('notice-other'))?.focus();
}

export function closeNotice() {
  state.noticeOpen = false;
  render();
  $('print-notice')?.focus();
}

async function submitNotice() {
  const ticked = $$('#notice-form input[name=missing]:checked').map((x) => x.value);
  const other = $('notice-other')
    .value.split(/[\n、,，;；]+/)
    .map((x) => x.trim())
    .filter(Boolean);
  const missing = [...new Set([...ticked, ...other])];
  if (!missing.length) {
    $('notice-error').innerHTML = bilingual('请勾选或填写所缺的材料', 'Tick or type at least one missing material');
    return;
  }
  $('notice-error').textContent = '';
  if (await printDoc('notice', { missing })) {
    state.noticeOpen = false;
    render();
  }
}

export function wireNotice() {
  document.addEventListener('click', (ev) => {
    if (state.session && ev.target.closest('button[data-notice-cancel]')) closeNotice();
  });
  document.addEventListener('submit', (ev) => {
    if (ev.target.id !== 'notice-form') return;
    ev.preventDefault();
    submitNotice();
  });
}
