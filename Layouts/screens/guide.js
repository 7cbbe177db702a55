// The guide desk (咨询引导台, seed 003): log in as the guide desk, issue a ticket for a resident with
// the priority checked here (特事特办 is granted only here or by an administrator), log consultations
// (首问负责) and home-service requests (guide-records.js).
import { api, get, post } from './api.js';
import { runClock } from './clock.js';
import { $ } from './dom.js';
import { showConsultations, showHomeServices, wireRecords } from './guide-records.js';
import { bi, h, L, languageSwitch } from './i18n.js';

async function currentSession() {
  try {
    return await get('session');
  } catch {
    return null;
  }
}

async function showDesk() {
  $('login').hidden = true;
  $('desk').hidden = false;
  $('logout').hidden = false;
  const services = await get('services');
  $('issue-service').innerHTML = services.map((s) => `<option value="${h(s.id)}">${h(s.prefix)} · ${h(L(s.name))}</option>`).join('');
  await Promise.all([showConsultations(), showHomeServices()]);
}

function showError(error) {
  $('desk-error').textContent = error ? error.message : '';
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  $('login-error').textContent = '';
  try {
    const session = await post('session', { username: $('username').value, password: $('password').value });
    if (session.role !== 'guide' && session.role !== 'admin') throw new Error(L('此账号不是咨询引导台账号', 'This account is not a guide-desk account'));
    await showDesk();
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});

$('issue-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  showError(null);
  try {
    const t = await post('guide/tickets', { service: data.get('service'), priority: data.get('priority') });
    $('issued').innerHTML = `<p class="issued-number" id="issued-number">${h(t.number)}</p>
      <p>${h(L(t.service.name))} · ${bi(`前方等待${t.ahead}人`, `${t.ahead} ahead`)}</p>
      <p>${bi(`号票评价码 ${t.ratingCode}`, `Ticket code ${t.ratingCode}`)}</p>`;
  } catch (error) {
    showError(error);
  }
});

$('logout').addEventListener('click', async () => {
  await api('DELETE', 'session').catch(() => {});
  location.reload();
});

wireRecords(showError);
languageSwitch($('lang'));
runClock();
const session = await currentSession();
if (session && (session.role === 'guide' || session.role === 'admin')) await showDesk();
else $('login').hidden = false;
