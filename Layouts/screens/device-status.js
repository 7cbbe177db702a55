// What a device's status means to a person, in one table for every page that shows one (the admin
// device list, the clerk's print outcome, the kiosk's ticket): status → 中文 / English. The keys are
// the server's DeviceStatus values, plus the print outcomes that are not a device's state: `pending`
// (not known yet), `none` (no printer configured) and `error` (the document could not be made).
import { L } from './i18n.js';

export const DEVICE_STATUS = {
  ok: { zh: '正常', en: 'ready' },
  paperNearEnd: { zh: '纸将用完', en: 'paper nearly out' },
  paperOut: { zh: '缺纸', en: 'out of paper' },
  coverOpen: { zh: '盖板未关', en: 'cover open' },
  offline: { zh: '离线', en: 'offline' },
  unplugged: { zh: '未连接', en: 'unplugged' },
  unknown: { zh: '状态不明', en: 'status unknown' },
  pending: { zh: '正在打印', en: 'printing' },
  none: { zh: '未配置', en: 'not configured' },
  error: { zh: '出错', en: 'failing' },
};

/** The status as {zh, en}; an unknown value stands for itself in both languages. */
export function statusText(status) {
  return DEVICE_STATUS[status] ?? { zh: String(status ?? ''), en: String(status ?? '') };
}

/** The status in the current language. */
export function statusLabel(status) {
  return L(statusText(status));
}
