// 公布考核结果 on the information board: last month's appraisal by window (GET
// /api/v1/public/appraisal), as one more page of the board, the first, when the hall file says
// `appraisal: publish: true` (the server answers 404 otherwise, and the board shows the services
// only). The window, the name the boards already show, visits served, satisfaction rate, on-time
// rate and score — as the appraisal sheet has them; nothing about residents.
import { get } from './api.js';
import { h, L } from './i18n.js';

let summary = null;

/** Asks the server again (at start and whenever the board comes back to its first page). */
export async function loadAppraisal() {
  try {
    summary = await get('public/appraisal');
  } catch {
    // 404: not published (or the hall is unreachable): the board shows the services only.
    summary = null;
  }
  document.body.dataset.appraisal = summary ? 'shown' : 'off';
  return summary;
}

export function appraisalShown() {
  return summary != null && summary.rows.length > 0;
}

const rate = (r) => (r == null ? '—' : `${(r * 100).toFixed(1)}%`);

/** The appraisal page's HTML. */
export function appraisalPage() {
  const [year, month] = summary.month.split('-').map(Number);
  const rows = summary.rows
    .map(
      (r) => `<tr data-window="${r.window}">
        <th scope="row">${L(`${r.window}号窗口`, `Window ${r.window}`)} · ${h(L(r.windowName))}</th>
        <td>${h(r.staffName)}</td>
        <td class="n">${r.served}</td>
        <td class="n">${rate(r.satisfactionRate)}</td>
        <td class="n">${rate(r.onTimeRate)}</td>
        <td class="n score">${r.score.toFixed(1)}</td>
      </tr>`,
    )
    .join('');
  return `<section class="info-appraisal" id="appraisal" data-month="${h(summary.month)}" aria-labelledby="appraisal-title">
    <h2 id="appraisal-title">${L(`${year}年${month}月 窗口考核结果公示`, `Window appraisal results, ${summary.month}`)}</h2>
    <table>
      <thead><tr>
        <th scope="col">${L('窗口', 'Window')}</th><th scope="col">${L('工作人员', 'Staff')}</th>
        <th scope="col" class="n">${L('办理量', 'Served')}</th><th scope="col" class="n">${L('满意率', 'Satisfaction')}</th>
        <th scope="col" class="n">${L('按时办结率', 'On time')}</th><th scope="col" class="n">${L('考核得分', 'Score')}</th>
      </tr></thead>
      <tbody>${rows}</tbody>
    </table>
    <p class="note">${L(
      '考核得分满分100分：满意率、按时办结率、在岗率和办理量按大厅规定的权重计分，差评和投诉扣分。欢迎群众监督。',
      'Score out of 100: satisfaction, cases settled on time, attendance and visits served, weighted as the hall decides, less points for bad ratings and complaints.',
    )}</p>
  </section>`;
}
