// The live feed every screen follows. The server draws the picture: a screen starts from a snapshot
// (the same picture GET /api/v1/hall answers), and with every committed event the server sends the
// views that event changed — windows by number, services and staff by id, the waiting line's
// removals and insertions, the recent calls and devices whole, the hall's opening figures — which
// replace those parts of the picture. Nothing here knows what an event means.
// On a dropped connection it reconnects with ?since=<last seq> (backoff 0.5 s doubling to 15 s): the
// server sends what was missed, or a fresh snapshot when it cannot.
import { setHallTime, clock } from './i18n.js';

/** Puts each view in `views` in place of the one in `list` with the same `key`. */
function replaceByKey(list, views, key) {
  for (const view of views ?? []) {
    const i = list.findIndex((x) => x[key] === view[key]);
    if (i >= 0) list[i] = view;
    else list.push(view);
  }
}

export class LiveHall extends EventTarget {
  /** `audience: 'staff'` follows the staff feed (a clerk's or administrator's session). */
  constructor({ audience = 'public' } = {}) {
    super();
    this.audience = audience === 'staff' ? 'staff' : 'public';
    this.hall = null;
    this.seq = null;
    this.connected = false;
    this.attempt = 0;
  }

  start() {
    this.connect();
    return this;
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const query = new URLSearchParams();
    if (this.audience === 'staff') query.set('audience', 'staff');
    if (this.seq != null && this.hall) query.set('since', String(this.seq));
    const q = query.toString();
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/live${q ? `?${q}` : ''}`);
    this.ws = ws;
    ws.onopen = () => {
      this.attempt = 0;
      this.setConnected(true);
    };
    ws.onmessage = (m) => this.receive(JSON.parse(m.data));
    ws.onclose = () => {
      if (this.ws !== ws) return;
      this.setConnected(false);
      const delay = Math.min(15_000, 500 * 2 ** this.attempt++) * (0.8 + Math.random() * 0.4);
      setTimeout(() => this.connect(), delay);
    };
  }

  setConnected(value) {
    if (this.connected === value) return;
    this.connected = value;
    document.body.classList.toggle('offline', !value);
    this.dispatchEvent(new CustomEvent('connection', { detail: value }));
  }

  receive(message) {
    switch (message.kind) {
      case 'snapshot':
        this.hall = message.hall;
        this.seq = message.seq;
        setHallTime(this.hall.at);
        this.changed({ kind: 'snapshot' });
        break;
      case 'views': {
        if (!this.hall) return;
        // An event's views come once; views the clock changed carry no event and no new seq.
        if (message.event) {
          if (this.seq != null && message.seq <= this.seq) return;
          this.seq = message.seq;
          this.hall.seq = message.seq;
        }
        this.put(message);
        this.hall.at = message.at;
        setHallTime(message.at);
        this.changed(message.event ? { kind: 'event', event: message.event, at: message.at, seq: message.seq } : { kind: 'views', at: message.at });
        break;
      }
      case 'reset':
        this.seq = null;
        this.hall = null;
        this.ws.close();
        break;
      default:
        // Not part of the picture (a scan's progress on the staff feed): for whoever listens.
        this.dispatchEvent(new CustomEvent('message', { detail: message }));
    }
  }

  /** Replaces the parts of the picture a views message carries. */
  put(views) {
    const hall = this.hall;
    if (views.hall) {
      for (const key of ['day', 'open', 'nextOpening']) {
        if (key in views.hall) hall[key] = views.hall[key];
        else delete hall[key];
      }
    }
    replaceByKey(hall.windows, views.windows, 'number');
    replaceByKey(hall.services, views.services, 'id');
    replaceByKey(hall.staff, views.staff, 'id');
    if (views.waiting) {
      const gone = new Set([...views.waiting.removed, ...views.waiting.added.map((a) => a.visit.id)]);
      hall.waiting = hall.waiting.filter((v) => !gone.has(v.id));
      for (const a of views.waiting.added) hall.waiting.splice(a.index, 0, a.visit);
    }
    if (views.recentCalls) hall.recentCalls = views.recentCalls;
    if (views.devices) hall.devices = views.devices;
    if (views.readyCases) hall.readyCases = views.readyCases;
  }

  changed(detail) {
    this.dispatchEvent(new CustomEvent('change', { detail }));
  }

  window(n) {
    return this.hall?.windows.find((w) => w.number === n);
  }
  service(id) {
    return this.hall?.services.find((s) => s.id === id);
  }
  staff(id) {
    return this.hall?.staff.find((s) => s.id === id);
  }
}

/**
 * Starts the feed and calls render(live, detail) on every change; shows an offline notice while
 * disconnected. `{ audience: 'staff' }` follows the staff feed (clerk console, administration).
 * The feed is also `window.hallLive`, for the browser tests.
 */
export function follow(render, options = {}) {
  const live = new LiveHall(options);
  live.addEventListener('change', (ev) => {
    render(live, ev.detail);
    const c = document.getElementById('clock');
    if (c) c.textContent = clock();
  });
  window.hallLive = live;
  // account-3: modules that ride on the screen's feed (clerk-alerts.js) attach to it.
  window.dispatchEvent(new CustomEvent('hall-live', { detail: live }));
  return live.start();
}

/** Staff photo URL, or null. */
export function photoURL(staff) {
  return staff?.photo ? `/api/v1/staff/${encodeURIComponent(staff.id)}/photo` : null;
}
