// The clerk console: log in to a window, then call, recall, start, skip, transfer, hold, resume,
// finish, pause (with reason), open and close — by button or key — and keep your presence current.
// For the visit at the window: scan the resident's papers (progress from the live feed's
// scanProgress messages, then the visit's scans with page thumbnails, each opening its PDF) and
// print the acceptance receipt (受理凭证) or the one-time notice of missing materials (一次性告知单).
import { follow } from './live.js';
import { L, h, bi, languageSwitch, onLangChange, clock, presenceLabels, currentLang } from './i18n.js';
import { api, get, post } from './api.js';

const $ = (id) => document.getElementById(id);
let session = null;
let live = null;
let message = '';
let dialog = null; // 'pause' | 'transfer' | null

// Documents of the visit at the window (scans and printed papers).
let lastVisit = null; // {id, number, serviceID} of the latest visit served here, for printing after 办结
let scanning = { active: false, mine: false, page: 0, done: 0, fraction: null, timer: null };
let scanList = { visitID: null, scans: [], loading: false, error: null };
let scanLoadToken = 0;
let printing = null; // 'receipt' | 'notice' while a print request runs
let docNote = null; // {visitID, kind: 'ok' | 'held' | 'error', zh, en}: the latest outcome, Chinese first
let noticeOpen = false;

const DOC_ACTIONS = [
  { key: 'd', id: 'scan-button', zh: '扫描材料', en: 'Scan documents', main: true, when: (v) => !!v?.current && !scanning.active, run: () => startScan() },
  { key: 'e', id: 'print-receipt', zh: '打印受理凭证', en: 'Print receipt', when: (v) => !!v && !printing, run: () => printDoc('receipt') },
  { key: 'i', id: 'print-notice', zh: '打印一次性告知单', en: 'Print notice of missing materials', when: (v) => !!v && !printing, run: () => openNotice() },
];

const ACTIONS = [
  { key: 'n', path: 'call-next', zh: '叫号', en: 'Call next', main: true, when: (w) => w.status === 'open' && !w.current },
  { key: 'r', path: 'recall', zh: '重呼', en: 'Recall', when: (w) => w.current?.status === 'called' },
  { key: 's', path: 'start', zh: '开始办理', en: 'Start', when: (w) => w.current?.status === 'called' },
  { key: 'k', path: 'skip', zh: '过号', en: 'Skip (no-show)', when: (w) => w.current?.status === 'called' },
  { key: 'f', path: 'finish', zh: '办结', en: 'Finish', main: true, when: (w) => !!w.current },
  { key: 'h', path: 'hold', zh: '挂起', en: 'Hold', when: (w) => !!w.current },
  { key: 'u', path: 'resume', zh: '恢复挂起', en: 'Resume held', when: (w) => w.status === 'open' && !w.current && w.held.length > 0 },
  { key: 't', dialog: 'transfer', zh: '转移', en: 'Transfer', when: (w) => !!w.current },
  { key: 'p', dialog: 'pause', zh: '暂停服务', en: 'Pause', when: (w) => w.status === 'open' && !w.current },
  { key: 'o', path: 'open', zh: '开始服务', en: 'Open window', main: true, when: (w) => w.status !== 'open' },
  { key: 'c', path: 'close', zh: '关闭窗口', en: 'Close window', when: (w) => w.status !== 'closed' && !w.current },
];

function translateStatic() {
  for (const el of document.querySelectorAll('[data-t]')) {
    const [zh, en] = el.dataset.t.split('|');
    el.textContent = L(zh, en);
  }
  $('logout').textContent = L('退出登录', 'Log out');
}

async function start() {
  languageSwitch($('lang'));
  onLangChange(() => { translateStatic(); render(); });
  translateStatic();
  setInterval(() => { $('clock').textContent = clock(); }, 1000);
  try { session = await get('session'); } catch { session = null; }
  if (session?.window) return showConsole();
  showLogin();
}

