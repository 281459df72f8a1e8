// What the realtime test pages of every front end share (React realtime_page.ts, Vue
// realtime_vue/, Svelte realtime_svelte/): the query (`?room=`, `?user=` signs the tab
// in with a bearer token; the socket then uses a connection token from session/), a
// WebSocket class the page can hold back (`window.dropSocket()` closes the tab's socket
// and keeps it from reconnecting until `window.allowSocket()`, to show a resume), a
// `fetch` counting POSTs to call/ into `#http-calls` and GETs of ctx/global/ into
// `#ctx-fetches`, `#invalidations` counting the `invalidate` frames the socket received,
// and how outcomes are shown.

import { MizanError } from "./api/kernel.js";
import type { MizanClient } from "./api/kernel.js";
import { realtime } from "./api/realtime.js";

const query = new URLSearchParams(location.search);
const user = query.get("user");
export const room = query.get("room") ?? "lobby";
export const headers: { [name: string]: string } = user === null ? {} : { Authorization: `Bearer ${user}` };

let held = false;
const sockets: WebSocket[] = [];
/** The browser's WebSocket, which the page can hold back from connecting. */
class HeldSocket extends WebSocket {
  constructor(url: string) {
    if (held) throw new Error("held back by the page");
    super(url);
    sockets.push(this);
    this.addEventListener("message", (event: MessageEvent) => {
      if (String(event.data).startsWith('{"type":"invalidate"')) bump("invalidations");
    });
  }
}
const w = window as unknown as { dropSocket: () => void; allowSocket: () => void };
w.dropSocket = () => {
  held = true;
  for (const s of sockets.splice(0)) s.close();
};
w.allowSocket = () => {
  held = false;
};

const counts: { [id: string]: number } = {};
/** Count one more into the element `#id` (the count survives the element's remounts). */
export function bump(id: string): void {
  counts[id] = (counts[id] ?? 0) + 1;
  const el = document.getElementById(id);
  if (el !== null) el.textContent = String(counts[id]);
}
export function count(id: string): string {
  return String(counts[id] ?? 0);
}
export const counted: typeof fetch = (input, init) => {
  if (String(input).endsWith("/call/")) bump("http-calls");
  if (String(input).includes("/ctx/global/")) bump("ctx-fetches");
  return fetch(input, init);
};

/** Make the client's one connection with the page's socket class (before any binding
 * uses it), and show its state in `#socket` whatever is mounted. */
export function connect(client: MizanClient): void {
  const connection = realtime(client, { WebSocket: HeldSocket, maxBackoffMs: 500 });
  connection.onState((state) => {
    const el = document.getElementById("socket");
    if (el !== null) el.textContent = state;
  });
}

/** An outcome as the page shows it: `ok`, or the error's code. */
export function outcome(p: Promise<unknown>, show: (text: string) => void): void {
  p.then(() => show("ok"), (e: unknown) => show(e instanceof MizanError ? e.code : String(e)));
}

/** The chat's messages as the page shows them. */
export function shown(messages: readonly { readonly user: string; readonly text: string }[]): string {
  return messages.map((m) => `${m.user}: ${m.text}`).join(" | ") || "(none)";
}
