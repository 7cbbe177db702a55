// The clock in a page's top bar: the hall's time (see i18n.js), redrawn every second.
import { $ } from './dom.js';
import { clock } from './i18n.js';

/** Shows the hall's time in the element with this id now and every second after. */
export function runClock(id = 'clock') {
  const tick = () => {
    const element = $(id);
    if (element) element.textContent = clock();
  };
  tick();
  return setInterval(tick, 1000);
}