async function showLogin() {
  $('login').hidden = false;
  $('console').hidden = true;
  $('logout').hidden = true;
  const hall = await get('hall');
  $('login-title').textContent = `${L(hall.name)} · ${L('窗口人员登录', 'Clerk login')}`;
  $('window').innerHTML = hall.windows.map((w) => `<option value="${w.number}">${w.number} · ${h(L(w.name))}</option>`).join('');
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  $('login-error').textContent = '';
  try {
    session = await post('session', { username: $('username').value, password: $('password').value, window: Number($('window').value) });
    showConsole();
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});

$('logout').addEventListener('click', async () => {
  await api('DELETE', 'session').catch(() => {});
  location.reload();
});

function showConsole() {
  $('login').hidden = true;
  $('console').hidden = false;
  $('logout').hidden = false;
  if (!live) {
    live = follow(render);
    // Scan progress comes on the live feed but is no journal event: take it before the feed does.
    const receive = live.receive.bind(live);
    live.receive = (m) => (m?.kind === 'scanProgress' ? onScanProgress(m) : receive(m));
  }
  render();
}

async function act(action, body) {
  message = '';
  try {
    await post(`windows/${session.window}/${action}`, body);
  } catch (error) {
    message = error.message;
    if (error.status === 401) { session = null; return showLogin(); }
  }
  render();
}

function serviceName(id) { return L(live.service(id)?.name ?? id); }

function linesFor(w) {
  const ids = [...w.primaryServices, ...w.backupServices];
  return ids.map((id) => {
    const visits = live.hall.waiting.filter((v) => v.serviceID === id);
    const backup = w.backupServices.includes(id);
    return `<li><b>${h(serviceName(id))}</b>${backup ? ` <span class="muted">${L('（AB岗）', '(backup)')}</span>` : ''}: ${visits.length} ${L('人', 'waiting')}
      ${visits.slice(0, 12).map((v) => `<span class="tag${v.priority !== 'normal' ? ' priority' : ''}">${h(v.number)}</span>`).join('')}</li>`;
  }).join('');
}

function dialogHTML(w) {
  if (dialog === 'pause') {
    return `<form class="inline-form card" id="pause-form"><label>${L('暂停原因', 'Reason')}<br>
      <input id="pause-reason" required list="pause-reasons" placeholder="${L('如：外出核查、系统故障', 'e.g. site visit, system fault')}"></label>
      <datalist id="pause-reasons"><option value="外出核查"><option value="系统故障"><option value="临时会议"><option value="午间休息"></datalist>
      <button class="primary-action" type="submit" id="pause-confirm">${L('确认暂停', 'Pause')}</button>
      <button type="button" data-cancel>${L('取消', 'Cancel')}</button></form>`;
  }
  if (dialog === 'transfer') {
    const services = live.hall.services.map((s) => `<option value="s:${h(s.id)}">${h(s.prefix)} ${h(L(s.name))}</option>`).join('');
    const windows = live.hall.windows.filter((x) => x.number !== w.number).map((x) => `<option value="w:${x.number}">${x.number} · ${h(L(x.name))}</option>`).join('');
    return `<form class="inline-form card" id="transfer-form"><label>${L('转到', 'Transfer to')}<br>
      <select id="transfer-to"><optgroup label="${L('事项', 'Service')}">${services}</optgroup><optgroup label="${L('窗口', 'Window')}">${windows}</optgroup></select></label>
      <label>${L('排队位置', 'Position')}<br><select id="transfer-position"><option value="front">${L('队首', 'Front')}</option><option value="back">${L('队尾', 'Back')}</option></select></label>
      <button class="primary-action" type="submit">${L('确认转移', 'Transfer')}</button><button type="button" data-cancel>${L('取消', 'Cancel')}</button></form>`;
  }
  return '';
}

