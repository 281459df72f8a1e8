// The React page the realtime browser tests drive (test_realtime_browser.py, the
// scenario in realtime_scenario.py), over the realtime test app (tests/realtime/rt_app.py):
// the `chat` room `?room=` through `useChatChannel` (`#switch` moves to the room typed
// in `#room`, `#leave` unmounts it), the
// `global` context's notice (refetched when another tab's mutation is pushed), and
// `set_notice`, a `websocket` function, and `post_notice`, the same over `call/` only.
// The page's plumbing (and its counters) is realtime_common.ts.

import * as React from "react";
import { createRoot } from "react-dom/client";
import * as api from "./api/index.js";
import { connect, count, counted, headers, outcome, room, shown } from "./realtime_common.js";

const h = React.createElement;

function Chat(props: { readonly report: (p: Promise<unknown>) => void }): React.ReactElement {
  const [current, setCurrent] = React.useState(room);
  const [roomText, setRoomText] = React.useState("");
  const chat = api.useChatChannel({ room: current });
  const [text, setText] = React.useState("");
  return h("section", null,
    h("p", { id: "state" }, chat.state),
    h("p", { id: "messages" }, shown(chat.messages)),
    h("p", { id: "gap" }, String(chat.gap)),
    h("p", { id: "error" }, chat.error?.code ?? "none"),
    h("input", { id: "text", value: text, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setText(e.target.value) }),
    h("button", { id: "send", onClick: () => props.report(chat.send({ text })) }, "send"),
    h("input", { id: "room", value: roomText, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setRoomText(e.target.value) }),
    h("button", { id: "switch", onClick: () => setCurrent(roomText) }, "switch"));
}

function Page(): React.ReactElement {
  const notice = api.useSiteNotice();
  const client = api.useMizanClient();
  const [joined, setJoined] = React.useState(true);
  const [result, setResult] = React.useState("none");
  const [noticeText, setNoticeText] = React.useState("");
  const report = (p: Promise<unknown>): void => outcome(p, setResult);
  return h("main", null,
    joined ? h(Chat, { report }) : h("p", { id: "left" }, "left"),
    h("button", { id: "leave", onClick: () => setJoined(false) }, "leave"),
    h("p", { id: "notice" }, notice.data ?? "(loading)"),
    h("p", { id: "outcome" }, result),
    h("input", { id: "notice-text", value: noticeText, onChange: (e: React.ChangeEvent<HTMLInputElement>) => setNoticeText(e.target.value) }),
    h("button", { id: "set-notice", onClick: () => report(api.callSetNotice({ text: noticeText }, client)) }, "set notice"),
    h("button", { id: "post-notice", onClick: () => report(api.callPostNotice({ text: noticeText }, client)) }, "post notice"));
}

function Realtime(): React.ReactElement {
  const client = api.useMizanClient();
  React.useState(() => connect(client));
  return h(Page);
}

function App(): React.ReactElement {
  return h(api.MizanContext, { baseUrl: "/api/mizan/", headers, fetch: counted },
    h(api.GlobalProvider, null, h(Realtime), h("p", { id: "http-calls" }, count("http-calls")),
      h("p", { id: "ctx-fetches" }, count("ctx-fetches")),
      h("p", { id: "invalidations" }, count("invalidations")), h("p", { id: "socket" }, "idle")));
}

const root = document.getElementById("root");
if (root === null) throw new Error("no #root");
createRoot(root).render(h(App));
