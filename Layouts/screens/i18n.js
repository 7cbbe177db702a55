// Language: Chinese first, English second. ?lang=en or the switch (remembered per screen) picks English.
const KEY = `servicehall.lang.${location.pathname.split('/')[1]}`;
let lang = new URLSearchParams(location.search).get('lang') || localStorage.getItem(KEY) || 'zh';
const listeners = new Set();

export function currentLang() {
  return lang;
}

/** A LocalizedText ({zh, en}) or a pair of strings in the current language. */
export function L(text, en) {
  if (text == null) return '';
  if (typeof text === 'object') return (lang === 'en' ? text.en : text.zh) || text.zh || '';
  return lang === 'en' && en != null ? en : text;
}

/** The other language, for a smaller second line. */
export function L2(text, en) {
  if (text == null) return '';
  if (typeof text === 'object') return lang === 'en' ? text.zh : text.en;
  return lang === 'en' ? text : (en ?? '');
}

/** HTML-escapes a value. */
export function h(value) {
  return String(value ?? '').replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]);
}

/** Chinese first, English under it, whatever the language switch says: for outcomes and faults. */
export function bilingual(zh, en) {
  return `<span class="zh" lang="zh-CN">${h(zh)}</span>${en ? `<span class="en" lang="en">${h(en)}</span>` : ''}`;
}

/** Both languages: the current one first, the other smaller. */
export function bi(zh, en) {
  const t = typeof zh === 'object' ? zh : { zh, en };
  return `<span class="primary">${h(L(t))}</span><span class="secondary" lang="${lang === 'en' ? 'zh-CN' : 'en'}">${h(L2(t))}</span>`;
}

export function setLang(next) {
  lang = next;
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  for (const f of listeners) f(lang);
}

export function onLangChange(f) {
  listeners.add(f);
}

/** Wires a button that switches between 中文 and English. */
export function languageSwitch(button) {
  const label = () => {
    button.textContent = lang === 'en' ? '中文' : 'English';
    button.setAttribute('aria-label', lang === 'en' ? '切换到中文' : 'Switch to English');
  };
  button.addEventListener('click', () => {
    setLang(lang === 'en' ? 'zh' : 'en');
    label();
  });
  document.documentElement.lang = lang === 'en' ? 'en' : 'zh-CN';
  label();
}

/** "12 分钟" / "12 min"; null → no estimate. */
export function minutes(seconds) {
  if (seconds == null) return null;
  const m = Math.max(1, Math.round(seconds / 60));
  return L(`${m} 分钟`, `${m} min`);
}

let skew = 0;
/** The hall's clock may not be this screen's (a demo hall started at 09:00): follow the server's. */
export function setHallTime(iso) {
  const t = Date.parse(iso);
  if (!Number.isNaN(t)) skew = t - Date.now();
}
export function hallNow() {
  return new Date(Date.now() + skew);
}

export function clock(date = hallNow()) {
  return date.toLocaleTimeString(lang === 'en' ? 'en-GB' : 'zh-CN', { hour: '2-digit', minute: '2-digit', timeZone: 'Asia/Shanghai' });
}

export const presenceLabels = {
  onDuty: { zh: '在岗', en: 'On duty' },
  away: { zh: '暂离', en: 'Briefly away' },
  meeting: { zh: '开会', en: 'In a meeting' },
  outOnBusiness: { zh: '外出办事', en: 'Out on business' },
  businessTrip: { zh: '出差', en: 'On a business trip' },
  leave: { zh: '请假', en: 'On leave' },
  other: { zh: '其他', en: 'Other' },
};
