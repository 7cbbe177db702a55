// Administration: satisfaction statistics with charts, bad ratings, today's queues, windows and
// devices live, the configuration edited as the hall file (GET/PUT /api/v1/config/hall-file,
// problems listed by line) and staff photo uploads.
import { follow } from './live.js';
import { L, h, languageSwitch, onLangChange, clock } from './i18n.js';
import { api, get, post } from './api.js';

const $ = (id) => document.getElementById(id);
let live = null;
let stats = null, bad = null, queue = null, config = null;
const LEVELS = [
  ['verySatisfied', '非常满意', 'Very satisfied', '#3ddc84'], ['satisfied', '满意', 'Satisfied', '#8fc1ff'],
  ['basicallySatisfied', '基本满意', 'Basically', '#ffd23f'], ['unsatisfied', '不满意', 'Unsatisfied', '#ff9f43'],
  ['veryUnsatisfied', '非常不满意', 'Very unsatisfied', '#ff5c5c'],
];

function translateStatic() {
  for (const el of document.querySelectorAll('[data-t]')) { const [zh, en] = el.dataset.t.split('|'); el.textContent = L(zh, en); }
  $('logout').textContent = L('退出登录', 'Log out');
}

const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);
const mins = (s) => (s == null ? '—' : `${(s / 60).toFixed(1)} ${L('分', 'min')}`);

function keyName(by, key) {
  if (by === 'window') { const w = live?.window(Number(key)); return w ? `${key} ${L(w.name)}` : key; }
  if (by === 'staff') return live?.staff(key)?.name ?? (key || L('（未知）', '(unknown)'));
  return L(live?.service(key)?.name ?? key);
}

/** A stacked horizontal bar per row: counts per rating level. */
function levelChart(rows, by) {
  const width = 900, barH = 26, gap = 10, left = 260;
  const max = Math.max(1, ...rows.map((r) => r.finished));
  const height = rows.length * (barH + gap) + 30;
  const bars = rows.map((r, i) => {
    let x = left;
    const y = i * (barH + gap);
    const parts = LEVELS.map(([k, , , color]) => {
      const n = r.levels[k] ?? 0, w = (n / max) * (width - left - 80);
      const rect = n ? `<rect x="${x}" y="${y}" width="${w}" height="${barH}" fill="${color}"><title>${h(L(LEVELS.find((l) => l[0] === k)[1], LEVELS.find((l) => l[0] === k)[2]))}: ${n}</title></rect>` : '';
      x += w; return rect;
    }).join('');
    const unrated = r.finished - r.rated, uw = (unrated / max) * (width - left - 80);
    return `<text x="${left - 8}" y="${y + 19}" text-anchor="end">${h(keyName(by, r.key).slice(0, 16))}</text>${parts}
      ${unrated ? `<rect x="${x}" y="${y}" width="${uw}" height="${barH}" fill="none" stroke="#d5def0" stroke-dasharray="4 3"><title>${L('未评价', 'Not rated')}: ${unrated}</title></rect>` : ''}
      <text x="${x + uw + 8}" y="${y + 19}">${pct(r.satisfactionRate)}</text>`;
  }).join('');
  const legend = LEVELS.map(([, zh, en, color], i) => `<rect x="${left + i * 130}" y="${height - 18}" width="14" height="14" fill="${color}"/><text x="${left + i * 130 + 20}" y="${height - 6}">${h(L(zh, en))}</text>`).join('');
  return `<svg class="chart" role="img" aria-label="${L('满意度图表', 'Satisfaction chart')}" viewBox="0 0 ${width} ${height}" width="100%">${bars}${legend}</svg>`;
}

