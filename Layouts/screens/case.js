// The case page /c/<code> on a resident's phone: the case's status, promised date, extension and
// readiness for pickup, from GET /api/v1/public/cases/<code> (masked name only). It asks again
// whenever the public live feed reports a step of this case, and after every reconnection.
import { $ } from './dom.js';
import { bi, h, L, languageSwitch, onLangChange } from './i18n.js';
import { describeError, get } from './api.js';
import { follow } from './live.js';

const code = decodeURIComponent(location.pathname.split('/')[2] ?? '');
let view = null;

const chineseDate = (iso) => {
  const [y, m, d] = String(iso).split('-').map(Number);
  return L(`${y}年${m}月${d}日`, iso);
};

function facts(v) {
  const rows = [
    ['办件编号', 'Case number', v.number],
    ['办理事项', 'Service', L(v.service)],
    ...(v.applicant ? [['申请人', 'Applicant', v.applicant]] : []),
    ['受理日期', 'Accepted on', chineseDate(v.acceptedOn)],
    ['承诺办结', 'Promised by', chineseDate(v.promisedDate)],
    ...(v.originalPromisedDate ? [['原承诺日期', 'First promised', chineseDate(v.originalPromisedDate)]] : []),
    ...(v.extensionReason ? [['延期理由', 'Reason for extension', v.extensionReason]] : []),
  ];
  return rows.map(([zh, en, value]) => `<dt>${h(L(zh, en))}</dt><dd>${h(value)}</dd>`).join('');
}

function note(v) {
  switch (v.status) {
    case 'ready':
      return L('办理结果已可领取，请携带受理凭证和身份证到大厅领取。', 'The result is ready: bring the receipt and your ID card to the hall to collect it.');
    case 'overdue':
      return L('已超过承诺办结日期，如有疑问请拨打监督电话。', 'The promised date has passed; call the supervision phone if you have questions.');
    case 'extended':
      return L('本件已依法办理延期手续。', 'The time limit has been extended as the law allows.');
    case 'pickedUp':
      return L('办理结果已领取，感谢您的配合。', 'The result has been collected. Thank you.');
    case 'completed':
      return L('本件已办结。', 'This case is completed.');
    default:
      return L('正在办理中，结果可领取时本页会即时更新。', 'In progress; this page updates as soon as the result is ready.');
  }
}

function render() {
  $('title').textContent = L('办件进度', 'Case progress');
  if (!view) return;
  $('loading').hidden = true;
  $('card').hidden = false;
  $('hall').textContent = L(view.hallName);
  const status = $('status');
  status.className = `case-status ${view.status}`;
  status.dataset.status = view.status;
  status.innerHTML = bi(view.statusLabel);
  $('facts').innerHTML = facts(view);
  $('note').textContent = note(view);
  $('foot').innerHTML = view.supervisionPhone
    ? `${h(L('监督电话', 'Supervision phone'))}：<a href="tel:${h(view.supervisionPhone)}">${h(view.supervisionPhone)}</a>`
    : '';
}

async function load() {
  try {
    view = await get(`public/cases/${encodeURIComponent(code)}`);
    $('error').hidden = true;
    render();
  } catch (error) {
    const { zh, en } = describeError(error);
    $('loading').hidden = true;
    $('error').hidden = false;
    $('error').textContent = L(zh, en);
  }
}

languageSwitch($('lang'));
onLangChange(render);
load();
follow((_live, detail) => {
  if (detail.kind === 'snapshot') load();
  else if (detail.kind === 'event' && view && detail.event?.caseNumber === view.number) load();
});
