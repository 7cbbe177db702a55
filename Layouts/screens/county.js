// The county's page (hall county serve): every township hall today, and comparisons by hall,
// service and month from what the halls forwarded (GET /api/county/halls, /api/county/compare),
// with the county monthly report as CSV and PDF (/api/county/report?format=csv|pdf).
import { $ } from './dom.js';
import { h, L, languageSwitch, onLangChange } from './i18n.js';
import { translatePage } from './translate.js';

let halls = null;
let comparison = null;

async function call(method, path, body) {
  const response = await fetch(`/api/county/${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    showLogin();
    throw new Error('401');
  }
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  return response.status === 204 ? null : response.json();
}

const time = (ms) => (ms == null ? '—' : new Date(ms).toLocaleString(L('zh-CN', 'en-GB')));
const minutes = (s) => `${Math.round(s / 60)} ${L('分钟', 'min')}`;
const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const STATES = { open: ['办公中', 'Open'], closed: ['未开放', 'Closed'], silent: ['失联', 'Silent'] };

function renderHalls() {
  if (!halls) return;
  if (halls.halls.length === 0) {
    $('halls').innerHTML = `<p class="muted">${h(L('还没有大厅转发数据', 'No hall has forwarded anything yet'))}</p>`;
    return;
  }
  const rows = halls.halls
    .map((x) => {
      const [zh, en] = STATES[x.state] ?? [x.state, x.state];
      // A silent hall: when it was last heard, and its waits as they stood then (on the hall's own
      // clock, not counted up while nothing is known of it).
      const silent = x.state === 'silent';
      const since = silent ? `<br><small>${h(L('最近联系', 'last heard'))} ${h(time(x.lastContactAt))}</small>` : '';
      const asOf = silent && x.asOf != null ? `<br><small>${h(L('截至', 'as of'))} ${h(time(x.asOf))}</small>` : '';
      return `<tr><td>${h(L(x.name, x.nameEn))}</td><td><span class="county-state-${h(x.state)}">${h(L(zh, en))}</span>${since}</td>
      <td class="num">${x.waiting}</td><td class="num">${x.openWindows}</td><td class="num">${h(minutes(x.longestWaitSeconds))}${asOf}</td>
      <td class="num">${x.visitsToday}</td><td>${h(time(x.lastEventAt))}</td><td>${h(time(x.lastContactAt))}</td></tr>`;
    })
    .join('');
  $('halls').innerHTML =
    `<table class="data"><thead><tr><th>${h(L('大厅', 'Hall'))}</th><th>${h(L('状态', 'State'))}</th><th class="num">${h(L('等候', 'Waiting'))}</th>
    <th class="num">${h(L('开放窗口', 'Open windows'))}</th><th class="num">${h(L('最长等候', 'Longest wait'))}</th><th class="num">${h(L('今日取号', 'Tickets today'))}</th>
    <th>${h(L('最近事件', 'Last event'))}</th><th>${h(L('最近联系', 'Last contact'))}</th></tr></thead><tbody>${rows}</tbody></table>`;
  const select = $('hall');
  const chosen = select.value;
  select.innerHTML =
    `<option value="">${h(L('全县', 'All halls'))}</option>` +
    halls.halls.map((x) => `<option value="${h(x.hallID)}">${h(L(x.name, x.nameEn))}</option>`).join('');
  select.value = chosen;
}

function renderComparison() {
  if (!comparison) return;
  if (comparison.rows.length === 0) {
    $('compare').innerHTML = `<p class="muted">${h(L('该月没有数据', 'Nothing in this month'))}</p>`;
    return;
  }
  const head = [
    ['对象', 'Group'],
    ['服务量', 'Visits'],
    ['办结', 'Finished'],
    ['过号', 'No-shows'],
    ['取消', 'Cancelled'],
    ['转办', 'Transferred'],
    ['评价', 'Rated'],
    ['满意率', 'Satisfaction'],
    ['差评', 'Bad ratings'],
    ['平均等候', 'Average wait'],
    ['一次办结率', 'Done in one visit'],
    ['按时办结率', 'Cases on time'],
    ['差评整改办结率', 'Follow-ups closed'],
    ['投诉 / 按期答复', 'Complaints / replied on time'],
  ];
  // The monthly report's figures of the line (the county report's own columns).
  const report = (r) => {
    const x = r.report;
    if (!x) return '<td class="num">—</td>'.repeat(4);
    return `<td class="num">${pct(x.oneVisitRate)}</td><td class="num">${pct(x.onTimeRate)}</td>
      <td class="num">${pct(x.followUpClosedRate)}</td><td class="num">${x.complaints} / ${x.complaintsRepliedOnTime}</td>`;
  };
  const rows = comparison.rows
    .map(
      (r) => `<tr><td>${h(r.label)}</td><td class="num">${r.visits}</td><td class="num">${r.finished}</td><td class="num">${r.noShows}</td>
      <td class="num">${r.cancelled}</td><td class="num">${r.transferred}</td><td class="num">${r.rated}</td><td class="num">${pct(r.satisfactionRate)}</td>
      <td class="num">${r.bad}</td><td class="num">${h(minutes(r.averageWaitSeconds))}</td>${report(r)}</tr>`,
    )
    .join('');
  $('compare').innerHTML =
    `<table class="data"><thead><tr>${head.map(([zh, en]) => `<th>${h(L(zh, en))}</th>`).join('')}</tr></thead><tbody>${rows}</tbody></table>`;
}

function reportLink() {
  const hall = $('hall').value;
  const query = `month=${encodeURIComponent($('month').value)}${hall ? `&hall=${encodeURIComponent(hall)}` : ''}`;
  $('csv').href = `/api/county/report?${query}&format=csv`;
  $('pdf').href = `/api/county/report?${query}&format=pdf`;
}

async function loadComparison() {
  const hall = $('hall').value;
  const query = `month=${encodeURIComponent($('month').value)}&by=${encodeURIComponent($('by').value)}${hall ? `&hall=${encodeURIComponent(hall)}` : ''}`;
  comparison = await call('GET', `compare?${query}`);
  reportLink();
  renderComparison();
}

async function loadHalls() {
  halls = await call('GET', 'halls');
  renderHalls();
}

function showLogin() {
  $('login').hidden = false;
  $('county').hidden = true;
  $('logout').hidden = true;
}

async function showCounty() {
  $('login').hidden = true;
  $('county').hidden = false;
  $('logout').hidden = false;
  await loadHalls();
  await loadComparison();
}

$('login').addEventListener('submit', async (event) => {
  event.preventDefault();
  try {
    await call('POST', 'session', { username: $('username').value, password: $('password').value });
    $('login-error').hidden = true;
    await showCounty();
  } catch {
    $('login-error').textContent = L('用户名或密码错误', 'Wrong username or password');
    $('login-error').hidden = false;
  }
});
$('logout').addEventListener('click', async () => {
  await call('DELETE', 'session');
  showLogin();
});
$('filter').addEventListener('submit', (event) => {
  event.preventDefault();
  loadComparison();
});
$('hall').addEventListener('change', reportLink);
$('month').addEventListener('change', reportLink);

const now = new Date();
$('month').value = `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
languageSwitch($('lang'));
translatePage();
onLangChange(() => {
  translatePage();
  renderHalls();
  renderComparison();
});
call('GET', 'session')
  .then(showCounty)
  .catch(() => showLogin());
setInterval(() => {
  if (!$('county').hidden) loadHalls().catch(() => {});
}, 10000);
