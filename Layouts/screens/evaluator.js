// The evaluator tablet (评价器) at one window: the clerk's card; 请评价 with the five levels of the
// national 好差评 rules while the window's last visit awaits its rating (windows[].awaitingRating,
// kept live by the feed: visitFinished / ratingRecorded / ratingExpired); for 不满意 or worse a
// second step with the reasons, since a bad rating must carry one; then 谢谢您的评价 and back to idle.
// It rates with the evaluator's device token, read once from ?token= and kept in localStorage.
import { runClock } from './clock.js';
import { $ } from './dom.js';
import { failureText, NO_CONNECTION, NO_TOKEN } from './evaluator-errors.js';
import { clerkCard, face } from './evaluator-views.js';
import { bi, h, L, languageSwitch, onLangChange } from './i18n.js';
import { follow } from './live.js';
import { LEVELS, REASONS } from './rating-levels.js';

const number = Number(location.pathname.split('/').filter(Boolean).pop());
const TOKEN_KEY = `servicehall.evaluator.token.${number}`;
const THANKS_MS = 4000;
const NOTICE_MS = 5000;
const ERROR_MS = 20000;

/** The device token: taken from ?token= once, kept in localStorage, and removed from the address bar. */
function deviceToken() {
  const params = new URLSearchParams(location.search);
  const fromURL = params.get('token');
  if (fromURL) {
    localStorage.setItem(TOKEN_KEY, fromURL);
    params.delete('token');
    const rest = params.toString();
    history.replaceState(null, '', location.pathname + (rest ? `?${rest}` : '') + location.hash);
  }
  return localStorage.getItem(TOKEN_KEY);
}
const token = deviceToken();

// state: loading | idle | rate | reasons | sending | thanks | expired | error
const ui = { state: 'loading', visitID: null, level: null, error: null, timer: null, key: '' };
let live;

function setState(state, extra = {}) {
  clearTimeout(ui.timer);
  Object.assign(ui, { state }, extra);
  const after = { thanks: THANKS_MS, expired: NOTICE_MS, error: ERROR_MS }[state];
  if (after)
    ui.timer = setTimeout(() => {
      setState('idle');
      render();
    }, after);
}

/** Moves the state along with the window: a visit waiting to be rated, or not any more. */
function follow_(w, detail) {
  const awaiting = w.awaitingRating ?? null;
  switch (ui.state) {
    case 'loading':
    case 'idle':
      if (awaiting) setState('rate', { visitID: awaiting, level: null });
      else setState('idle');
      break;
    case 'rate':
    case 'reasons':
      if (awaiting && awaiting !== ui.visitID) {
        setState('rate', { visitID: awaiting, level: null });
      } else if (!awaiting) {
        const e = detail?.event;
        if (e?.type === 'ratingExpired' && e.visitID === ui.visitID) setState('expired');
        else setState('idle');
      }
      break;
    default:
      break; // sending, thanks, expired and error end by themselves
  }
}

function visitNumber(id) {
  return live?.hall?.recentCalls?.find((c) => c.visitID === id)?.number ?? null;
}

function stage(w) {
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

function render(_live, detail) {
  const w = live?.window(number);
  if (!w) return;
  follow_(w, detail);
  $('window-label').innerHTML = `<span class="ev-num">${h(L(`${w.number}号窗口`, `Window ${w.number}`))}</span> <span class="ev-wname">${h(L(w.name))}</span>`;
  $('title').textContent = L(`${w.number}号窗口评价器`, `Window ${w.number} evaluator`);
  document.title = `${L('评价器', 'Evaluator')} · ${w.number} ${L(w.name)}`;
  const showMini = !['idle', 'loading'].includes(ui.state) && w.staff;
  $('clerk-mini').hidden = !showMini;
  if (showMini) $('clerk-mini').innerHTML = clerkCard(w.staff, false);
  document.body.dataset.state = ui.state;
  // Re-render the stage only when what it shows changed, so a finger on a button is not lost.
  const key = JSON.stringify([
    ui.state,
    ui.visitID,
    ui.level,
    ui.error,
    w.staff?.id,
    w.staff?.name,
    w.staff?.title,
    document.documentElement.lang,
    visitNumber(ui.visitID),
  ]);
  if (key !== ui.key) {
    ui.key = key;
    $('stage').innerHTML = stage(w);
  }
}

async function submit(level, reason) {
  if (!token) {
    showError(null, null, NO_TOKEN);
    return;
  }
  const visitID = ui.visitID;
  setState('sending', { level: level.id });
  render();
  let response;
  let body = null;
  try {
    response = await fetch(`/api/v1/visits/${encodeURIComponent(visitID)}/rating`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-Device-Token': token },
      body: JSON.stringify(reason ? { level: level.zh, reason } : { level: level.zh }),
    });
    const text = await response.text();
    try {
      body = text ? JSON.parse(text) : null;
    } catch {
      body = null;
    }
  } catch {
    showError(null, null, NO_CONNECTION, visitID);
    return;
  }
  if (response.ok) {
    setState('thanks', { level: null });
    render();
    return;
  }
  const { title, message } = failureText(response.status, body);
  showError(response.status, body?.error ?? null, { title, message }, visitID);
}

function showError(status, code, text, visitID = ui.visitID) {
  setState('error', { error: { status, code, ...text }, visitID });
  render();
}

$('stage').addEventListener('click', (event) => {
  const button = event.target.closest('button');
  if (!button || button.disabled) return;
  if (button.dataset.level && ui.state === 'rate') {
    const level = LEVELS.find((l) => l.id === button.dataset.level);
    if (level.bad) {
      setState('reasons', { level: level.id });
      render();
    } else submit(level, null);
  } else if (button.dataset.reason && ui.state === 'reasons') {
    submit(
      LEVELS.find((l) => l.id === ui.level),
      button.dataset.reason,
    );
  } else if (button.id === 'back' && ui.state === 'reasons') {
    setState('rate', { level: null });
    render();
  } else if (button.id === 'error-ok') {
    setState('idle', { error: null });
    render();
  }
});

languageSwitch($('lang'));
onLangChange(() => {
  ui.key = '';
  render();
});
runClock();
live = follow(render);
