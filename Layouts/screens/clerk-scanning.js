// Scanning the resident's papers at the window: the scan request, its progress (the staff feed's
// scanProgress messages, also for a scan started from the keypad), and the visit's scans with page
// thumbnails, each opening its PDF.
import { get, post } from './api.js';
import { $ } from './dom.js';
import { bilingual, currentLang, h, L } from './i18n.js';
import { docVisit, faultNote, idleScan, myWindow, render, signedOut, state } from './clerk-store.js';

/** A scan started elsewhere (a keypad key) has no reply here: its progress ends it after this quiet spell. */
const QUIET_MS = 4000;

/** Fetches the scans of a visit; only the latest request's answer is kept. */
export async function loadScans(visitID) {
  const token = ++state.scanLoads;
  let next;
  try {
    next = { visitID, scans: await get(`visits/${encodeURIComponent(visitID)}/scans`), loading: false, error: null };
  } catch (error) {
    if (error.status === 401) return signedOut();
    next = { visitID, scans: [], loading: false, error };
  }
  if (token !== state.scanLoads || state.scanList.visitID !== visitID) return;
  state.scanList = next;
  render();
}

/** Starts loading the scans when the visit at the window changes. */
export function followVisit(v) {
  if ((v?.id ?? null) === state.scanList.visitID) return;
  state.scanList = { visitID: v?.id ?? null, scans: [], loading: !!v, error: null };
  if (v) loadScans(v.id);
}

export function scanOptionsHTML() {
  return `<label class="scan-source">${L('扫描来源', 'Scan from')}
      <select id="scan-source"><option value="">${L('扫描仪默认', 'Scanner default')}</option><option value="feeder">${L('进纸器（多页）', 'Document feeder (all sheets)')}</option><option value="flatbed">${L('平板（单页）', 'Flatbed (one page)')}</option></select></label>`;
}

/** A key that changes when the scan list shows something else. */
export function scansKey() {
  const list = state.scanList;
  return `${list.visitID}|${list.loading}|${list.scans.map((s) => s.id).join(',')}|${list.error ? 'e' : ''}|${currentLang()}`;
}

function scanHTML(s, i) {
  const time = new Date(s.createdAt).toLocaleTimeString(currentLang() === 'en' ? 'en-GB' : 'zh-CN', {
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Asia/Shanghai',
  });
  const thumbs = s.thumbnails.map((t, p) => `<img src="${h(t)}" alt="${h(L(`第 ${i + 1} 份第 ${p + 1} 页`, `Scan ${i + 1}, page ${p + 1}`))}">`).join('');
  const pages = L(`第 ${i + 1} 份 · ${s.pageCount} 页 · ${time}`, `Scan ${i + 1} · ${s.pageCount} page${s.pageCount === 1 ? '' : 's'} · ${time}`);
  return `<li class="scan" data-scan="${h(s.id)}">
      <a href="${h(s.pdf)}" target="_blank" rel="noopener" class="scan-link" title="${L('打开 PDF', 'Open the PDF')}">
        <span class="thumbs">${thumbs}</span>
        <span class="scan-caption">${h(pages)} · PDF ↗</span>
      </a></li>`;
}

export function scansHTML(v) {
  const list = state.scanList;
  if (!v) return `<p class="muted">${L('没有正在办理的号', 'Nobody at the window')}</p>`;
  if (list.error) {
    const f = faultNote(list.error, '扫描件读取失败', 'Could not load the scans');
    return `<p class="doc-note fault">${bilingual(f.zh, f.en)}</p>`;
  }
  if (list.loading) return `<p class="muted">${L('正在读取…', 'Loading…')}</p>`;
  if (!list.scans.length) return `<p class="muted" id="no-scans">${L('尚未扫描材料', 'Nothing scanned yet')}</p>`;
  return `<ol class="scan-list">${list.scans.map(scanHTML).join('')}</ol>`;
}

export function renderScanProgress() {
  const box = $('scan-progress');
  if (!box) return;
  const scan = state.scanning;
  box.hidden = !scan.active;
  if (!scan.active) return;
  const bar = $('scan-bar');
  if (scan.fraction == null) bar.removeAttribute('value');
  else bar.value = scan.fraction;
  const pct = scan.fraction == null ? '' : ` · ${Math.round(scan.fraction * 100)}%`;
  $('scan-progress-text').innerHTML = scan.page
    ? bilingual(`正在扫描第 ${scan.page} 页${pct}（已完成 ${scan.done} 页）`, `Scanning page ${scan.page}${pct} (${scan.done} done)`)
    : bilingual('正在启动扫描仪…', 'Starting the scanner…');
}

/** A `scanProgress` message of the staff feed: {window, visitID, page, pagesCompleted, fraction}. */
export function onScanProgress(m) {
  if (!state.session || m.window !== state.session.window) return;
  if (!state.scanning.active) state.scanning = { ...idleScan(), active: true };
  const scan = state.scanning;
  scan.page = m.page;
  scan.done = m.pagesCompleted;
  scan.fraction = m.fraction ?? null;
  clearTimeout(scan.timer);
  if (!scan.mine) {
    scan.timer = setTimeout(() => {
      scan.active = false;
      if (state.scanList.visitID) loadScans(state.scanList.visitID);
      render();
    }, QUIET_MS);
  }
  renderScanProgress();
}

/** Scans for the visit at the window, from the chosen source; the outcome shows as a note. */
export async function startScan() {
  const v = docVisit(myWindow());
  if (!v?.current || state.scanning.active) return;
  clearTimeout(state.scanning.timer);
  state.scanning = { ...idleScan(), active: true, mine: true };
  state.docNote = null;
  render();
  const source = $('scan-source')?.value;
  try {
    const scan = await post(`windows/${state.session.window}/scan`, source ? { source } : {});
    const pages = `${scan.pageCount} page${scan.pageCount === 1 ? '' : 's'}`;
    state.docNote = {
      visitID: v.id,
      kind: 'ok',
      zh: `扫描完成：${scan.pageCount} 页，已存入 ${v.number} 的材料`,
      en: `Scanned ${pages}, attached to ${v.number}`,
    };
  } catch (error) {
    if (error.status === 401) {
      state.scanning.active = false;
      return signedOut();
    }
    state.docNote = { visitID: v.id, ...faultNote(error, '扫描失败', 'Scan failed') };
  }
  state.scanning = idleScan();
  if (state.scanList.visitID === v.id) loadScans(v.id);
  render();
}
