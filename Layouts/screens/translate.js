// Static text of a page, written once in its HTML as data-t="中文|English" and shown in the chosen
// language: the page calls translatePage() at start and on every language change.
import { $$ } from './dom.js';
import { L } from './i18n.js';

/** Sets the text of every element with data-t="中文|English" under `root` to the current language. */
export function translatePage(root = document) {
  for (const element of $$('[data-t]', root)) {
    const [zh, en] = element.dataset.t.split('|');
    element.textContent = L(zh, en);
  }
}
