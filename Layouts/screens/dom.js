// Finding and drawing elements, shared by every page.

/** The element with this id, or null. */
export const $ = (id) => document.getElementById(id);

/** Every element matching the selector, as an array. */
export const $$ = (selector, root = document) => [...root.querySelectorAll(selector)];

/**
 * Sets an element's HTML only when `key` differs from what it was drawn for, so a form the user is
 * typing into is not redrawn by every change of the live feed. `html` may be a function, called
 * only when the element is drawn. Returns whether it was drawn.
 */
export function paint(element, key, html) {
  if (!element || element.dataset.drawn === key) return false;
  element.innerHTML = typeof html === 'function' ? html() : html;
  element.dataset.drawn = key;
  return true;
}