function skeleton() {
  $('console').innerHTML = `
    <section class="card" aria-labelledby="cur-title">
      <h2 id="cur-title"></h2>
      <div id="cur"></div>
      <div id="dialog"></div>
      <p class="error" role="alert" id="message"></p>
    </section>
    <section class="card docs" aria-labelledby="docs-title">
      <h2 id="docs-title"></h2>
      <div class="docs-actions" id="docs-actions"></div>
      <div id="scan-options"></div>
      <div class="scan-progress" id="scan-progress" hidden><progress id="scan-bar" max="1"></progress><p id="scan-progress-text" role="status"></p></div>
      <div id="notice-slot"></div>
      <div class="doc-note" id="docs-outcome" role="status" aria-live="polite"></div>
      <div class="doc-note fault" id="docs-fault" role="alert"></div>
      <h3 id="scans-title"></h3>
      <div class="scans" id="scans"></div>
    </section>
    <section class="card" aria-labelledby="lines-title"><h2 id="lines-title"></h2><ul class="lines" id="lines"></ul></section>
    <section class="card" aria-labelledby="presence-title"><h2 id="presence-title"></h2><div id="presence"></div>
      <p id="presence-now"></p></section>`;
  renderedDialog = undefined;
  renderedPresence = undefined;
  renderedScanOptions = undefined;
  renderedNotice = undefined;
  renderedScans = undefined;
}

let renderedDialog;
let renderedPresence;
let renderedScanOptions;
let renderedNotice;
let renderedScans;

// Re-renders what the live feed changes; forms (pause reason, transfer, presence) are drawn only
// when they open or the language changes, so typing is never lost to an incoming event.
function render() {
  if (!session || !live?.hall) return;
  const w = live.window(session.window);
  if (!w) return;
  if (!$('cur')) skeleton();
  const hall = live.hall;
  $('title').textContent = `${L(hall.name)} · ${w.number} ${L(w.name)}`;
  const statusText = { open: L('服务中', 'Open'), paused: L('暂停服务', 'Paused'), closed: L('未开放', 'Closed') }[w.status];
  const cur = w.current;
  const me = session.staff ? live.staff(session.staff.id) ?? session.staff : null;
  const focusedID = document.activeElement?.id;
  $('cur-title').textContent = L('当前办件', 'Current visit');
  $('cur').innerHTML = `
      <p class="window-state">${L(`${w.number}号窗口`, `Window ${w.number}`)}：<b class="${w.status}" id="window-status">${h(statusText)}</b>
        ${w.pauseReason ? `（${h(w.pauseReason)}）` : ''}</p>
      ${cur ? `<div class="current-number" id="current-number">${h(cur.number)}</div>
        <p>${h(serviceName(cur.serviceID))} · ${h({ called: L('已叫号，等待到窗', 'called, awaiting the resident'), serving: L('办理中', 'being served') }[cur.status] ?? cur.status)}
        ${cur.recalls ? ` · ${L('重呼', 'recalls')} ${cur.recalls}` : ''}${cur.priority !== 'normal' ? ` · <b>${L('优先', 'priority')}</b>` : ''}</p>`
        : `<p class="muted" id="current-number">${L('没有正在办理的号', 'Nobody at the window')}</p>`}
      ${w.held.length ? `<p>${L('挂起', 'Held')}：${w.held.map((v) => `<button type="button" data-resume="${h(v.id)}">${h(v.number)} ${L('恢复', 'resume')}</button>`).join(' ')}</p>` : ''}
      <div class="actions-grid">${ACTIONS.map((a) => `<button type="button" id="act-${a.path ?? a.dialog}" data-action="${a.key}" class="${a.main ? 'primary-action' : ''}" ${a.when(w) ? '' : 'disabled'}>${L(a.zh, a.en)}<kbd>${a.key.toUpperCase()}</kbd></button>`).join('')}</div>`;
  const dialogKey = `${dialog}|${currentLang()}`;
  if (renderedDialog !== dialogKey) { $('dialog').innerHTML = dialogHTML(w); renderedDialog = dialogKey; }
  $('message').textContent = message;
  $('lines-title').textContent = L('等候队列', 'Waiting lines');
  $('lines').innerHTML = linesFor(w);
  $('presence-title').textContent = `${L('我的去向', 'My presence')}${me ? ` · ${me.name}` : ''}`;
  const presenceKey = `${me ? 'me' : 'none'}|${currentLang()}`;
  if (renderedPresence !== presenceKey) {
    $('presence').innerHTML = me ? `<form class="inline-form" id="presence-form">
        <label>${L('状态', 'Status')}<br><select id="presence-status">${Object.entries(presenceLabels).map(([k, v]) => `<option value="${k}" ${me.status === k ? 'selected' : ''}>${h(L(v))}</option>`).join('')}</select></label>
        <label>${L('备注', 'Note')}<br><input id="presence-note" value="${h(me.note ?? '')}" placeholder="${L('如：11:00 返回', 'e.g. back at 11:00')}"></label>
        <button type="submit" id="presence-save">${L('更新', 'Update')}</button></form>` : `<p class="muted">${L('管理员账号没有去向', 'Administrator accounts have no presence')}</p>`;
    renderedPresence = presenceKey;
  }
  renderDocs(w);
  $('presence-now').innerHTML = me ? `${L('当前', 'Now')}：<b id="presence-current">${h(L(me.statusLabel))}</b>${me.note ? ` · ${h(me.note)}` : ''}` : '';
  if (focusedID && $(focusedID) && document.activeElement !== $(focusedID)) $(focusedID).focus();
}

