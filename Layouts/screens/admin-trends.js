// The administration page's trends: queue figures of any period from the journal
// (GET /api/v1/stats/period, by day for the charts and by service, window, staff or hour for the
// table) and attendance from the presence history (GET /api/v1/stats/attendance).
import { pct, trendChart } from './admin-charts.js';
import { get } from './api.js';
import { $ } from './dom.js';
import { h, L, onLangChange, presenceLabels } from './i18n.js';

let days = null;
let grouped = null;
let attendance = null;
let started = false;
/** The configuration, for the names of services, windows and staff. */
let config = null;

/** A row key's name: a service's or a staff member's name, a window's number and name, an hour. */
function keyName(by, key) {
  if (key === 'total') return L('合计', 'Total');
  if (by === 'service') return L(config?.services.find((s) => s.id === key)?.name ?? key);
  if (by === 'staff') return config?.staff.find((s) => s.id === key)?.name ?? key;
  if (by === 'window') {
    const w = config?.windows.find((x) => String(x.number) === key);
    return w ? `${key} ${L(w.name)}` : key;
  }
  return by === 'hour' ? `${key}:00` : key;
}

const mins = (s) => (s == null ? '—' : (s / 60).toFixed(1));
const ABSENCES = ['away', 'meeting', 'outOnBusiness', 'businessTrip', 'leave', 'other'];

function presenceLabel(status) {
  const label = presenceLabels?.[status];
  return label ? L(label) : status;
}

/** Every day of the period, with its figures or null: the charts show the days without tickets too. */
function everyDay() {
  const byKey = new Map(days.rows.map((r) => [r.key, r]));
  const out = [];
  for (let d = new Date(`${days.from}T00:00:00Z`); d <= new Date(`${days.to}T00:00:00Z`); d.setUTCDate(d.getUTCDate() + 1)) {
    const key = d.toISOString().slice(0, 10);
    out.push([key, byKey.get(key) ?? null]);
  }
  return out;
}

function render() {
  if (!days) return;
  const period = everyDay();
  const labels = period.map(([key]) => key.slice(5));
  const series = (f) => period.map(([, r]) => (r ? f(r) : null));
  const minutesOf = (s) => (s == null ? null : s / 60);
  $('trend-charts').innerHTML = days.rows.length
    ? trendChart(labels, [
        { zh: '取号', en: 'Tickets', color: '#3b7dd8', values: period.map(([, r]) => r?.issued ?? 0) },
        { zh: '办结', en: 'Served', color: '#3ddc84', values: period.map(([, r]) => r?.served ?? 0) },
      ]) +
      trendChart(
        labels,
        [
          { zh: '等候中位数（分）', en: 'Median wait (min)', color: '#ffb000', values: series((r) => minutesOf(r.waitP50Seconds)) },
          { zh: '等候P90（分）', en: 'Wait p90 (min)', color: '#ff5c5c', values: series((r) => minutesOf(r.waitP90Seconds)) },
        ],
        (v) => v.toFixed(1),
      ) +
      trendChart(
        labels,
        [
          {
            zh: '满意率（%）',
            en: 'Satisfaction (%)',
            color: '#8f5cff',
            values: series((r) => (r.satisfactionRate == null ? null : r.satisfactionRate * 100)),
          },
        ],
        (v) => v.toFixed(0),
      )
    : `<p class="muted">${L('该时段没有取号', 'No tickets in this period')}</p>`;
  const t = grouped;
  $('trend-table').innerHTML =
    `<table class="data" id="trend-rows"><thead><tr><th>${L('对象', 'Group')}</th><th>${L('取号', 'Tickets')}</th><th>${L('办结', 'Served')}</th><th>${L('过号', 'No-shows')}</th>
    <th>${L('等候中位数(分)', 'Median wait (min)')}</th><th>${L('等候P90(分)', 'Wait p90 (min)')}</th><th>${L('平均办理(分)', 'Mean service (min)')}</th>
    <th>${L('过号率', 'No-show rate')}</th><th>${L(`等候超${t.waitTargetMinutes}分钟`, `Waits over ${t.waitTargetMinutes} min`)}</th><th>${L('满意率', 'Satisfaction')}</th><th>${L('差评', 'Bad')}</th><th>${L('整改办结率', 'Follow-ups closed')}</th></tr></thead><tbody>
    ${[...t.rows, t.total]
      .map(
        (r) => `<tr><td>${h(keyName(t.by, r.key))}</td><td>${r.issued}</td><td>${r.served}</td><td>${r.noShows}</td>
      <td>${mins(r.waitP50Seconds)}</td><td>${mins(r.waitP90Seconds)}</td><td>${mins(r.averageServiceSeconds)}</td><td>${pct(r.noShowRate)}</td>
      <td>${pct(r.overTargetShare)}</td><td>${pct(r.satisfactionRate)}</td><td>${r.badRatings}</td><td>${pct(r.followUpClosureRate)}</td></tr>`,
      )
      .join('')}</tbody></table>`;
  $('attendance').innerHTML =
    `<table class="data" id="attendance-rows"><thead><tr><th>${L('人员', 'Staff')}</th><th>${L('开放(时)', 'Open (h)')}</th><th>${L('在岗(时)', 'On duty (h)')}</th><th>${L('在岗率', 'Attendance')}</th>
    ${ABSENCES.map((s) => `<th>${h(presenceLabel(s))} (${L('分', 'min')})</th>`).join('')}</tr></thead><tbody>
    ${attendance.rows
      .map(
        (
          r,
        ) => `<tr><td>${h(keyName('staff', r.staffID))}</td><td>${(r.openMinutes / 60).toFixed(1)}</td><td>${(r.onDutyMinutes / 60).toFixed(1)}</td><td>${pct(r.attendanceRate)}</td>
      ${ABSENCES.map((s) => `<td>${r.absenceMinutes[s] ?? 0}</td>`).join('')}</tr>`,
      )
      .join('')}</tbody></table>`;
}

async function load() {
  const from = $('trend-from').value;
  const to = $('trend-to').value;
  const q = [from && `from=${from}`, to && `to=${to}`].filter(Boolean).join('&');
  config ??= await get('config').catch(() => null);
  [days, grouped, attendance] = await Promise.all([
    get(`stats/period?${q}&by=day`),
    get(`stats/period?${q}&by=${$('trend-by').value}`),
    get(`stats/attendance?${q}`),
  ]);
  $('trend-from').value = days.from;
  $('trend-to').value = days.to;
  render();
}

/** The 30 days up to the hall's today (the server's clock says which day that is), as the first view. */
async function defaultPeriod() {
  const today = (await get('stats/attendance')).to;
  const from = new Date(`${today}T00:00:00Z`);
  from.setUTCDate(from.getUTCDate() - 29);
  $('trend-from').value = from.toISOString().slice(0, 10);
  $('trend-to').value = today;
}

$('trend-filter').addEventListener('submit', (ev) => {
  ev.preventDefault();
  load().catch((e) => {
    $('trend-error').textContent = e.message;
  });
});
onLangChange(render);

// Loads once the administrator is logged in (admin.js shows #admin then).
const panel = $('admin');
const start = () => {
  if (panel.hidden || started) return;
  started = true;
  defaultPeriod()
    .then(load)
    .catch((e) => {
      $('trend-error').textContent = e.message;
    });
};
new MutationObserver(start).observe(panel, { attributes: true, attributeFilter: ['hidden'] });
start();
