// The clerk console: log in to a window, then call, recall, start, skip, transfer, hold, resume,
// finish, pause (with reason), open and close — by button or key — and keep your presence current.
import { follow } from './live.js';
import { L, h, languageSwitch, onLangChange, clock, presenceLabels, currentLang } from './i18n.js';
import { api, get, post } from './api.js';

const $ = (id) => document.getElementById(id);
let session = null;
let live = null;
let message = '';
let dialog = null; // 'pause' | 'transfer' | null

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
  if (!live) live = follow(render);
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
    <section class="card" aria-labelledby="lines-title"><h2 id="lines-title"></h2><ul class="lines" id="lines"></ul></section>
    <section class="card" aria-labelledby="presence-title"><h2 id="presence-title"></h2><div id="presence"></div>
      <p id="presence-now"></p></section>`;
  renderedDialog = undefined;
  renderedPresence = undefined;
}

let renderedDialog;
let renderedPresence;

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
  $('presence-now').innerHTML = me ? `${L('当前', 'Now')}：<b id="presence-current">${h(L(me.statusLabel))}</b>${me.note ? ` · ${h(me.note)}` : ''}` : '';
  if (focusedID && $(focusedID) && document.activeElement !== $(focusedID)) $(focusedID).focus();
}

document.addEventListener('click', (ev) => {
  const b = ev.target.closest('button');
  if (!b || !session) return;
  if (b.dataset.action) run(b.dataset.action);
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
  if (ev.target.matches('input, select, textarea')) { if (ev.key === 'Escape') { dialog = null; render(); } return; }
  if (ACTIONS.some((a) => a.key === ev.key.toLowerCase())) { ev.preventDefault(); run(ev.key.toLowerCase()); }
});

start();
