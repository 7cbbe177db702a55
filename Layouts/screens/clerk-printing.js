// Reprinting at the window: the acceptance receipt (受理凭证) of the visit just accepted there (the
// papers of an outcome print when the visit finishes, see clerk-outcome.js). A printer that cannot
// print holds the paper and prints it when it recovers; the note says so.
import { post } from './api.js';
import { statusText } from './device-status.js';
import { docVisit, faultNote, myWindow, render, signedOut, state } from './clerk-store.js';

const DOCUMENTS = {
  receipt: { zh: '受理凭证', en: 'Receipt', zhWhen: '承诺办结日期', enWhen: 'promised by' },
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

/** Prints a receipt again; returns whether the server took it. */
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
