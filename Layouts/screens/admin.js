// Administration: satisfaction statistics with charts, bad ratings, today's queues, windows and
// devices live, the configuration edited as the hall file (GET/PUT /api/v1/config/hall-file,
// problems listed by line; admin-hall-file.js) and staff photo uploads.
import { hourChart, LEVELS, levelChart, pct } from './admin-charts.js';
import { loadHallFile, renderProblems, wireHallFile } from './admin-hall-file.js';
import { api, get, post } from './api.js';
import { runClock } from './clock.js';
import { statusLabel } from './device-status.js';
import { $ } from './dom.js';
import { h, L, languageSwitch, onLangChange } from './i18n.js';
import { follow } from './live.js';
import { translatePage } from './translate.js';

let live = null;
let stats = null,
  bad = null,
  queue = null,
  config = null;

function translateStatic() {
  translatePage();
  $('logout').textContent = L('退出登录', 'Log out');
}

const mins = (s) => (s == null ? '—' : `${(s / 60).toFixed(1)} ${L('分', 'min')}`);

function keyName(by, key) {
  if (by === 'window') {
    const w = live?.window(Number(key));
    return w ? `${key} ${L(w.name)}` : key;
  }
  if (by === 'staff') return live?.staff(key)?.name ?? (key || L('（未知）', '(unknown)'));
  return L(live?.service(key)?.name ?? key);
}

