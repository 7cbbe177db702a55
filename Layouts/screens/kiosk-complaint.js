// The kiosk's 投诉建议 (complaints and suggestions): large category buttons and an optional phone
// number on an on-screen keypad; the text is written on the resident's own phone, from the QR code
// the kiosk then shows (their phone's own input method). The supervision phone is shown beside it.
// Anonymous unless a phone number is left.
import { describeError, get, post } from './api.js';
import { $ } from './dom.js';
import { bi, h, L } from './i18n.js';

const CATEGORIES = [
  ['attitude', '服务态度', 'Staff attitude'],
  ['efficiency', '办事效率', 'Efficiency'],
  ['fees', '收费', 'Fees'],
  ['facilities', '环境设施', 'Premises and facilities'],
  ['other', '其他', 'Other'],
];
const CLOSE_AFTER = 90_000;
let category = null;
let phone = '';
let supervision = null;
let timer = null;
let busy = false;

function overlay() {
  let root = $('complaint');
  if (!root) {
    root = document.createElement('section');
    root.id = 'complaint';
    root.className = 'acc-kiosk';
    root.setAttribute('role', 'dialog');
    root.setAttribute('aria-modal', 'true');
    root.setAttribute('aria-labelledby', 'complaint-title');
    root.hidden = true;
    document.body.append(root);
  }
  return root;
}

function supervisionLine() {
  return supervision ? `<p class="acc-supervision">${bi(`监督电话：${supervision}`, `Supervision phone: ${supervision}`)}</p>` : '';
}

function renderChoice() {
  const masked = phone ? h(phone) : `<span class="muted">${L('可不填（匿名）', 'optional (anonymous)')}</span>`;
  overlay().innerHTML = `
    <h2 id="complaint-title">${bi('投诉建议', 'Complaints and suggestions')}</h2>
    <p>${bi('请选择类别', 'Choose what it is about')}</p>
    <div class="acc-categories">${CATEGORIES.map(
      ([key, zh, en]) => `<button type="button" data-category="${key}" aria-pressed="${category === key}">${bi(zh, en)}</button>`,
    ).join('')}</div>
    <p>${bi('联系电话（便于回访，可不填）', 'Phone number for the call-back (optional)')}</p>
    <p class="acc-phone" id="complaint-phone" aria-live="polite">${masked}</p>
    <div class="acc-keypad">${['1', '2', '3', '4', '5', '6', '7', '8', '9', '', '0', '⌫']
      .map((k) => (k ? `<button type="button" data-key="${k}" aria-label="${k === '⌫' ? L('删除', 'Delete') : k}">${k}</button>` : '<span></span>'))
      .join('')}</div>
    <p class="error" id="complaint-error" role="alert"></p>
    <div class="actions">
      <button class="main" type="button" data-complaint-submit ${category ? '' : 'disabled'}>${bi('提交', 'Submit')}</button>
      <button class="back" type="button" data-complaint-close>${bi('返回', 'Back')}</button>
    </div>
    ${supervisionLine()}`;
}

function renderDone(complaint) {
  overlay().innerHTML = `
    <h2 id="complaint-title">${bi('已收到您的投诉建议', 'Thank you: we have received it')}</h2>
    <p>${bi('您的编号', 'Your code')}</p>
    <p class="acc-code" id="complaint-code">${h(complaint.code)}</p>
    <img class="acc-qr" src="/api/v1/complaints/${encodeURIComponent(complaint.code)}/qr.svg" alt="${L('手机扫码填写内容、查看答复', 'Scan with your phone to write it and read the reply')}">
    <p>${bi('请用手机扫码，填写具体内容；凭编号查看处理结果和答复。', 'Scan with your phone to write what happened; follow the reply with your code.')}</p>
    <p>${bi(`答复期限：${complaint.due}`, `Reply due by ${complaint.due}`)}</p>
    ${supervisionLine()}
    <div class="actions"><button class="main" type="button" data-complaint-close>${bi('完成', 'Done')}</button></div>`;
}

function close() {
  clearTimeout(timer);
  overlay().hidden = true;
  category = null;
  phone = '';
}

async function open() {
  category = null;
  phone = '';
  supervision = (await get('hall').catch(() => null))?.supervisionPhone ?? null;
  renderChoice();
  overlay().hidden = false;
  clearTimeout(timer);
  timer = setTimeout(close, CLOSE_AFTER);
}

async function submit() {
  if (busy || !category) return;
  busy = true;
  try {
    const complaint = await post('complaints', { category, channel: 'kiosk', ...(phone ? { phone } : {}) });
    renderDone(complaint);
    clearTimeout(timer);
    timer = setTimeout(close, CLOSE_AFTER);
  } catch (error) {
    $('complaint-error').textContent = L(describeError(error));
  } finally {
    busy = false;
  }
}

document.addEventListener('click', (ev) => {
  const button = ev.target.closest('button');
  if (!button) return;
  if (button.id === 'complaint-open') open();
  else if (button.dataset.category) {
    category = button.dataset.category;
    renderChoice();
  } else if (button.dataset.key) {
    phone = button.dataset.key === '⌫' ? phone.slice(0, -1) : (phone + button.dataset.key).slice(0, 15);
    renderChoice();
  } else if (button.hasAttribute('data-complaint-submit')) submit();
  else if (button.hasAttribute('data-complaint-close')) close();
});

const opener = $('complaint-open');
if (opener) opener.innerHTML = bi('投诉建议', 'Complaints');