function renderStats() {
  if (!stats) return;
  const by = stats.by;
  const rows = stats.rows;
  $('satisfaction').innerHTML = rows.length === 0 ? `<p class="muted">${L('该时段没有办结的办件', 'No finished visits in this period')}</p>` :
    levelChart(rows, by) + `<table class="data"><thead><tr><th>${L('对象', 'Group')}</th><th>${L('办结', 'Finished')}</th><th>${L('评价', 'Rated')}</th>
    ${LEVELS.map(([, zh, en]) => `<th>${h(L(zh, en))}</th>`).join('')}<th>${L('满意率', 'Satisfaction')}</th><th>${L('未评价占比', 'Unrated')}</th></tr></thead><tbody>
    ${[...rows, stats.total].map((r) => `<tr><td>${h(r.key === 'total' ? L('合计', 'Total') : keyName(by, r.key))}</td><td>${r.finished}</td><td>${r.rated}</td>
      ${LEVELS.map(([k]) => `<td>${r.levels[k] ?? 0}</td>`).join('')}<td>${pct(r.satisfactionRate)}</td><td>${pct(r.unratedShare)}</td></tr>`).join('')}</tbody></table>`;
}

function renderBad() {
  if (!bad) return;
  const label = (n) => L(...{ 2: ['不满意', 'Unsatisfied'], 1: ['非常不满意', 'Very unsatisfied'] }[n] ?? [String(n)]);
  $('bad').innerHTML = bad.length === 0 ? `<p class="muted">${L('该时段没有差评', 'No bad ratings in this period')}</p>` :
    `<table class="data"><thead><tr><th>${L('日期', 'Day')}</th><th>${L('办件', 'Visit')}</th><th>${L('评价', 'Rating')}</th><th>${L('原因', 'Reason')}</th><th>${L('窗口/人员', 'Window/staff')}</th><th>${L('整改', 'Follow-up')}</th></tr></thead><tbody>
    ${bad.map((b) => `<tr><td>${h(b.day)}</td><td>${h(b.visitID)}</td><td>${h(label(b.level))}</td><td>${h(b.reason ?? '')}</td><td>${b.window} · ${h(keyName('staff', b.staffID ?? ''))}</td><td>${h(b.followUp ?? L('待整改', 'open'))}</td></tr>`).join('')}</tbody></table>`;
}

function hourChart(perHour) {
  const hours = Object.keys(perHour).sort();
  if (!hours.length) return '';
  const max = Math.max(...Object.values(perHour)), w = 40, height = 160;
  const bars = hours.map((k, i) => { const bh = (perHour[k] / max) * 110; return `<rect x="${i * (w + 8) + 10}" y="${130 - bh}" width="${w}" height="${bh}" fill="#ffd23f"><title>${k}:00 ${perHour[k]}</title></rect><text x="${i * (w + 8) + 30}" y="150" text-anchor="middle">${k}</text><text x="${i * (w + 8) + 30}" y="${125 - bh}" text-anchor="middle">${perHour[k]}</text>`; }).join('');
  return `<svg class="chart" role="img" aria-label="${L('每小时取号数', 'Tickets per hour')}" viewBox="0 0 ${hours.length * (w + 8) + 20} ${height}" width="${Math.min(100, hours.length * 12)}%">${bars}</svg>`;
}

function renderQueue() {
  if (!queue) return;
  const rows = [queue.total, ...queue.services.filter((s) => s.issued > 0)];
  $('queue').innerHTML = `${hourChart(queue.ticketsPerHour)}<table class="data"><thead><tr><th>${L('事项', 'Service')}</th><th>${L('取号', 'Issued')}</th><th>${L('等候', 'Waiting')}</th><th>${L('办结', 'Served')}</th><th>${L('过号', 'No-show')}</th><th>${L('平均等候', 'Avg wait')}</th><th>${L('平均办理', 'Avg service')}</th></tr></thead><tbody>
    ${rows.map((r) => `<tr><td>${h(r.key === 'total' ? L('合计', 'Total') : keyName('service', r.key))}</td><td>${r.issued}</td><td>${r.waiting}</td><td>${r.served}</td><td>${r.noShows}</td><td>${mins(r.averageWaitSeconds)}</td><td>${mins(r.averageServiceSeconds)}</td></tr>`).join('')}</tbody></table>`;
}

