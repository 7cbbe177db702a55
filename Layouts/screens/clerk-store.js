// The clerk console's state in one place: who is logged in, the live feed, and what the console
// shows besides the feed's picture. Modules change it and call render(); none keeps its own copy.
import { describeError } from './api.js';

/** A scan that is not running. */
export const idleScan = () => ({ active: false, mine: false, page: 0, done: 0, fraction: null, timer: null });

export const state = {
  session: null, // {staff, window, …} once logged in
  live: null, // the live feed, from the first time the console shows
  message: '', // why the last action failed
  dialog: null, // 'pause' | 'transfer' | null
  lastVisit: null, // {id, number, serviceID}: the latest visit served here, printable after 办结
  scanning: idleScan(), // {active, mine (started here), page, done, fraction, timer}
  scanList: { visitID: null, scans: [], loading: false, error: null },
  scanLoads: 0, // counts scan list requests, so only the latest answer is kept
  printing: null, // 'receipt' while a reprint request runs
  docNote: null, // {visitID, kind: 'ok' | 'held' | 'error', code, zh, en}: the latest outcome
};

const hooks = { render: () => {}, signedOut: () => {} };

/** The console's entry module says how to redraw and how to go back to the login form. */
export function connect({ render, signedOut }) {
  hooks.render = render;
  hooks.signedOut = signedOut;
}

/** Redraws the console from the state and the live picture. */
export function render() {
  hooks.render();
}

/** The session ended (logged out elsewhere, expired): back to the login form. */
export function signedOut() {
  state.session = null;
  hooks.signedOut();
}

/** The clerk's window in the live picture, or undefined. */
export function myWindow() {
  return state.session ? state.live?.window(state.session.window) : undefined;
}

/** The visit documents are for: the current one, else the one just finished here (still printable). */
export function docVisit(w) {
  if (!w) return null;
  if (w.current) {
    state.lastVisit = { id: w.current.id, number: w.current.number, serviceID: w.current.serviceID };
    return { ...state.lastVisit, current: true };
  }
  if (w.awaitingRating && state.lastVisit?.id === w.awaitingRating) return { ...state.lastVisit, current: false };
  return null;
}

/** The heading plus the server's message of a failed request, as a document note. */
export function faultNote(error, zhHead, enHead) {
  const { zh, en } = describeError(error);
  return { kind: 'error', code: error?.code ?? null, zh: `${zhHead}：${zh}`, en: `${enHead}: ${en}` };
}
