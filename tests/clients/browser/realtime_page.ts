// The React page the realtime browser test drives (test_realtime_browser.py), over the
// realtime test app (tests/realtime/rt_app.py): the `chat` room `?room=` through
// `useChatChannel`, the `global` context's notice (refetched when another tab's
// mutation is pushed), and `set_notice`, a `websocket` function. `?user=` signs the tab
// in with a bearer token (the socket then uses a connection token from session/).
// `window.dropSocket()` closes the tab's socket and keeps it from reconnecting until
// `window.allowSocket()`, to show a resume; `#http-calls` counts POSTs to call/,
// `#ctx-fetches` GETs of ctx/global/, `#invalidations` the `invalidate` frames received.

import * as React from "react";
import { createRoot } from "react-dom/client";
import * as api from "./api/index.js";

const h = React.createElement;
const query = new URLSearchParams(location.search);
const user = query.get("user");
const room = query.get("room") ?? "lobby";
const headers: { [name: string]: string } = user === null ? {} : { Authorization: `Bearer ${user}` };

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
function bump(id: string): void {
  counts[id] = (counts[id] ?? 0) + 1;
  const el = document.getElementById(id);
  if (el !== null) el.textContent = String(counts[id]);
}
const counted: typeof fetch = (input, init) => {
  if (String(input).endsWith("/call/")) bump("http-calls");
  if (String(input).includes("/ctx/global/")) bump("ctx-fetches");
  return fetch(input, init);
};

function Chat(): React.ReactElement {
  const chat = api.useChatChannel({ room });
  const notice = api.useSiteNotice();
  const [text, setText] = React.useState("");
  const [outcome, setOutcome] = React.useState("none");
  const [noticeText, setNoticeText] = React.useState("");
  const client = api.useMizanClient();
  const report = (p: Promise<unknown>): void => {
    p.then(() => setOutcome("ok"), (e: unknown) => setOutcome(e instanceof api.MizanError ? e.code : String(e)));
  };
  return h("main", null,
    h("p", { id: "state" }, chat.state),
    h("p", { id: "messages" }, chat.messages.map((m) => `${m.user}: ${m.text}`).join(" | ") || "(none)"),
    h("p", { id: "gap" }, String(chat.gap)),
    h("p", { id: "notice" }, notice.data ?? "(loading)"),
    h("p", { id: "outcome" }, outcome),
    h("input", { id: "text", value: text, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value) }),
    h("button", { id: "send", onClick: () => report(chat.send({ text })) }, "send"),
    h("input", { id: "notice-text", value: noticeText, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setNoticeText(e.target.value) }),
    h("button", { id: "set-notice", onClick: () => report(api.callSetNotice({ text: noticeText }, client)) }, "set notice"),
    h("button", { id: "post-notice", onClick: () => report(api.callPostNotice({ text: noticeText }, client)) }, "post notice"));
}

function Realtime(): React.ReactElement {
  api.realtime(api.useMizanClient(), { WebSocket: HeldSocket, maxBackoffMs: 500 });
  return h(Chat);
}

function App(): React.ReactElement {
  return h(api.MizanContext, { baseUrl: "/api/mizan/", headers, fetch: counted },
    h(api.GlobalProvider, null, h(Realtime), h("p", { id: "http-calls" }, "0"),
      h("p", { id: "ctx-fetches" }, String(counts["ctx-fetches"] ?? 0)),
      h("p", { id: "invalidations" }, "0")));
}

const root = document.getElementById("root");
if (root === null) throw new Error("no #root");
createRoot(root).render(h(App));
