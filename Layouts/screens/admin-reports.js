// The administration page's reports: the monthly case report (办件情况月报) and the staff appraisal
// sheet (考核表) of a chosen month, downloaded as PDF or CSV from GET /api/v1/reports/month and
// /api/v1/reports/appraisal (the session cookie goes with the request; the answer is an attachment).
import { $, $$ } from './dom.js';

/** The address of a report button's file for the month in the picker. */
function reportURL(button) {
  const { report, format } = button.dataset;
  return `/api/v1/reports/${report}?month=${encodeURIComponent($('report-month').value)}&format=${format}`;
}

/** This month, in the browser's calendar, until the administrator picks another. */
function thisMonth() {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}`;
}

$('report-month').value = thisMonth();
for (const button of $$('button[data-report]')) {
  button.addEventListener('click', () => {
    if (!$('report-month').value) return;
    location.assign(reportURL(button));
  });
}
