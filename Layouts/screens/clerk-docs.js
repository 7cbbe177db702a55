// The documents panel of the visit at the window: its actions (scan D, receipt E, notice I), the
// scan source, progress, the latest print or fault, and the visit's scans. The notice I opens the
// outcome panel at 补正 (the notice prints when the visit finishes so); the receipt E reprints the
// 受理凭证 of a visit just accepted.
import { $, paint } from './dom.js';
import { bi, bilingual, currentLang, L } from './i18n.js';
import { docVisit, myWindow, state } from './clerk-store.js';
import { followVisit, renderScanProgress, scanOptionsHTML, scansHTML, scansKey, startScan } from './clerk-scanning.js';
import { printDoc } from './clerk-printing.js';
import { openOutcome } from './clerk-outcome.js';

export const DOC_ACTIONS = [
  {
    key: 'd',
    id: 'scan-button',
    zh: '扫描材料',
    en: 'Scan documents',
    busy: ['扫描中…', 'Scanning…'],
    main: true,
    isBusy: () => state.scanning.active,
    when: (v) => !!v?.current && !state.scanning.active,
    run: () => startScan(),
  },
  {
    key: 'e',
    id: 'print-receipt',
    zh: '补打受理凭证',
    en: 'Reprint receipt',
    busy: ['打印中…', 'Printing…'],
    isBusy: () => state.printing === 'receipt',
    when: (v) => !!v && !v.current && !state.printing,
    run: () => printDoc('receipt'),
  },
  {
    key: 'i',
    id: 'print-notice',
    zh: '打印一次性告知单',
    en: 'Print notice of missing materials',
    busy: ['打印中…', 'Printing…'],
    isBusy: () => false,
    when: (v) => !!v?.current && !state.printing,
    run: () => openOutcome('papersMissing'),
  },
];

function actionHTML(a, v) {
  const [zh, en] = a.isBusy() ? a.busy : [a.zh, a.en];
  const cls = `doc-action${a.main ? ' primary-action' : ''}`;
  return `<button type="button" id="${a.id}" data-doc="${a.key}" class="${cls}" aria-keyshortcuts="${a.key.toUpperCase()}" ${a.when(v) ? '' : 'disabled'}><span class="label">${bi(zh, en)}</span><kbd>${a.key.toUpperCase()}</kbd></button>`;
}

function renderOutcome() {
  const note = state.docNote && state.docNote.kind !== 'error' ? state.docNote : null;
  const bad = state.docNote && state.docNote.kind === 'error' ? state.docNote : null;
  $('docs-outcome').className = `doc-note${note ? ` ${note.kind}` : ''}`;
  $('docs-outcome').innerHTML = note ? bilingual(note.zh, note.en) : '';
  $('docs-fault').innerHTML = bad ? bilingual(bad.zh, bad.en) : '';
  if (bad?.code) $('docs-fault').dataset.code = bad.code;
  else delete $('docs-fault').dataset.code;
}

export function renderDocs(w) {
  const v = docVisit(w);
  const lang = currentLang();
  followVisit(v);
  if (state.docNote && state.docNote.visitID !== v?.id) state.docNote = null;
  const finished = v && !v.current ? L('（已办结）', ' (finished)') : '';
  $('docs-title').textContent = `${L('材料与打印', 'Documents and printing')}${v ? ` · ${v.number}${finished}` : ''}`;
  $('docs-actions').innerHTML = DOC_ACTIONS.map((a) => actionHTML(a, v)).join('');
  paint($('scan-options'), lang, scanOptionsHTML);
  renderScanProgress();
  renderOutcome();
  $('scans-title').textContent = L('本件扫描件', 'Scans of this visit');
  paint($('scans'), scansKey(), () => scansHTML(v));
}

/** Runs the document action of a key (d, e, i) when the visit allows it. */
export function runDoc(key) {
  const w = myWindow();
  const a = DOC_ACTIONS.find((x) => x.key === key);
  if (!w || !a || !a.when(docVisit(w))) return;
  a.run();
}

export function wireDocs() {
  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-doc]');
    if (b && state.session) runDoc(b.dataset.doc);
  });
}
