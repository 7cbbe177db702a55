// The administration page's charts: satisfaction per group (stacked bars per rating level) and
// tickets per hour, drawn as SVG.
import { h, L } from './i18n.js';

export const LEVELS = [
  ['verySatisfied', '非常满意', 'Very satisfied', '#3ddc84'],
  ['satisfied', '满意', 'Satisfied', '#8fc1ff'],
  ['basicallySatisfied', '基本满意', 'Basically', '#ffd23f'],
  ['unsatisfied', '不满意', 'Unsatisfied', '#ff9f43'],
  ['veryUnsatisfied', '非常不满意', 'Very unsatisfied', '#ff5c5c'],
];

export const pct = (x) => (x == null ? '—' : `${(x * 100).toFixed(1)}%`);

/** A stacked horizontal bar per row: counts per rating level; `name` names a row's key. */
export function levelChart(rows, name) {
  const width = 900;
  const barH = 26;
  const gap = 10;
  const left = 260;
  const max = Math.max(1, ...rows.map((r) => r.finished));
  const height = rows.length * (barH + gap) + 30;
  const bars = rows
    .map((r, i) => {
      let x = left;
      const y = i * (barH + gap);
      const parts = LEVELS.map(([k, zh, en, color]) => {
        const n = r.levels[k] ?? 0;
        const w = (n / max) * (width - left - 80);
        const rect = n ? `<rect x="${x}" y="${y}" width="${w}" height="${barH}" fill="${color}"><title>${h(L(zh, en))}: ${n}</title></rect>` : '';
        x += w;
        return rect;
      }).join('');
      const unrated = r.finished - r.rated;
      const uw = (unrated / max) * (width - left - 80);
      return `<text x="${left - 8}" y="${y + 19}" text-anchor="end">${h(name(r.key).slice(0, 16))}</text>${parts}
      ${unrated ? `<rect x="${x}" y="${y}" width="${uw}" height="${barH}" fill="none" stroke="#d5def0" stroke-dasharray="4 3"><title>${L('未评价', 'Not rated')}: ${unrated}</title></rect>` : ''}
      <text x="${x + uw + 8}" y="${y + 19}">${pct(r.satisfactionRate)}</text>`;
    })
    .join('');
  const legend = LEVELS.map(
    ([, zh, en, color], i) =>
      `<rect x="${left + i * 130}" y="${height - 18}" width="14" height="14" fill="${color}"/><text x="${left + i * 130 + 20}" y="${height - 6}">${h(L(zh, en))}</text>`,
  ).join('');
  return `<svg class="chart" role="img" aria-label="${L('满意度图表', 'Satisfaction chart')}" viewBox="0 0 ${width} ${height}" width="100%">${bars}${legend}</svg>`;
}

/** Tickets per hour of the day as columns. */
export function hourChart(perHour) {
  const hours = Object.keys(perHour).sort();
  if (!hours.length) return '';
  const max = Math.max(...Object.values(perHour));
  const w = 40;
  const height = 160;
  const bars = hours
    .map((k, i) => {
      const bh = (perHour[k] / max) * 110;
      const x = i * (w + 8);
      return `<rect x="${x + 10}" y="${130 - bh}" width="${w}" height="${bh}" fill="#ffd23f"><title>${k}:00 ${perHour[k]}</title></rect><text x="${x + 30}" y="150" text-anchor="middle">${k}</text><text x="${x + 30}" y="${125 - bh}" text-anchor="middle">${perHour[k]}</text>`;
    })
    .join('');
  return `<svg class="chart" role="img" aria-label="${L('每小时取号数', 'Tickets per hour')}" viewBox="0 0 ${hours.length * (w + 8) + 20} ${height}" width="${Math.min(100, hours.length * 12)}%">${bars}</svg>`;
}

/**
 * A trend over days as lines, a third of the row wide (three side by side): `labels` along the bottom, one polyline per series
 * ({ zh, en, color, values }) scaled to the largest value; `format` writes a value.
 */
export function trendChart(labels, series, format = String) {
  if (!labels.length) return '';
  const width = 600;
  const height = 250;
  const left = 50;
  const bottom = 200;
  const step = labels.length > 1 ? (width - left - 20) / (labels.length - 1) : 0;
  const max = Math.max(1, ...series.flatMap((s) => s.values.filter((v) => v != null)));
  const y = (v) => bottom - (v / max) * (bottom - 20);
  const lines = series
    .map((s, si) => {
      const points = s.values
        .map((v, i) => (v == null ? null : `${left + i * step},${y(v)}`))
        .filter(Boolean)
        .join(' ');
      const dots = s.values
        .map((v, i) =>
          v == null
            ? ''
            : `<circle cx="${left + i * step}" cy="${y(v)}" r="3" fill="${s.color}"><title>${h(labels[i])} ${h(L(s.zh, s.en))}: ${h(format(v))}</title></circle>`,
        )
        .join('');
      const legend = `<rect x="${left + si * 260}" y="${height - 16}" width="14" height="14" fill="${s.color}"/><text x="${left + si * 260 + 20}" y="${height - 4}">${h(L(s.zh, s.en))}</text>`;
      return `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${points}"/>${dots}${legend}`;
    })
    .join('');
  const every = Math.max(1, Math.ceil(labels.length / 8));
  const ticks = labels.map((label, i) => (i % every ? '' : `<text x="${left + i * step}" y="${bottom + 16}" text-anchor="middle">${h(label)}</text>`)).join('');
  const axis = `<line x1="${left}" y1="${bottom}" x2="${width - 10}" y2="${bottom}" stroke="#d5def0"/><text x="${left - 6}" y="24" text-anchor="end">${h(format(max))}</text><text x="${left - 6}" y="${bottom}" text-anchor="end">0</text>`;
  return `<svg class="chart" role="img" aria-label="${h(series.map((s) => L(s.zh, s.en)).join(', '))}" viewBox="0 0 ${width} ${height}" width="33%">${axis}${lines}${ticks}</svg>`;
}