document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button');
  if (!b || !session) return;
  if (b.dataset.action) run(b.dataset.action);
  else if (b.dataset.doc) runDoc(b.dataset.doc);
  else if (b.hasAttribute('data-notice-cancel')) closeNotice();
  else if (b.dataset.resume) act('resume', { visit: b.dataset.resume });
  else if (b.hasAttribute('data-cancel')) { dialog = null; render(); }
});

document.addEventListener('submit', async (ev) => {
  if (ev.target.id === 'pause-form') {
    ev.preventDefault();
    const reason = $('pause-reason').value;
    dialog = null;
    await act('pause', { reason });
  } else if (ev.target.id === 'transfer-form') {
    ev.preventDefault();
    const [kind, value] = $('transfer-to').value.split(':');
    const body = { position: $('transfer-position').value, ...(kind === 's' ? { service: value } : { window: Number(value) }) };
    dialog = null;
    await act('transfer', body);
  } else if (ev.target.id === 'notice-form') {
    ev.preventDefault();
    submitNotice();
  } else if (ev.target.id === 'presence-form') {
    ev.preventDefault();
    try {
      await api('PUT', `staff/${encodeURIComponent(session.staff.id)}/presence`, { status: $('presence-status').value, note: $('presence-note').value });
      message = '';
    } catch (error) { message = error.message; }
    render();
  }
});

function run(key) {
  const w = live?.window(session.window);
  const a = ACTIONS.find((x) => x.key === key);
  if (!w || !a || !a.when(w)) return;
  if (a.dialog) {
    dialog = a.dialog;
    render();
    (a.dialog === 'pause' ? $('pause-reason') : $('transfer-to'))?.focus();
  } else {
    act(a.path);
  }
}

document.addEventListener('keydown', (ev) => {
  if (!session || $('console').hidden || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.target.matches('input, select, textarea')) {
    if (ev.key === 'Escape') { if (ev.target.closest('#notice-form')) closeNotice(); else { dialog = null; render(); } }
    return;
  }
  const key = ev.key.toLowerCase();
  if (ev.key === 'Escape' && noticeOpen) closeNotice();
  else if (ACTIONS.some((a) => a.key === key)) { ev.preventDefault(); run(key); }
  else if (DOC_ACTIONS.some((a) => a.key === key)) { ev.preventDefault(); runDoc(key); }
});

// ——— Documents: scanning and printing for the visit at the window ———

/** The visit documents are for: the current one, else the one just finished here (still printable). */
function docVisit(w) {
  if (w.current) {
    lastVisit = { id: w.current.id, number: w.current.number, serviceID: w.current.serviceID };
    return { ...lastVisit, current: true };
  }
  if (w.awaitingRating && lastVisit?.id === w.awaitingRating) return { ...lastVisit, current: false };
  return null;
}

/** Chinese first, English under it — for outcomes and faults, whatever the language switch says. */
function bilingual(zh, en) {
  return `<span class="zh" lang="zh-CN">${h(zh)}</span>${en ? `<span class="en" lang="en">${h(en)}</span>` : ''}`;
}

/** The server's bilingual message of a failed request (or a network failure), under a heading. */
function fault(error, zhHead, enHead) {
  const zh = error?.body?.message ?? (error?.status ? `HTTP ${error.status}` : '无法连接服务器，请检查网络');
  const en = error?.body?.message_en ?? (error?.status ? `HTTP ${error.status}` : 'Cannot reach the hall server; check the network');
  return { kind: 'error', code: error?.code ?? null, zh: `${zhHead}：${zh}`, en: `${enHead}: ${en}` };
}

