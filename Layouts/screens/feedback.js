// 投诉建议 on the resident's own phone. /feedback: write a complaint or suggestion (category, text,
// optional phone; ?t=<ticket> names the ticket it is about) or look one up by its code.
// /feedback/<code>: its status and the hall's reply, and — for one made at the kiosk — the text to
// write, once. The supervision phone (监督电话) is shown beside it. Phone numbers are never shown here.
import { describeError, get, post } from './api.js';
import { $ } from './dom.js';
import { h, L, languageSwitch, onLangChange } from './i18n.js';
import { translatePage } from './translate.js';

const STATUS = {
  received: ['已受理，等待处理', 'Received, waiting to be handled'],
  assigned: ['正在处理', 'Being handled'],
  replied: ['已答复', 'Replied'],
  closed: ['已办结', 'Closed'],
};
const ticket = new URLSearchParams(location.search).get('t');
let complaint = null;
let supervision = null;

const codeInPath = () => decodeURIComponent(location.pathname.split('/')[2] ?? '');
const time = (iso) => new Date(iso).toLocaleString(L('zh-CN', 'en-GB'), { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' });

function renderSupervision() {
  $('supervision').hidden = !supervision;
  $('supervision').innerHTML = supervision
    ? `${L('对处理结果不满意，可拨打监督电话', 'Not satisfied with the answer? Call the supervision line')}：<a href="tel:${h(supervision)}">${h(supervision)}</a>`
    : '';
}

function renderStatus() {
  const root = $('status');
  root.hidden = !complaint;
  if (!complaint) return;
  const c = complaint;
  const writeForm =
    !c.text && c.status !== 'closed'
      ? `<form id="text-form">
        <label for="text-only">${L('请填写具体内容（最多500字）', 'Write what happened (at most 500 characters)')}</label>
        <textarea id="text-only" maxlength="500" rows="6" required></textarea>
        <p class="error" id="text-error" role="alert"></p>
        <button type="submit" class="acc-submit" id="text-submit">${L('提交内容', 'Send')}</button></form>`
      : '';
  root.innerHTML = `
    <h2>${L('投诉建议编号', 'Complaint code')}</h2>
    <p class="acc-code" id="status-code">${h(c.code)}</p>
    <p class="muted">${L('请记下编号，凭编号查看处理结果', 'Note the code: it is how you follow the answer')}</p>
    <dl class="acc-facts">
      <dt>${L('类别', 'About')}</dt><dd>${h(L(c.categoryLabel))}</dd>
      <dt>${L('提交时间', 'Made')}</dt><dd>${h(time(c.submittedAt))}</dd>
      <dt>${L('状态', 'Status')}</dt><dd id="status-text" data-status="${h(c.status)}">${h(L(...STATUS[c.status]))}</dd>
      <dt>${L('答复期限', 'Reply due by')}</dt><dd>${h(c.due)}</dd>
      ${c.text ? `<dt>${L('内容', 'What you wrote')}</dt><dd>${h(c.text)}</dd>` : ''}
      <dt>${L('答复', 'Reply')}</dt><dd id="status-reply">${c.reply ? `${h(c.reply)}<br><span class="muted">${h(time(c.repliedAt))}</span>` : L('尚未答复', 'No reply yet')}</dd>
    </dl>${writeForm}`;
}

function render() {
  translatePage();
  document.title = `${L('投诉建议', 'Complaints and suggestions')}`;
  $('title').textContent = L('投诉建议', 'Complaints and suggestions');
  renderStatus();
  renderSupervision();
}

function show(answer) {
  complaint = answer;
  supervision = answer.supervisionPhone ?? supervision;
  $('write').hidden = true;
  $('lookup').hidden = true;
  if (codeInPath() !== answer.code) history.replaceState(null, '', `/feedback/${encodeURIComponent(answer.code)}`);
  render();
}

async function lookUp(code) {
  try {
    show(await get(`complaints/${encodeURIComponent(code.trim())}`));
  } catch (error) {
    complaint = null;
    $('lookup').hidden = false;
    $('status').hidden = false;
    $('status').innerHTML = `<p class="error" role="alert">${h(L(describeError(error)))}</p>`;
  }
}

$('feedback-form').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  const form = new FormData(ev.target);
  const body = { category: form.get('category'), channel: 'phone', text: form.get('text') };
  if (form.get('phone')) body.phone = form.get('phone');
  if (ticket) body.ticket = ticket;
  try {
    show(await post('complaints', body));
  } catch (error) {
    $('feedback-error').textContent = L(describeError(error));
  }
});

$('lookup-form').addEventListener('submit', (ev) => {
  ev.preventDefault();
  lookUp($('lookup-code').value);
});

$('status').addEventListener('submit', async (ev) => {
  ev.preventDefault();
  try {
    show(await post(`complaints/${encodeURIComponent(complaint.code)}/text`, { text: $('text-only').value }));
  } catch (error) {
    $('text-error').textContent = L(describeError(error));
  }
});

languageSwitch($('lang'));
onLangChange(render);
render();
if (codeInPath()) lookUp(codeInPath());
else {
  $('write').hidden = false;
  $('lookup').hidden = false;
  get('hall')
    .then((hall) => {
      supervision = hall.supervisionPhone ?? null;
      renderSupervision();
    })
    .catch(() => {});
}
