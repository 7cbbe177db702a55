// The live feed every screen follows: a snapshot, then events applied in order; on a dropped
// connection it reconnects with ?since=<last seq> (backoff 0.5 s doubling to 15 s) and misses
// nothing. Derived figures (estimated waits, waiting counts) are refreshed from /api/v1/hall a
// moment after events, and once a minute for the hall's opening hours.
import { presenceLabels, setHallTime, clock } from './i18n.js';

export class LiveHall extends EventTarget {
  constructor() {
    super();
    this.hall = null;
    this.seq = null;
    this.connected = false;
    this.attempt = 0;
    this.resyncTimer = null;
  }

  start() {
    this.connect();
    setInterval(() => this.resync(), 60_000);
    return this;
  }

  connect() {
    const proto = location.protocol === 'https:' ? 'wss:' : 'ws:';
    const since = this.seq != null && this.hall ? `?since=${this.seq}` : '';
    const ws = new WebSocket(`${proto}//${location.host}/api/v1/live${since}`);
    this.ws = ws;
    ws.onopen = () => { this.attempt = 0; this.setConnected(true); };
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
    if (message.kind === 'snapshot') {
      this.hall = message.hall;
      this.seq = message.seq;
      setHallTime(this.hall.at);
      this.changed({ kind: 'snapshot' });
    } else if (message.kind === 'event') {
      if (this.seq != null && message.seq <= this.seq) return;
      if (!this.hall) return;
      this.apply(message.event, message.at);
      this.seq = message.seq;
      this.changed({ kind: 'event', event: message.event, at: message.at, seq: message.seq });
      this.scheduleResync();
    } else if (message.kind === 'reset') {
      this.seq = null;
      this.hall = null;
      this.ws.close();
    } else {
      this.dispatchEvent(new CustomEvent('message', { detail: message }));
    }
  }

  changed(detail) { this.dispatchEvent(new CustomEvent('change', { detail })); }

  scheduleResync() {
    clearTimeout(this.resyncTimer);
    this.resyncTimer = setTimeout(() => this.resync(), 400);
  }

  async resync() {
    try {
      const response = await fetch('/api/v1/hall', { credentials: 'same-origin' });
      if (!response.ok) return;
      const hall = await response.json();
      if (this.seq == null || hall.seq >= this.seq) {
        this.hall = hall;
        this.seq = hall.seq;
        setHallTime(hall.at);
        this.changed({ kind: 'resync' });
      }
    } catch { /* the feed reconnects by itself */ }
  }

  window(n) { return this.hall?.windows.find((w) => w.number === n); }
  service(id) { return this.hall?.services.find((s) => s.id === id); }
  staff(id) { return this.hall?.staff.find((s) => s.id === id); }

  /** Applies one event to the snapshot, as the server's state machine does for what screens show. */
  apply(e, at) {
    const hall = this.hall;
    const dropWaiting = (id) => {
      const i = hall.waiting.findIndex((v) => v.id === id);
      if (i < 0) return null;
      const [visit] = hall.waiting.splice(i, 1);
      const s = this.service(visit.serviceID);
      if (s) s.waiting = Math.max(0, s.waiting - 1);
      return visit;
    };
    const clearCurrent = (n, id) => { const w = this.window(n); if (w?.current?.id === id) w.current = null; };
    switch (e.type) {
      case 'dayStarted':
        hall.waiting = []; hall.recentCalls = [];
        for (const w of hall.windows) { w.current = null; w.held = []; w.status = 'closed'; w.pauseReason = null; }
        for (const s of hall.services) s.waiting = 0;
        break;
      case 'ticketIssued': {
        hall.waiting.push({ id: e.visitID, number: e.number, serviceID: e.serviceID, priority: e.priority, status: 'waiting', issuedAt: at, recalls: 0 });
        const s = this.service(e.serviceID);
        if (s) s.waiting += 1;
        break;
      }
      case 'visitCalled': {
        const visit = dropWaiting(e.visitID) ?? this.window(e.window)?.current ?? {};
        const w = this.window(e.window);
        if (w) w.current = { ...visit, id: e.visitID, number: e.number, status: 'called', window: e.window, recalls: e.calls - 1 };
        hall.recentCalls.unshift({ visitID: e.visitID, number: e.number, window: e.window, recall: e.recall, at });
        hall.recentCalls.length = Math.min(hall.recentCalls.length, 20);
        break;
      }
      case 'serviceStarted': { const w = this.window(e.window); if (w?.current) w.current.status = 'serving'; break; }
      case 'visitFinished': clearCurrent(e.window, e.visitID); { const w = this.window(e.window); if (w) w.awaitingRating = e.visitID; } break;
      case 'visitNoShow': clearCurrent(e.window, e.visitID); break;
      case 'visitTransferred': clearCurrent(e.fromWindow, e.visitID); break;
      case 'visitHeld': {
        const w = this.window(e.window);
        if (w?.current?.id === e.visitID) { w.held.push({ ...w.current, status: 'held' }); w.current = null; }
        break;
      }
      case 'visitResumed': {
        const w = this.window(e.window);
        if (w) {
          const i = w.held.findIndex((v) => v.id === e.visitID);
          if (i >= 0) { w.current = { ...w.held[i], status: 'serving' }; w.held.splice(i, 1); }
        }
        break;
      }
      case 'visitCancelled': dropWaiting(e.visitID); break;
      case 'windowOpened': {
        const w = this.window(e.window);
        if (w) { w.status = 'open'; w.pauseReason = null; if (e.staffID) w.staff = this.staff(e.staffID) ?? w.staff; }
        break;
      }
      case 'windowPaused': { const w = this.window(e.window); if (w) { w.status = 'paused'; w.pauseReason = e.reason; } break; }
      case 'windowClosed': { const w = this.window(e.window); if (w) { w.status = 'closed'; w.pauseReason = null; } break; }
      case 'presenceChanged': {
        const update = (s) => { if (s && s.id === e.staffID) { s.status = e.presence.status; s.statusLabel = presenceLabels[e.presence.status]; s.note = e.presence.note ?? null; } };
        hall.staff.forEach(update);
        hall.windows.forEach((w) => update(w.staff));
        break;
      }
      case 'ratingRecorded': case 'ratingExpired':
        for (const w of hall.windows) if (w.awaitingRating === e.visitID) w.awaitingRating = null;
        break;
      default: break;
    }
  }
}

/** Starts the feed and calls render() on every change; shows an offline notice while disconnected. */
export function follow(render) {
  const live = new LiveHall();
  live.addEventListener('change', (ev) => {
    render(live, ev.detail);
    const c = document.getElementById('clock');
    if (c) c.textContent = clock();
  });
  return live.start();
}

/** Staff photo URL, or null. */
export function photoURL(staff) { return staff?.photo ? `/api/v1/staff/${encodeURIComponent(staff.id)}/photo` : null; }
