// What the evaluator tablet says when a rating does not go through: a title and what the resident
// or the staff can do about it, Chinese first, in place of the server's terse message.

export const NO_TOKEN = {
  title: { zh: '无法提交评价', en: 'Cannot submit the rating' },
  message: { zh: '本评价器尚未登记设备令牌，请工作人员用 ?token= 打开本页', en: 'This evaluator has no device token: staff must open the page with ?token=' },
};

export const NO_CONNECTION = {
  title: { zh: '网络连接失败', en: 'No connection to the hall' },
  message: { zh: '评价没有送达，请稍后再试', en: 'The rating did not arrive; please try again' },
};

/** The title and message for a rating the server refused with `status` and its JSON `body`. */
export function failureText(status, body) {
  const server = { zh: body?.message ?? `HTTP ${status}`, en: body?.message_en ?? body?.message ?? `HTTP ${status}` };
  const title = {
    unknown_device: { zh: '评价器未登记：设备令牌无效', en: 'This evaluator is not registered: its device token was refused' },
    not_this_evaluator: { zh: '本评价器不能评价此办件', en: 'This evaluator cannot rate that visit' },
    rating_refused: { zh: '评价未被接受', en: 'The rating was refused' },
    too_many_attempts: { zh: '评价尝试过于频繁', en: 'Too many refused ratings' },
    already_rated: { zh: '该办件已评价，每件只能评价一次', en: 'This visit has been rated already' },
    not_awaiting_rating: { zh: '评价时间已过', en: 'The time to rate has passed' },
  }[body?.error] ??
    {
      403: { zh: '评价器无权提交评价', en: 'This evaluator may not submit ratings' },
      409: { zh: '该办件已评价或评价时间已过', en: 'Already rated, or the time to rate has passed' },
    }[status] ?? { zh: '评价未能提交', en: 'The rating was not accepted' };
  // What the resident or the staff can do about it, in place of the server's terse message.
  const advice = {
    unknown_device: { zh: '请工作人员检查本评价器的设备令牌（?token=）。', en: "Staff: check this evaluator's device token (?token=)." },
    not_this_evaluator: {
      zh: '该办件可能已评价或评价时间已过，或设备令牌属于其他窗口。请告知工作人员。',
      en: 'The visit may be rated already or out of time, or the device token belongs to another window. Please tell the staff.',
    },
    // The server does not say which part was wrong (so a guesser learns nothing): the token, or the visit.
    rating_refused: {
      zh: '本评价器的设备令牌可能无效或属于其他窗口，或该办件已评价、评价时间已过。请告知工作人员。',
      en: "This evaluator's device token may be wrong or belong to another window, or the visit is rated already or out of time. Please tell the staff.",
    },
    too_many_attempts: {
      zh: '请稍等一分钟再试，并请工作人员检查本评价器的设备令牌。',
      en: "Wait a minute and try again; staff: check this evaluator's device token.",
    },
  }[body?.error];
  return { title, message: advice ?? server };
}
