// The ticket page's rating (好差评) after the visit: the five levels, the reasons a bad rating must
// carry, then thanks. It rates through POST /api/v1/visits/{id}/rating with the ticket's code as the
// authority, as the evaluator tablet does with its device token.
import { describeError, post } from './api.js';
import { face } from './evaluator-views.js';
import { bi, h } from './i18n.js';
import { LEVELS, REASONS } from './rating-levels.js';

let chosen = null;
let message = null;

/** Draws the rating part of the page for ticket `t`; `done` reads the ticket again after a rating. */
export function showRating(section, t, code, done) {
  section.hidden = t.status !== 'finished' || t.ratingStatus === 'none';
  if (section.hidden) return;
  let html;
  if (t.ratingStatus === 'rated') {
    const level = LEVELS.find((l) => l.id === t.rating);
    html = `<h2 id="rating-title">${bi('感谢您的评价', 'Thank you for your rating')}</h2>
      <p id="rated">${level ? bi(level.zh, level.en) : ''}</p>`;
  } else if (t.ratingStatus === 'notRated') {
    html = `<h2 id="rating-title">${bi('评价时间已过', 'The time to rate this visit has passed')}</h2>`;
  } else if (chosen) {
    html = `<h2 id="rating-title">${bi(`您选择了“${chosen.zh}”，请选择原因`, `You chose “${chosen.en}”: please tell us why`)}</h2>
      <div class="tp-reasons" role="group" aria-labelledby="rating-title">
      ${REASONS.map((r) => `<button type="button" class="tp-reason" data-reason="${h(r.zh)}">${bi(r.zh, r.en)}</button>`).join('')}
      <button type="button" class="tp-button plain" data-back="1">${bi('返回', 'Back')}</button></div>`;
  } else {
    html = `<h2 id="rating-title">${bi('请评价本次服务', 'Please rate this visit')}</h2>
      <div class="tp-levels" role="group" aria-labelledby="rating-title">
      ${LEVELS.map((l) => `<button type="button" class="tp-level${l.bad ? ' bad' : ''}" data-level="${l.id}">${face(l)}${bi(l.zh, l.en)}</button>`).join('')}</div>`;
  }
  if (message) html += `<p class="tp-error" role="alert">${bi(message.zh, message.en)}</p>`;
  section.innerHTML = html;
  section.onclick = (event) => {
    const button = event.target.closest('button');
    if (!button) return;
    if (button.dataset.back) {
      chosen = null;
      showRating(section, t, code, done);
    } else if (button.dataset.level) {
      const level = LEVELS.find((l) => l.id === button.dataset.level);
      if (level.bad) {
        chosen = level;
        showRating(section, t, code, done);
      } else send(level, null);
    } else if (button.dataset.reason) send(chosen, button.dataset.reason);
  };

  async function send(level, reason) {
    message = null;
    try {
      await post(`visits/${encodeURIComponent(t.visitID)}/rating`, reason ? { level: level.zh, reason, code } : { level: level.zh, code });
      chosen = null;
    } catch (error) {
      message = describeError(error);
    }
    await done();
  }
}