const PRINTER_STATUS = {
  ok: ['正常', 'ready'], paperOut: ['缺纸', 'out of paper'], coverOpen: ['盖板未关', 'cover open'],
  offline: ['离线', 'offline'], unplugged: ['未连接', 'unplugged'], unknown: ['状态不明', 'status unknown'],
};

function renderDocs(w) {
  const v = docVisit(w);
  const lang = currentLang();
  if ((v?.id ?? null) !== scanList.visitID) {
    scanList = { visitID: v?.id ?? null, scans: [], loading: !!v, error: null };
    if (v) loadScans(v.id);
    if (noticeOpen && !v) noticeOpen = false;
  }
  if (docNote && docNote.visitID !== v?.id) docNote = null;
  $('docs-title').textContent = `${L('材料与打印', 'Documents and printing')}${v ? ` · ${v.number}${v.current ? '' : L('（已办结）', ' (finished)')}` : ''}`;
  $('docs-actions').innerHTML = DOC_ACTIONS.map((a) => {
    const busy = (a.key === 'd' && scanning.active) || (a.key === 'e' && printing === 'receipt') || (a.key === 'i' && printing === 'notice');
    const label = busy ? { d: ['扫描中…', 'Scanning…'], e: ['打印中…', 'Printing…'], i: ['打印中…', 'Printing…'] }[a.key] : [a.zh, a.en];
    return `<button type="button" id="${a.id}" data-doc="${a.key}" class="doc-action${a.main ? ' primary-action' : ''}" aria-keyshortcuts="${a.key.toUpperCase()}" ${a.when(v) ? '' : 'disabled'}><span class="label">${bi(label[0], label[1])}</span><kbd>${a.key.toUpperCase()}</kbd></button>`;
  }).join('');
  if (renderedScanOptions !== lang) {
    $('scan-options').innerHTML = `<label class="scan-source">${L('扫描来源', 'Scan from')}
      <select id="scan-source"><option value="">${L('扫描仪默认', 'Scanner default')}</option><option value="feeder">${L('进纸器（多页）', 'Document feeder (all sheets)')}</option><option value="flatbed">${L('平板（单页）', 'Flatbed (one page)')}</option></select></label>`;
    renderedScanOptions = lang;
  }
  renderScanProgress();
  const noticeKey = noticeOpen && v ? `${v.id}|${lang}` : '';
  if (renderedNotice !== noticeKey) { $('notice-slot').innerHTML = noticeOpen && v ? noticeHTML(v) : ''; renderedNotice = noticeKey; }
  const note = docNote && docNote.kind !== 'error' ? docNote : null;
  const bad = docNote && docNote.kind === 'error' ? docNote : null;
  $('docs-outcome').className = `doc-note${note ? ` ${note.kind}` : ''}`;
  $('docs-outcome').innerHTML = note ? bilingual(note.zh, note.en) : '';
  $('docs-fault').innerHTML = bad ? bilingual(bad.zh, bad.en) : '';
  if (bad?.code) $('docs-fault').dataset.code = bad.code; else delete $('docs-fault').dataset.code;
  $('scans-title').textContent = L('本件扫描件', 'Scans of this visit');
  const scansKey = `${scanList.visitID}|${scanList.loading}|${scanList.scans.map((s) => s.id).join(',')}|${scanList.error ? 'e' : ''}|${lang}`;
  if (renderedScans !== scansKey) { $('scans').innerHTML = scansHTML(v); renderedScans = scansKey; }
}

