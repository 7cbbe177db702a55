// The clerk console's login: the form (user, password, window), the session it opens (asking
// 是否接管 when another clerk holds the window), logging out.
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
    const login = { username: $('username').value, password: $('password').value, window: Number($('window').value) };
    try {
      try {
        state.session = await post('session', login);
      } catch (error) {
        // Another clerk holds the window: ask before ending their session there (是否接管).
        if (error.code !== 'window_taken') throw error;
        const question = L('是否接管该窗口？对方将被登出。', 'Take the window over? The other clerk will be logged out.');
        if (!confirm(`${error.message}\n\n${question}`)) throw error;
        state.session = await post('session', { ...login, takeOver: true });
      }
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