function renderLive() {
  if (!live?.hall) return;
  const hall = live.hall;
  $('title').textContent = `${L(hall.name)} · ${L('中心管理', 'Administration')}`;
  $('windows').innerHTML = `<table class="data"><tbody>${hall.windows.map((w) => `<tr><td>${w.number} ${h(L(w.name))}</td><td>${h({ open: L('服务中', 'open'), paused: L('暂停', 'paused'), closed: L('关闭', 'closed') }[w.status])}${w.pauseReason ? `（${h(w.pauseReason)}）` : ''}</td><td>${h(w.staff?.name ?? '')}</td><td>${h(w.current?.number ?? '')}</td></tr>`).join('')}</tbody></table>
    <p>${L('等候总数', 'Waiting in all')}：<b>${hall.waiting.length}</b></p>`;
  $('devices').innerHTML = hall.devices.length === 0 ? `<p class="muted">${L('尚未接入设备（打印机、评价器、呼叫器接入后在此显示状态）', 'No devices attached yet; printers, evaluators and keypads show here once wired')}</p>` :
    `<table class="data"><thead><tr><th>${L('设备', 'Device')}</th><th>${L('类型', 'Kind')}</th><th>${L('窗口', 'Window')}</th><th>${L('状态', 'Status')}</th></tr></thead><tbody>${hall.devices.map((d) => `<tr><td>${h(d.id)}</td><td>${h(d.kind)}</td><td>${h(d.window ?? '')}</td><td class="${d.status === 'ok' ? 'dev-ok' : 'dev-bad'}">${h(d.status)}</td></tr>`).join('')}</tbody></table>`;
}

function renderConfig() {
  if (!config) return;
  $('config').innerHTML = `<table class="data"><thead><tr><th>${L('窗口', 'Window')}</th><th>${L('主办事项', 'Services')}</th><th>${L('AB岗', 'Backup')}</th></tr></thead><tbody>
    ${config.windows.map((w) => `<tr><td>${w.number} ${h(L(w.name))}</td><td>${w.primaryServices.map((s) => h(keyName('service', s))).join('、')}</td><td>${w.backupServices.map((s) => h(keyName('service', s))).join('、')}</td></tr>`).join('')}</tbody></table>`;
  const select = $('photo-staff'), chosen = select.value;
  select.innerHTML = config.staff.map((m) => `<option value="${h(m.id)}">${h(m.name)} · ${h(m.department)}</option>`).join('');
  if (chosen) select.value = chosen;
}

// The hall file: loaded as text, saved as text; the server checks it with the same reader as the
// hall file on disk and answers 400 with every problem and its line.
let lastProblems = [];

async function loadHallFile() {
  const response = await fetch('/api/v1/config/hall-file', { credentials: 'same-origin', cache: 'no-store' });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  $('hall-file').value = await response.text();
  $('hall-file').dataset.loaded = 'yes';
}

/** Puts the cursor at the start of `line` (1-based), selects the line and scrolls it into view. */
function goToLine(line) {
  const area = $('hall-file');
  const lines = area.value.split('\n');
  const index = Math.max(0, Math.min(lines.length - 1, line - 1));
  const start = lines.slice(0, index).reduce((n, l) => n + l.length + 1, 0);
  // The page stays on the problem list just above; only the editor scrolls to the line.
  area.focus({ preventScroll: true });
  area.setSelectionRange(start, start + lines[index].length);
  const lineHeight = parseFloat(getComputedStyle(area).lineHeight) || 20;
  area.scrollTop = Math.max(0, (index - 5) * lineHeight);
}

function renderProblems() {
  $('hall-file-problems').innerHTML = lastProblems.map((p, i) =>
    `<li><button type="button" data-line="${p.line}" data-i="${i}">${h(L(`第${p.line}行第${p.column}列`, `Line ${p.line}, column ${p.column}`))}：${h(p.message)}</button></li>`).join('');
}