function scansHTML(v) {
  if (!v) return `<p class="muted">${L('没有正在办理的号', 'Nobody at the window')}</p>`;
  if (scanList.error) { const f = fault(scanList.error, '扫描件读取失败', 'Could not load the scans'); return `<p class="doc-note fault">${bilingual(f.zh, f.en)}</p>`; }
  if (scanList.loading) return `<p class="muted">${L('正在读取…', 'Loading…')}</p>`;
  if (!scanList.scans.length) return `<p class="muted" id="no-scans">${L('尚未扫描材料', 'Nothing scanned yet')}</p>`;
  const time = (iso) => new Date(iso).toLocaleTimeString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
  return `<ol class="scan-list">${scanList.scans.map((s, i) => `<li class="scan" data-scan="${h(s.id)}">
      <a href="${h(s.pdf)}" target="_blank" rel="noopener" class="scan-link" title="${L('打开 PDF', 'Open the PDF')}">
        <span class="thumbs">${s.thumbnails.map((t, p) => `<img src="${h(t)}" alt="${h(L(`第 ${i + 1} 份第 ${p + 1} 页`, `Scan ${i + 1}, page ${p + 1}`))}">`).join('')}</span>
        <span class="scan-caption">${h(L(`第 ${i + 1} 份 · ${s.pageCount} 页 · ${time(s.createdAt)}`, `Scan ${i + 1} · ${s.pageCount} page${s.pageCount === 1 ? '' : 's'} · ${time(s.createdAt)}`))} · PDF ↗</span>
      </a></li>`).join('')}</ol>`;
}

async function loadScans(visitID) {
  const token = ++scanLoadToken;
  let next;
  try {
    next = { visitID, scans: await get(`visits/${encodeURIComponent(visitID)}/scans`), loading: false, error: null };
  } catch (error) {
    if (error.status === 401) { session = null; return showLogin(); }
    next = { visitID, scans: [], loading: false, error };
  }
  if (token !== scanLoadToken || scanList.visitID !== visitID) return;
  scanList = next;
  render();
}

function renderScanProgress() {
  const box = $('scan-progress');
  if (!box) return;
  box.hidden = !scanning.active;
  if (!scanning.active) return;
  const bar = $('scan-bar');
  if (scanning.fraction == null) bar.removeAttribute('value'); else bar.value = scanning.fraction;
  const pct = scanning.fraction == null ? '' : ` · ${Math.round(scanning.fraction * 100)}%`;
  $('scan-progress-text').innerHTML = scanning.page
    ? bilingual(`正在扫描第 ${scanning.page} 页${pct}（已完成 ${scanning.done} 页）`, `Scanning page ${scanning.page}${pct} (${scanning.done} done)`)
    : bilingual('正在启动扫描仪…', 'Starting the scanner…');
}

/** A `scanProgress` message of the live feed: {window, visitID, page, pagesCompleted, fraction}. */
function onScanProgress(m) {
  if (!session || m.window !== session.window) return;
  // A scan started elsewhere (a keypad key) has no reply here: its progress ends it after a quiet spell.
  if (!scanning.active) scanning = { active: true, mine: false, page: 0, done: 0, fraction: null, timer: null };
  scanning.page = m.page;
  scanning.done = m.pagesCompleted;
  scanning.fraction = m.fraction ?? null;
  clearTimeout(scanning.timer);
  if (!scanning.mine) {
    scanning.timer = setTimeout(() => {
      scanning.active = false;
      if (scanList.visitID) loadScans(scanList.visitID);
      render();
    }, 4000);
  }
  renderScanProgress();
}

async function startScan() {
  const w = live?.window(session.window);
  const v = w && docVisit(w);
  if (!v?.current || scanning.active) return;
  clearTimeout(scanning.timer);
  scanning = { active: true, mine: true, page: 0, done: 0, fraction: null, timer: null };
  docNote = null;
  render();
  const source = $('scan-source')?.value;
  try {
    const scan = await post(`windows/${session.window}/scan`, source ? { source } : {});
    docNote = { visitID: v.id, kind: 'ok', zh: `扫描完成：${scan.pageCount} 页，已存入 ${v.number} 的材料`, en: `Scanned ${scan.pageCount} page${scan.pageCount === 1 ? '' : 's'}, attached to ${v.number}` };
  } catch (error) {
    if (error.status === 401) { scanning.active = false; session = null; return showLogin(); }
    docNote = { visitID: v.id, ...fault(error, '扫描失败', 'Scan failed') };
  }
  scanning = { active: false, mine: false, page: 0, done: 0, fraction: null, timer: null };
  if (scanList.visitID === v.id) loadScans(v.id);
  render();
}

