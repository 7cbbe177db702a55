// JSON API calls with the server's bilingual error messages.
import { L } from './i18n.js';

export class APIError extends Error {
  constructor(status, body) {
    super(body?.message ? L(body.message, body.message_en) : `HTTP ${status}`);
    this.status = status;
    this.code = body?.error;
    this.body = body;
  }
}

export async function api(method, path, body) {
  const response = await fetch(`/api/v1/${path}`, {
    method,
    credentials: 'same-origin',
    headers: body === undefined ? {} : { 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch {
    data = null;
  }
  if (!response.ok) throw new APIError(response.status, data);
  return data;
}

export const get = (path) => api('GET', path);
export const post = (path, body) => api('POST', path, body ?? {});

/** What went wrong with a request, {zh, en}: the server's own message, or that it could not be reached. */
export function describeError(error) {
  const status = error?.status ? `HTTP ${error.status}` : null;
  return {
    zh: error?.body?.message ?? status ?? '无法连接服务器，请检查网络',
    en: error?.body?.message_en ?? status ?? 'Cannot reach the hall server; check the network',
  };
}
