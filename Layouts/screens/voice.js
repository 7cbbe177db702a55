// Plays call announcements one after another, never cutting one off. Each file is fetched as soon
// as the call arrives (the server generates and caches it), then played when the previous ends.
export class VoiceQueue {
  constructor(onBlocked) {
    this.queue = [];
    this.playing = false;
    this.onBlocked = onBlocked;
    this.audio = new Audio();
    this.audio.addEventListener('ended', () => this.next());
    this.audio.addEventListener('error', () => this.next());
    this.played = [];
  }

  static url(call) {
    return `/api/v1/voice/calls/${encodeURIComponent(call.number)}/${call.window}${call.recall ? '?recall=true' : ''}`;
  }

  /** Queues a call {number, window, recall}. */
  add(call) {
    const url = VoiceQueue.url(call);
    const file = fetch(url)
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => (b ? URL.createObjectURL(b) : null))
      .catch(() => null);
    this.queue.push({ call, url, file });
    if (!this.playing) this.next();
  }

  async next() {
    if (this.current?.objectURL) URL.revokeObjectURL(this.current.objectURL);
    const item = this.queue.shift();
    this.current = item;
    if (!item) {
      this.playing = false;
      return;
    }
    this.playing = true;
    const objectURL = await item.file;
    item.objectURL = objectURL;
    if (!objectURL) return this.next();
    this.audio.src = objectURL;
    try {
      await this.audio.play();
      this.played.push(item.url);
    } catch (error) {
      // Autoplay refused: show the hint; the queue moves on so calls do not pile up.
      if (error.name === 'NotAllowedError') this.onBlocked?.();
      this.next();
    }
  }
}