async function printDoc(kind, extra = {}) {
  const w = live?.window(session.window);
  const v = w && docVisit(w);
  if (!v || printing) return false;
  const [zhDoc, enDoc] = kind === 'receipt' ? ['受理凭证', 'Receipt'] : ['一次性告知单', 'Notice of missing materials'];
  printing = kind;
  docNote = null;
  render();
  let ok = false;
  try {
    const r = await post(`windows/${session.window}/print-${kind}`, { ...(v.current ? {} : { visit: v.id }), ...extra });
    const [zhWhen, enWhen] = kind === 'receipt' ? ['承诺办结日期', 'promised by'] : ['补齐材料期限', 'materials due by'];
    if (r.print.printed) {
      docNote = { visitID: v.id, kind: 'ok', zh: `${zhDoc}已打印（${v.number}，${zhWhen} ${r.date}）`, en: `${enDoc} printed (${v.number}, ${enWhen} ${r.date})` };
    } else {
      const [zhStatus, enStatus] = PRINTER_STATUS[r.print.status] ?? [r.print.status, r.print.status];
      docNote = {
        visitID: v.id, kind: 'held',
        zh: `${zhDoc}未能打印：打印机${zhStatus}，已保留，恢复后自动打印${r.print.message?.zh ? `。${r.print.message.zh}` : ''}`,
        en: `${enDoc} not printed: the printer is ${enStatus}; it is held and prints when the printer recovers${r.print.message?.en ? `. ${r.print.message.en}` : ''}`,
      };
    }
    ok = true;
  } catch (error) {
    if (error.status === 401) { printing = null; session = null; showLogin(); return false; }
    docNote = { visitID: v.id, ...fault(error, `${zhDoc}打印失败`, `${enDoc} not printed`) };
  }
  printing = null;
  render();
  return ok;
}

function noticeHTML(v) {
  const materials = live.service(v.serviceID)?.materials ?? [];
  return `<form class="card notice-form" id="notice-form" aria-labelledby="notice-title">
      <h3 id="notice-title">${h(L(`一次性告知单 · ${v.number}`, `Notice of missing materials · ${v.number}`))}</h3>
      <fieldset><legend>${L('勾选所缺的材料', 'Tick the missing materials')}</legend>
        ${materials.map((m, i) => `<label class="check"><input type="checkbox" name="missing" id="missing-${i}" value="${h(m.zh)}"> <span>${h(L(m))}</span></label>`).join('')}
      </fieldset>
      <label>${L('其他所缺材料（每行一项，或用顿号、逗号分隔）', 'Other missing materials (one per line, or separated by commas)')}<br>
        <textarea id="notice-other" rows="2" placeholder="${L('如：户口簿、一寸照片', 'e.g. household register, ID photo')}"></textarea></label>
      <p class="error" id="notice-error" role="alert"></p>
      <div class="notice-buttons"><button class="primary-action" type="submit" id="notice-print">${L('打印告知单', 'Print the notice')}</button>
        <button type="button" data-notice-cancel>${L('取消', 'Cancel')}</button></div></form>`;
}

function openNotice() {
  const w = live?.window(session.window);
  if (!w || !docVisit(w)) return;
  noticeOpen = true;
  render();
  ($('missing-0') ?? $('notice-other'))?.focus();
}

function closeNotice() {
  noticeOpen = false;
  render();
  $('print-notice')?.focus();
}

async function submitNotice() {
  const ticked = [...document.querySelectorAll('#notice-form input[name=missing]:checked')].map((x) => x.value);
  const other = $('notice-other').value.split(/[\n、,，;；]+/).map((x) => x.trim()).filter(Boolean);
  const missing = [...new Set([...ticked, ...other])];
  if (!missing.length) {
    $('notice-error').innerHTML = bilingual('请勾选或填写所缺的材料', 'Tick or type at least one missing material');
    return;
  }
  $('notice-error').textContent = '';
  if (await printDoc('notice', { missing })) { noticeOpen = false; render(); }
}

function runDoc(key) {
  const w = live?.window(session?.window);
  const a = DOC_ACTIONS.find((x) => x.key === key);
  if (!w || !a || !a.when(docVisit(w))) return;
  a.run();
}

start();
