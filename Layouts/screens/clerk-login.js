// The clerk console's login: the form (user, password, window), the session it opens, logging out.
import { api, get, post } from './api.js';
import { $ } from './dom.js';
import { h, L } from './i18n.js';
import { state } from './clerk-store.js';

/** Shows the login form with the hall's windows to choose from. */
export async function showLogin() {
  $('login').hidden = false;
  $('console').hidden = true;
  $('logout').hidden = true;
  const hall = await get('hall');
  $('login-title').textContent = `${L(hall.name)} · ${L('窗口人员登录', 'Clerk login')}`;
  $('window').innerHTML = hall.windows.map((w) => `<option value="${w.number}">${w.number} · ${h(L(w.name))}</option>`).join('');
}

/** The session this browser already has, or null. */
export async function currentSession() {
  try {
    return await get('session');
  } catch {
    return null;
  }
}

/** Wires the login form and the log-out button; `loggedIn` shows the console. */
export function wireLogin(loggedIn) {
  $('login').addEventListener('submit', async (ev) => {
    ev.preventDefault();
    $('login-error').textContent = '';
    try {
      state.session = await post('session', { username: $('username').value, password: $('password').value, window: Number($('window').value) });
      loggedIn();
    } catch (error) {
      $('login-error').textContent = error.message;
    }
  });
  $('logout').addEventListener('click', async () => {
    await api('DELETE', 'session').catch(() => {});
    location.reload();
  });
}
