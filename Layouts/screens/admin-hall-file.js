// The hall file editor of the administration page: loaded as text, saved as text; the server checks
// it with the same reader as the hall file on disk and answers 400 with every problem and its line.
import { $ } from './dom.js';
import { h, L } from './i18n.js';

let lastProblems = [];

export async function loadHallFile() {
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

export function renderProblems() {
  $('hall-file-problems').innerHTML = lastProblems
    .map(
      (p, i) =>
        `<li><button type="button" data-line="${p.line}" data-i="${i}">${h(L(`第${p.line}行第${p.column}列`, `Line ${p.line}, column ${p.column}`))}：${h(p.message)}</button></li>`,
    )
    .join('');
}

/** Saves the edited file; `saved` runs after the server took it (the page reloads its configuration). */
async function saveHallFile(saved) {
  $('hall-file-ok').hidden = true;
  $('hall-file-error').textContent = '';
  lastProblems = [];
  renderProblems();
  $('save-hall-file').disabled = true;
  try {
    const response = await fetch('/api/v1/config/hall-file', {
      method: 'PUT',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/yaml; charset=utf-8' },
      body: $('hall-file').value,
    });
    const body = await response.json().catch(() => null);
    if (!response.ok) {
      $('hall-file-error').textContent = body?.message ? L(body.message, body.message_en) : `HTTP ${response.status}`;
      lastProblems = body?.problems ?? [];
      renderProblems();
      if (lastProblems.length) goToLine(lastProblems[0].line);
      return;
    }
    const counts = L(
      `${body.services}个事项、${body.windows}个窗口、${body.staff}名人员、${body.accounts}个账号`,
      `${body.services} services, ${body.windows} windows, ${body.staff} staff, ${body.accounts} accounts`,
    );
    $('hall-file-ok').textContent = `${L(body.message, body.message_en)} · ${counts}`;
    $('hall-file-ok').hidden = false;
    await saved();
    await loadHallFile();
  } catch (error) {
    $('hall-file-error').textContent = error.message;
  } finally {
    $('save-hall-file').disabled = false;
  }
}

export function wireHallFile(saved) {
  $('save-hall-file').addEventListener('click', () => saveHallFile(saved));
  $('reload-hall-file').addEventListener('click', () => {
    $('hall-file-problems').innerHTML = '';
    lastProblems = [];
    $('hall-file-error').textContent = '';
    loadHallFile().catch((e) => {
      $('hall-file-error').textContent = e.message;
    });
  });
  $('hall-file-problems').addEventListener('click', (ev) => {
    const b = ev.target.closest('button[data-line]');
    if (b) goToLine(Number(b.dataset.line));
  });
}