function renderStats() {
  if (!stats) return;
  const by = stats.by;
  const rows = stats.rows;
  $('satisfaction').innerHTML =
    rows.length === 0
      ? `<p class="muted">${L('该时段没有办结的办件', 'No finished visits in this period')}</p>`
      : levelChart(rows, (key) => keyName(by, key)) +
        `<table class="data"><thead><tr><th>${L('对象', 'Group')}</th><th>${L('办结', 'Finished')}</th><th>${L('评价', 'Rated')}</th>
    ${LEVELS.map(([, zh, en]) => `<th>${h(L(zh, en))}</th>`).join('')}<th>${L('满意率', 'Satisfaction')}</th><th>${L('未评价占比', 'Unrated')}</th></tr></thead><tbody>
    ${[...rows, stats.total]
      .map(
        (r) => `<tr><td>${h(r.key === 'total' ? L('合计', 'Total') : keyName(by, r.key))}</td><td>${r.finished}</td><td>${r.rated}</td>
      ${LEVELS.map(([k]) => `<td>${r.levels[k] ?? 0}</td>`).join('')}<td>${pct(r.satisfactionRate)}</td><td>${pct(r.unratedShare)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
}

function renderBad() {
  if (!bad) return;
  const label = (n) => L(...({ 2: ['不满意', 'Unsatisfied'], 1: ['非常不满意', 'Very unsatisfied'] }[n] ?? [String(n)]));
  $('bad').innerHTML =
    bad.length === 0
      ? `<p class="muted">${L('该时段没有差评', 'No bad ratings in this period')}</p>`
      : `<table class="data"><thead><tr><th>${L('日期', 'Day')}</th><th>${L('办件', 'Visit')}</th><th>${L('评价', 'Rating')}</th><th>${L('原因', 'Reason')}</th><th>${L('窗口/人员', 'Window/staff')}</th><th>${L('整改', 'Follow-up')}</th></tr></thead><tbody>
    ${bad.map((b) => `<tr><td>${h(b.day)}</td><td>${h(b.visitID)}</td><td>${h(label(b.level))}</td><td>${h(b.reason ?? '')}</td><td>${b.window} · ${h(keyName('staff', b.staffID ?? ''))}</td><td>${h(b.followUp ?? L('待整改', 'open'))}</td></tr>`).join('')}</tbody></table>`;
}

function renderQueue() {
  if (!queue) return;
  const rows = [queue.total, ...queue.services.filter((s) => s.issued > 0)];
  $('queue').innerHTML =
    `${hourChart(queue.ticketsPerHour)}<table class="data"><thead><tr><th>${L('事项', 'Service')}</th><th>${L('取号', 'Issued')}</th><th>${L('等候', 'Waiting')}</th><th>${L('办结', 'Served')}</th><th>${L('过号', 'No-show')}</th><th>${L('平均等候', 'Avg wait')}</th><th>${L('平均办理', 'Avg service')}</th></tr></thead><tbody>
    ${rows.map((r) => `<tr><td>${h(r.key === 'total' ? L('合计', 'Total') : keyName('service', r.key))}</td><td>${r.issued}</td><td>${r.waiting}</td><td>${r.served}</td><td>${r.noShows}</td><td>${mins(r.averageWaitSeconds)}</td><td>${mins(r.averageServiceSeconds)}</td></tr>`).join('')}</tbody></table>`;
}

function renderLive() {
  if (!live?.hall) return;
  const hall = live.hall;
  $('title').textContent = `${L(hall.name)} · ${L('中心管理', 'Administration')}`;
  $('windows').innerHTML =
    `<table class="data"><tbody>${hall.windows.map((w) => `<tr><td>${w.number} ${h(L(w.name))}</td><td>${h({ open: L('服务中', 'open'), paused: L('暂停', 'paused'), closed: L('关闭', 'closed') }[w.status])}${w.pauseReason ? `（${h(w.pauseReason)}）` : ''}</td><td>${h(w.staff?.name ?? '')}</td><td>${h(w.current?.number ?? '')}</td></tr>`).join('')}</tbody></table>
    <p>${L('等候总数', 'Waiting in all')}：<b>${hall.waiting.length}</b></p>`;
  $('devices').innerHTML =
    hall.devices.length === 0
      ? `<p class="muted">${L('尚未接入设备（打印机、评价器、呼叫器接入后在此显示状态）', 'No devices attached yet; printers, evaluators and keypads show here once wired')}</p>`
      : `<table class="data"><thead><tr><th>${L('设备', 'Device')}</th><th>${L('类型', 'Kind')}</th><th>${L('窗口', 'Window')}</th><th>${L('状态', 'Status')}</th></tr></thead><tbody>${hall.devices.map((d) => `<tr><td>${h(d.id)}</td><td>${h(d.kind)}</td><td>${h(d.window ?? '')}</td><td class="${d.status === 'ok' ? 'dev-ok' : 'dev-bad'}" data-status="${h(d.status)}">${h(statusLabel(d.status))}</td></tr>`).join('')}</tbody></table>`;
}

function renderConfig() {
  if (!config) return;
  $('config').innerHTML =
    `<table class="data"><thead><tr><th>${L('窗口', 'Window')}</th><th>${L('主办事项', 'Services')}</th><th>${L('AB岗', 'Backup')}</th></tr></thead><tbody>
    ${config.windows.map((w) => `<tr><td>${w.number} ${h(L(w.name))}</td><td>${w.primaryServices.map((s) => h(keyName('service', s))).join('、')}</td><td>${w.backupServices.map((s) => h(keyName('service', s))).join('、')}</td></tr>`).join('')}</tbody></table>`;
  const select = $('photo-staff'),
    chosen = select.value;
  select.innerHTML = config.staff.map((m) => `<option value="${h(m.id)}">${h(m.name)} · ${h(m.department)}</option>`).join('');
  if (chosen) select.value = chosen;
}

async function uploadPhoto(ev) {
  ev.preventDefault();
  $('photo-error').textContent = '';
  $('photo-ok').hidden = true;
  const file = $('photo-file').files[0],
    staff = $('photo-staff').value;
  if (!file || !staff) return;
  try {
    const response = await fetch(`/api/v1/staff/${encodeURIComponent(staff)}/photo`, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': file.type || 'application/octet-stream' },
      body: file,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.message ? L(body.message, body.message_en) : `HTTP ${response.status}`);
    $('photo-preview').src = body.url;
    $('photo-preview').hidden = false;
    $('photo-preview').alt = L(`${live?.staff(staff)?.name ?? staff}的照片`, `Photo of ${live?.staff(staff)?.name ?? staff}`);
    $('photo-ok').textContent = L('照片已上传，去向公示牌和窗口屏立即显示', 'Photo uploaded; the presence and window boards show it at once');
    $('photo-ok').hidden = false;
    if ($('hall-file').dataset.loaded) await loadHallFile();
  } catch (error) {
    $('photo-error').textContent = error.message;
  }
}

async function load() {
  // Empty dates mean the hall's today (the server's clock), shown once the answer arrives.
  const from = $('from').value,
    to = $('to').value,
    by = $('by').value;
  const q = [from && `from=${from}`, to && `to=${to}`].filter(Boolean).join('&');
  [stats, bad, queue] = await Promise.all([get(`stats/satisfaction?${q}&by=${by}`), get(`ratings/bad?${q}`), get('stats/queue')]);
  $('from').value = stats.from;
  $('to').value = stats.to;
  renderStats();
  renderBad();
  renderQueue();
}

// Today's queue figures follow the feed, fetched a second after the latest change.
let queueTimer = null;
function onLiveChange() {
  renderLive();
  clearTimeout(queueTimer);
  queueTimer = setTimeout(() => {
    get('stats/queue')
      .then((x) => {
        queue = x;
        renderQueue();
      })
      .catch(() => {});
  }, 1000);
}

async function showAdmin() {
  $('login').hidden = true;
  $('admin').hidden = false;
  $('logout').hidden = false;
  if (!live) live = follow(onLiveChange, { audience: 'staff' });
  config = await get('config').catch(() => null);
  renderConfig();
  await loadHallFile().catch((e) => {
    $('hall-file-error').textContent = e.message;
  });
  await load();
}

function renderAll() {
  translateStatic();
  renderStats();
  renderBad();
  renderQueue();
  renderLive();
  renderConfig();
  renderProblems();
}

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    const s = await post('session', { username: $('username').value, password: $('password').value });
    if (s.role !== 'admin') throw new Error(L('需要管理员账号', 'An administrator account is needed'));
    await showAdmin();
  } catch (error) {
    $('login-error').textContent = error.message;
  }
});
$('filter').addEventListener('submit', (ev) => {
  ev.preventDefault();
  load().catch((e) => alert(e.message));
});
wireHallFile(async () => {
  config = await get('config').catch(() => config);
  renderConfig();
});
$('photo-form').addEventListener('submit', uploadPhoto);
$('logout').addEventListener('click', async () => {
  await api('DELETE', 'session').catch(() => {});
  location.reload();
});

languageSwitch($('lang'));
onLangChange(renderAll);
translateStatic();
runClock();
get('session')
  .then((s) => (s.role === 'admin' ? showAdmin() : Promise.reject()))
  .catch(() => {
    $('login').hidden = false;
  });
