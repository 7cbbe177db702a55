// The clerk console: log in to a window, then call, recall, start, skip, transfer, hold, resume,
// finish, pause (with reason), open and close — by button or key — and keep your presence current.
// Finishing asks for the visit's outcome (clerk-outcome.js), which prints its paper; cases are found
// and stepped in clerk-cases.js. For the visit at the window: scan the resident's papers and reprint
// the acceptance receipt. Each concern is a module (clerk-*.js); their state is in
// clerk-store.js. This module starts the page, follows the staff feed, and maps the keys.
import { $ } from './dom.js';
import { runClock } from './clock.js';
import { languageSwitch, onLangChange, L } from './i18n.js';
import { follow } from './live.js';
import { translatePage } from './translate.js';
import { connect, state } from './clerk-store.js';
import { ACTIONS, act, drawSkeleton, renderCurrent, renderMessage, runAction, wireActions } from './clerk-console.js';
import { closeDialog, renderDialog, wireDialogs } from './clerk-dialogs.js';
import { DOC_ACTIONS, renderDocs, runDoc, wireDocs } from './clerk-docs.js';
import { renderLines } from './clerk-lines.js';
import { currentSession, showLogin, wireLogin } from './clerk-login.js';
import { renderPresence, renderPresenceNow, wirePresence } from './clerk-presence.js';
import { onScanProgress } from './clerk-scanning.js';
// MARK: cases (办件)
import { closeOutcome, renderOutcomePanel, wireOutcome } from './clerk-outcome.js';
import { renderCases, wireCases } from './clerk-cases.js';

function translateStatic() {
  translatePage();
  $('logout').textContent = L('退出登录', 'Log out');
}

// Re-renders what the live feed changes; forms (pause reason, transfer, presence, outcome) are drawn
// only when they open or the language changes, so typing is never lost to an incoming event.
function render() {
  if (!state.session || !state.live?.hall) return;
  const w = state.live.window(state.session.window);
  if (!w) return;
  if (!$('cur')) drawSkeleton();
  const focusedID = document.activeElement?.id;
  renderCurrent(w);
  renderDialog(w);
  renderOutcomePanel(w);
  renderCases();
  renderMessage();
  renderLines(w);
  renderPresence();
  renderDocs(w);
  renderPresenceNow();
  if (focusedID && $(focusedID) && document.activeElement !== $(focusedID)) $(focusedID).focus();
}

function showConsole() {
  $('login').hidden = true;
  $('console').hidden = false;
  $('logout').hidden = false;
  if (!state.live) {
    state.live = follow(render, { audience: 'staff' });
    // Scan progress comes on the staff feed as a message of its own, not a change of the picture.
    state.live.addEventListener('message', (ev) => {
      if (ev.detail?.kind === 'scanProgress') onScanProgress(ev.detail);
    });
  }
  render();
}

function onKey(ev) {
  if (!state.session || $('console').hidden || ev.ctrlKey || ev.metaKey || ev.altKey) return;
  if (ev.target.matches('input, select, textarea')) {
    if (ev.key === 'Escape') {
      if (ev.target.closest('#outcome-form')) closeOutcome();
      else closeDialog();
    }
    return;
  }
  const key = ev.key.toLowerCase();
  if (ev.key === 'Escape' && state.outcome.open) closeOutcome();
  else if (ACTIONS.some((a) => a.key === key)) {
    ev.preventDefault();
    runAction(key);
  } else if (DOC_ACTIONS.some((a) => a.key === key)) {
    ev.preventDefault();
    runDoc(key);
  }
}

async function start() {
  connect({ render, signedOut: showLogin });
  wireLogin(showConsole);
  wireActions();
  wireDialogs(act);
  wirePresence();
  wireDocs();
  wireOutcome();
  wireCases();
  document.addEventListener('keydown', onKey);
  languageSwitch($('lang'));
  onLangChange(() => {
    translateStatic();
    render();
  });
  translateStatic();
  runClock();
  state.session = await currentSession();
  if (state.session?.window) showConsole();
  else showLogin();
}

start();