async function saveHallFile() {
  $('hall-file-ok').hidden = true; $('hall-file-error').textContent = ''; lastProblems = []; renderProblems();
  $('save-hall-file').disabled = true;
  try {
    const response = await fetch('/api/v1/config/hall-file', {
      method: 'PUT', credentials: 'same-origin', headers: { 'Content-Type': 'application/yaml; charset=utf-8' }, body: $('hall-file').value,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      $('hall-file-error').textContent = body?.message ? L(body.message, body.message_en) : `HTTP ${response.status}`;
      lastProblems = body?.problems ?? [];
      renderProblems();
      if (lastProblems.length) goToLine(lastProblems[0].line);
      return;
    }
    $('hall-file-ok').textContent = `${L(body.message, body.message_en)} · ${L(`${body.services}个事项、${body.windows}个窗口、${body.staff}名人员、${body.accounts}个账号`, `${body.services} services, ${body.windows} windows, ${body.staff} staff, ${body.accounts} accounts`)}`;
    $('hall-file-ok').hidden = false;
    config = await get('config').catch(() => config);
    renderConfig();
    await loadHallFile();
  } catch (error) {
    $('hall-file-error').textContent = error.message;
  } finally {
    $('save-hall-file').disabled = false;
  }
}

async function uploadPhoto(ev) {
  ev.preventDefault();
  $('photo-error').textContent = ''; $('photo-ok').hidden = true;
  const file = $('photo-file').files[0], staff = $('photo-staff').value;
  if (!file || !staff) return;
  try {
    const response = await fetch(`/api/v1/staff/${encodeURIComponent(staff)}/photo`, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': file.type || 'application/octet-stream' }, body: file,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) throw new Error(body?.message ? L(body.message, body.message_en) : `HTTP ${response.status}`);
    $('photo-preview').src = body.url; $('photo-preview').hidden = false;
    $('photo-preview').alt = L(`${live?.staff(staff)?.name ?? staff}的照片`, `Photo of ${live?.staff(staff)?.name ?? staff}`);
    $('photo-ok').textContent = L('照片已上传，去向公示牌和窗口屏立即显示', 'Photo uploaded; the presence and window boards show it at once');
    $('photo-ok').hidden = false;
    if ($('hall-file').dataset.loaded) await loadHallFile();
  } catch (error) { $('photo-error').textContent = error.message; }
}

async function load() {
  // Empty dates mean the hall's today (the server's clock), shown once the answer arrives.
  const from = $('from').value, to = $('to').value, by = $('by').value;
  const q = [from && `from=${from}`, to && `to=${to}`].filter(Boolean).join('&');
  [stats, bad, queue] = await Promise.all([get(`stats/satisfaction?${q}&by=${by}`), get(`ratings/bad?${q}`), get('stats/queue')]);
  $('from').value = stats.from; $('to').value = stats.to;
  renderStats(); renderBad(); renderQueue();
}

async function showAdmin() {
  $('login').hidden = true; $('admin').hidden = false; $('logout').hidden = false;
  if (!live) live = follow(() => { renderLive(); clearTimeout(showAdmin.t); showAdmin.t = setTimeout(() => get('stats/queue').then((x) => { queue = x; renderQueue(); }).catch(() => {}), 1000); });
  config = await get('config').catch(() => null);
  renderConfig();
  await loadHallFile().catch((e) => { $('hall-file-error').textContent = e.message; });
  await load();
}

function renderAll() { translateStatic(); renderStats(); renderBad(); renderQueue(); renderLive(); renderConfig(); renderProblems(); }

$('login').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    const s = await post('session', { username: $('username').value, password: $('password').value });
    if (s.role !== 'admin') throw new Error(L('需要管理员账号', 'An administrator account is needed'));
    await showAdmin();
  } catch (error) { $('login-error').textContent = error.message; }
});
$('filter').addEventListener('submit', (ev) => { ev.preventDefault(); load().catch((e) => alert(e.message)); });
$('save-hall-file').addEventListener('click', () => saveHallFile());
$('reload-hall-file').addEventListener('click', () => { $('hall-file-problems').innerHTML = ''; lastProblems = []; $('hall-file-error').textContent = ''; loadHallFile().catch((e) => { $('hall-file-error').textContent = e.message; }); });
$('hall-file-problems').addEventListener('click', (ev) => { const b = ev.target.closest('button[data-line]'); if (b) goToLine(Number(b.dataset.line)); });
$('photo-form').addEventListener('submit', uploadPhoto);
$('logout').addEventListener('click', async () => { await api('DELETE', 'session').catch(() => {}); location.reload(); });

languageSwitch($('lang'));
onLangChange(renderAll);
translateStatic();
setInterval(() => { $('clock').textContent = clock(); }, 1000);
get('session').then((s) => (s.role === 'admin' ? showAdmin() : Promise.reject())).catch(() => { $('login').hidden = false; });
