// The guide desk's records: consultations (首问负责: question, answer or referral; counted today)
// and home-service requests (上门服务: who, where, what; marked done with what was done).
import { get, post } from './api.js';
import { $ } from './dom.js';
import { bi, h, L } from './i18n.js';

export async function showConsultations() {
  const day = await get('guide/consultations');
  $('consult-count').innerHTML = bi(`今日咨询 ${day.count} 件`, `${day.count} consultations today`);
  $('consult-list').innerHTML = day.consultations
    .map((c) => `<li>${h(c.question)} — ${h(c.answer ?? L(`告知：${c.referral}`, `referred to ${c.referral}`))}</li>`)
    .join('');
}

export async function showHomeServices() {
  const list = await get('guide/home-services');
  $('home-list').innerHTML = list
    .map(
      (r) => `<li data-id="${h(r.id)}">${h(r.name)} · ${h(r.address)} · ${h(r.matter)}
      ${r.doneAt ? `<b>${h(L(`已办结：${r.result}`, `done: ${r.result}`))}</b>` : `<button type="button" data-done="${h(r.id)}">${h(L('办结', 'Done'))}</button>`}</li>`,
    )
    .join('');
}

function values(form) {
  const data = Object.fromEntries(new FormData(form));
  for (const key of Object.keys(data)) {
    data[key] = String(data[key]).trim();
    if (!data[key]) delete data[key];
  }
  return data;
}

/** Wires the consultation and home-service forms; `showError` shows a refusal (or clears it with null). */
export function wireRecords(showError) {
  const submit = (id, path, after) =>
    $(id).addEventListener('submit', async (event) => {
      event.preventDefault();
      showError(null);
      try {
        await post(path, values(event.target));
        event.target.reset();
        await after();
      } catch (error) {
        showError(error);
      }
    });
  submit('consult-form', 'guide/consultations', showConsultations);
  submit('home-form', 'guide/home-services', showHomeServices);
  $('home-list').addEventListener('click', async (event) => {
    const id = event.target.closest('button')?.dataset.done;
    if (!id) return;
    const result = prompt(L('办理结果', 'What was done'));
    if (!result) return;
    showError(null);
    try {
      await post(`guide/home-services/${encodeURIComponent(id)}/done`, { result });
      await showHomeServices();
    } catch (error) {
      showError(error);
    }
  });
}
