// The evaluator tablet (评价器) at one window: the clerk's card; 请评价 with the five levels of the
// national 好差评 rules while the window's last visit awaits its rating (windows[].awaitingRating,
// kept live by the feed: visitFinished / ratingRecorded / ratingExpired); for 不满意 or worse a
// second step with the reasons, since a bad rating must carry one; then 谢谢您的评价 and back to idle.
// It rates with the evaluator's device token, read once from ?token= and kept in localStorage.
import { runClock } from './clock.js';
import { $ } from './dom.js';
import { clerkCard, LEVELS, stage } from './evaluator-views.js';
import { h, L, languageSwitch, onLangChange } from './i18n.js';
import { follow } from './live.js';

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
    $('stage').innerHTML = stage(w, ui, { token, visitNumber });
  }
}

async function submit(level, reason) {
  if (!token) {
    showError(null, null, {
      title: { zh: '无法提交评价', en: 'Cannot submit the rating' },
      message: {
        zh: '本评价器尚未登记设备令牌，请工作人员用 ?token= 打开本页',
        en: 'This evaluator has no device token: staff must open the page with ?token=',
      },
    });
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
    showError(
      null,
      null,
      {
        title: { zh: '网络连接失败', en: 'No connection to the hall' },
        message: { zh: '评价没有送达，请稍后再试', en: 'The rating did not arrive; please try again' },
      },
      visitID,
    );
    return;
  }
  if (response.ok) {
    setState('thanks', { level: null });
    render();
    return;
  }
  const server = { zh: body?.message ?? `HTTP ${response.status}`, en: body?.message_en ?? body?.message ?? `HTTP ${response.status}` };
  const title = {
    unknown_device: { zh: '评价器未登记：设备令牌无效', en: 'This evaluator is not registered: its device token was refused' },
    not_this_evaluator: { zh: '本评价器不能评价此办件', en: 'This evaluator cannot rate that visit' },
    already_rated: { zh: '该办件已评价，每件只能评价一次', en: 'This visit has been rated already' },
    not_awaiting_rating: { zh: '评价时间已过', en: 'The time to rate has passed' },
  }[body?.error] ??
    {
      403: { zh: '评价器无权提交评价', en: 'This evaluator may not submit ratings' },
      409: { zh: '该办件已评价或评价时间已过', en: 'Already rated, or the time to rate has passed' },
    }[response.status] ?? { zh: '评价未能提交', en: 'The rating was not accepted' };
  // What the resident or the staff can do about it, in place of the server's terse message.
  const advice = {
    unknown_device: { zh: '请工作人员检查本评价器的设备令牌（?token=）。', en: "Staff: check this evaluator's device token (?token=)." },
    not_this_evaluator: {
      zh: '该办件可能已评价或评价时间已过，或设备令牌属于其他窗口。请告知工作人员。',
      en: 'The visit may be rated already or out of time, or the device token belongs to another window. Please tell the staff.',
    },
  }[body?.error];
  const message = advice ?? server;
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
