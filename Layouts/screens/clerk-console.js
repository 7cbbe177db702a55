// The console's window and its current visit: the window's state, the number at the window, the
// held visits, and the actions — by button or key — from open to close. The skeleton of the whole
// console is drawn here once; each panel module fills its part.
import { post } from './api.js';
import { $ } from './dom.js';
import { h, L } from './i18n.js';
import { render, signedOut, state } from './clerk-store.js';
import { openDialog } from './clerk-dialogs.js';
import { serviceName } from './clerk-lines.js';
// MARK: cases (办件): the finish key opens the outcome panel.
import { openOutcome } from './clerk-outcome.js';

export const ACTIONS = [
  { key: 'n', path: 'call-next', zh: '叫号', en: 'Call next', main: true, when: (w) => w.status === 'open' && !w.current },
  { key: 'r', path: 'recall', zh: '重呼', en: 'Recall', when: (w) => w.current?.status === 'called' },
  { key: 's', path: 'start', zh: '开始办理', en: 'Start', when: (w) => w.current?.status === 'called' },
  { key: 'k', path: 'skip', zh: '过号', en: 'Skip (no-show)', when: (w) => w.current?.status === 'called' },
  { key: 'f', path: 'finish', outcome: true, zh: '办结…', en: 'Finish…', main: true, when: (w) => !!w.current },
  { key: 'h', path: 'hold', zh: '挂起', en: 'Hold', when: (w) => !!w.current },
  { key: 'u', path: 'resume', zh: '恢复挂起', en: 'Resume held', when: (w) => w.status === 'open' && !w.current && w.held.length > 0 },
  { key: 't', dialog: 'transfer', zh: '转移', en: 'Transfer', when: (w) => !!w.current },
  { key: 'p', dialog: 'pause', zh: '暂停服务', en: 'Pause', when: (w) => w.status === 'open' && !w.current },
  { key: 'o', path: 'open', zh: '开始服务', en: 'Open window', main: true, when: (w) => w.status !== 'open' },
  { key: 'c', path: 'close', zh: '关闭窗口', en: 'Close window', when: (w) => w.status !== 'closed' && !w.current },
];

/** Posts a window action (open, call-next, pause …); a failure's message shows under the actions. */
export async function act(action, body) {
  state.message = '';
  try {
    await post(`windows/${state.session.window}/${action}`, body);
  } catch (error) {
    state.message = error.message;
    if (error.status === 401) return signedOut();
  }
  render();
}

/** Runs the action of a key (n, r, s …) when the window allows it. */
export function runAction(key) {
  const w = state.live?.window(state.session.window);
  const a = ACTIONS.find((x) => x.key === key);
  if (!w || !a || !a.when(w)) return;
  if (a.dialog) openDialog(a.dialog);
  else if (a.outcome) openOutcome();
  else act(a.path);
}

/** Draws the console's panels, empty: the panel modules fill them. */
export function drawSkeleton() {
  $('console').innerHTML = `
    <section class="card" aria-labelledby="cur-title">
      <h2 id="cur-title"></h2>
      <div id="cur"></div>
      <div id="dialog"></div>
      <div id="outcome-slot"></div>
      <p class="error" role="alert" id="message"></p>
    </section>
    <section class="card docs" aria-labelledby="docs-title">
      <h2 id="docs-title"></h2>
      <div class="docs-actions" id="docs-actions"></div>
      <div id="scan-options"></div>
      <div class="scan-progress" id="scan-progress" hidden><progress id="scan-bar" max="1"></progress><p id="scan-progress-text" role="status"></p></div>
      <div class="doc-note" id="docs-outcome" role="status" aria-live="polite"></div>
      <div class="doc-note fault" id="docs-fault" role="alert"></div>
      <h3 id="scans-title"></h3>
      <div class="scans" id="scans"></div>
    </section>
    <section class="card" aria-labelledby="lines-title"><h2 id="lines-title"></h2><ul class="lines" id="lines"></ul></section>
    <section class="card cases-card" aria-labelledby="cases-title"><h2 id="cases-title"></h2><div id="cases-find"></div><div id="case-slot"></div></section>
    <section class="card" aria-labelledby="presence-title"><h2 id="presence-title"></h2><div id="presence"></div>
      <p id="presence-now"></p></section>`;
}

function currentHTML(cur) {
  if (!cur) return `<p class="muted" id="current-number">${L('没有正在办理的号', 'Nobody at the window')}</p>`;
  const status = { called: L('已叫号，等待到窗', 'called, awaiting the resident'), serving: L('办理中', 'being served') }[cur.status] ?? cur.status;
  return `<div class="current-number" id="current-number">${h(cur.number)}</div>
        <p>${h(serviceName(cur.serviceID))} · ${h(status)}
        ${cur.recalls ? ` · ${L('重呼', 'recalls')} ${cur.recalls}` : ''}${cur.priority !== 'normal' ? ` · <b>${L('优先', 'priority')}</b>` : ''}</p>`;
}

function actionHTML(a, w) {
  const cls = a.main ? 'primary-action' : '';
  return `<button type="button" id="act-${a.path ?? a.dialog}" data-action="${a.key}" class="${cls}" ${a.when(w) ? '' : 'disabled'}>${L(a.zh, a.en)}<kbd>${a.key.toUpperCase()}</kbd></button>`;
}

/** The window's state, its current visit, the held visits and the action buttons. */
export function renderCurrent(w) {
  const hall = state.live.hall;
  $('title').textContent = `${L(hall.name)} · ${w.number} ${L(w.name)}`;
  const statusText = { open: L('服务中', 'Open'), paused: L('暂停服务', 'Paused'), closed: L('未开放', 'Closed') }[w.status];
  const held = w.held.map((v) => `<button type="button" data-resume="${h(v.id)}">${h(v.number)} ${L('恢复', 'resume')}</button>`).join(' ');
  $('cur-title').textContent = L('当前办件', 'Current visit');
  $('cur').innerHTML = `
      <p class="window-state">${L(`${w.number}号窗口`, `Window ${w.number}`)}：<b class="${w.status}" id="window-status">${h(statusText)}</b>
        ${w.pauseReason ? `（${h(w.pauseReason)}）` : ''}</p>
      ${currentHTML(w.current)}
      ${w.held.length ? `<p>${L('挂起', 'Held')}：${held}</p>` : ''}
      <div class="actions-grid">${ACTIONS.map((a) => actionHTML(a, w)).join('')}</div>`;
}

export function renderMessage() {
  $('message').textContent = state.message;
}

export function wireActions() {
  document.addEventListener('click', (ev) => {
    const b = ev.target.closest('button');
    if (!b || !state.session) return;
    if (b.dataset.action) runAction(b.dataset.action);
    else if (b.dataset.resume) act('resume', { visit: b.dataset.resume });
  });
}
