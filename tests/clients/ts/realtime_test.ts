// The realtime transport (realtime.ts) in Node 20, over the `ws` package's WebSocket,
// against two live processes (A and B) of the realtime test app sharing one Redis. The
// Python side (tests/clients/test_ts_realtime.py) does to the servers what a step asks:
// the script prints `{"ask": ACTION}` and waits for a line on stdin before going on.
// The last line printed is `{"result": {...}}`.
// Usage: node dist/realtime_test.js SCENARIO A_URL B_URL

import * as readline from "node:readline";
import WS from "ws";
import * as api from "./rt/index.js";
import type { ConnectionState, MizanClient, SocketLike } from "./rt/index.js";

const [scenario, baseA, baseB] = process.argv.slice(2);
if (scenario === undefined || baseA === undefined || baseB === undefined) {
  throw new Error("usage: realtime_test SCENARIO A_URL B_URL");
}
const WAIT_MS = 30_000;

const lines = readline.createInterface({ input: process.stdin })[Symbol.asyncIterator]();

/** Ask the test to act on the servers ("down a", "up a", "pause a", ...), and wait. */
async function ask(action: string): Promise<void> {
  process.stdout.write(`${JSON.stringify({ ask: action })}\n`);
  const answer = await lines.next();
  if (answer.done === true || answer.value !== "ok") throw new Error(`the test did not ${action}`);
}

/** Resolves when `done()` holds (checked every 10 ms), or fails after WAIT_MS. */
async function until(what: string, done: () => boolean): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What went over a client's sockets and fetches. */
interface Wire {
  readonly sockets: number;
  readonly sent: { [key: string]: unknown }[];
  readonly received: { [key: string]: unknown }[];
  readonly requests: string[];
}

/** A client of `base` (signed in as `user`), its realtime connection over `ws`
 * (instrumented: sockets made, frames sent), and its HTTP requests. */
function connect(base: string, user: string | null, heartbeatMs?: number): {
  readonly client: MizanClient; readonly wire: Wire; readonly states: ConnectionState[];
} {
  const wire = { sockets: 0, sent: [] as { [key: string]: unknown }[], received: [] as { [key: string]: unknown }[],
                 requests: [] as string[] };
  class Counted extends WS {
    constructor(url: string) {
      super(url);
      wire.sockets += 1;
      this.on("message", (data) => wire.received.push(JSON.parse(String(data)) as { [key: string]: unknown }));
    }
    override send(data: string): void {
      wire.sent.push(JSON.parse(data) as { [key: string]: unknown });
      super.send(data);
    }
  }
  const client = api.createClient({
    baseUrl: base,
    headers: user === null ? {} : { Authorization: `Bearer ${user}` },
    fetch: (input, init) => {
      const url = String(input);
      wire.requests.push(url.slice(url.indexOf("/api/mizan/") + "/api/mizan/".length).split("?")[0] ?? "");
      return fetch(input, init);
    },
  });
  const options = heartbeatMs === undefined ? {} : { heartbeatMs };
  const connection = api.realtime(client, { WebSocket: Counted as new (url: string) => SocketLike, ...options });
  const states: ConnectionState[] = [];
  connection.onState((state) => states.push(state));
  return { client, wire, states };
}

function frames(wire: Wire, type: string): { [key: string]: unknown }[] {
  return wire.sent.filter((f) => f.type === type);
}

function received(wire: Wire, type: string): { [key: string]: unknown }[] {
  return wire.received.filter((f) => f.type === type);
}

async function resume(): Promise<unknown> {
  // Reconnect with backoff and resume after a restart; a gap beyond the kept window.
  const a = connect(baseA!, null);
  const b = connect(baseB!, null).client;
  const topic = `ts-resume-${Date.now()}`;
  const got: number[] = [];
  let gaps = 0;
  let refetched = false;
  const notice = await api.fetchGlobal({}, a.client);
  const stop = api.subscribeTicker({ topic }, (m) => got.push(m.n), {
    onGap: () => {
      gaps += 1;
      // what the app does on a gap: refetch what depends on the missed messages
      void api.fetchGlobal({}, a.client).then(() => { refetched = true; });
    },
  }, a.client);
  const connection = api.realtime(a.client);
  await until("subscribed", () => received(a.wire, "subscribed").length === 1);
  await api.callAtick({ topic, n: 1 }, b);
  await until("message 1", () => got.length === 1);
  await ask("down a");
  const sessionReadsBefore = a.wire.requests.filter((r) => r === "session/").length;
  await until("reconnecting", () => connection.state === "reconnecting");
  await api.callAtick({ topic, n: 2, count: 3 }, b);
  await new Promise((resolve) => setTimeout(resolve, 2000)); // attempts refused meanwhile
  const attempts = a.wire.requests.filter((r) => r === "session/").length - sessionReadsBefore;
  await ask("up a");
  await until("messages 2-4", () => got.length === 4);
  const resumed = frames(a.wire, "subscribe").at(-1);
  await ask("down a");
  await until("reconnecting again", () => connection.state === "reconnecting");
  await api.callAtick({ topic, n: 100, count: 25 }, b); // more than the 20 kept
  await ask("up a");
  await until("the gap", () => gaps === 1 && connection.state === "open");
  await until("the refetch", () => refetched);
  // after the gap (and the `subscribed` that follows it), new messages arrive
  await until("resubscribed", () => received(a.wire, "subscribed").length === 3);
  await api.callAtick({ topic, n: 900 }, b);
  await until("message 900", () => got.includes(900));
  stop();
  await until("idle", () => connection.state === "idle");
  return {
    got, gaps, notice: notice.site_notice, resumed, attempts,
    states: a.states, subscribes: frames(a.wire, "subscribe").length,
  };
}

async function heartbeat(): Promise<unknown> {
  // A server that stops answering: the client gives the socket up and reconnects.
  const a = connect(baseA!, null, 300);
  const b = connect(baseB!, null).client;
  const topic = `ts-heartbeat-${Date.now()}`;
  const got: number[] = [];
  const stop = api.subscribeTicker({ topic }, (m) => got.push(m.n), {}, a.client);
  const connection = api.realtime(a.client);
  await until("subscribed", () => received(a.wire, "subscribed").length === 1);
  await api.callAtick({ topic, n: 1 }, b);
  await until("message 1", () => got.length === 1);
  await ask("pause a");
  await until("given up", () => connection.state === "reconnecting");
  const pings = frames(a.wire, "ping").length;
  await api.callAtick({ topic, n: 2 }, b);
  await ask("resume a");
  await until("message 2", () => got.length === 2);
  stop();
  return { got, pings, states: a.states, sockets: a.wire.sockets };
}

async function refused(): Promise<unknown> {
  // A refused subscribe: the error reaches the caller, and it is not tried again.
  const a = connect(baseA!, null);
  const errors: unknown[] = [];
  const heard: unknown[] = [];
  const stopLobby = api.subscribeChat({ room: "lobby" }, (m) => heard.push(m), {}, a.client);
  api.subscribeChat({ room: "staff-room" }, () => undefined, {
    onError: (e) => errors.push({ code: e.code, status: e.status, message: e.message }),
  }, a.client);
  await until("the refusal", () => errors.length === 1);
  await api.sendChat({ room: "lobby" }, { text: "still here" }, a.client);
  await until("the lobby message", () => heard.length === 1);
  await new Promise((resolve) => setTimeout(resolve, 1000)); // time for a retry storm
  const staff = frames(a.wire, "subscribe").filter((f) => (f.params as { room?: string }).room === "staff-room");
  const staffSubscribes = staff.length;
  // Sending to the refused room rejects with the refusal: with the socket held by the
  // lobby, and alone (its refusal leaves nothing to hold the socket open).
  const refusal = (e: unknown): unknown => e instanceof api.MizanError ? e.code : String(e);
  const sends = [await api.sendChat({ room: "staff-room" }, { text: "no" }, a.client).then(() => "sent", refusal)];
  stopLobby();
  const connection = api.realtime(a.client);
  await until("idle", () => connection.state === "idle");
  const sockets = a.wire.sockets;
  sends.push(await api.sendChat({ room: "staff-room" }, { text: "no" }, a.client).then(() => "sent", refusal));
  await until("idle again", () => connection.state === "idle");
  return { errors, heard, staffSubscribes, sockets, sends };
}

async function calls(): Promise<unknown> {
  // websocket functions over the socket while it is open, over call/ otherwise; the
  // same answers both ways; a live invalidation applied to another client's cache.
  const alice = connect(baseA!, "alice");
  const connection = api.realtime(alice.client);
  const attempt = async (f: () => Promise<unknown>): Promise<unknown> => {
    try {
      return { result: await f() };
    } catch (e) {
      const err = e as api.MizanError;
      return { error: { code: err.code, status: err.status, issues: err.issues } };
    }
  };
  const sequence = async (): Promise<unknown[]> => [
    await attempt(() => api.callEcho({ text: "hi", count: 2 }, alice.client)),
    await attempt(() => api.callEcho({ text: "x", count: 0 }, alice.client)),
    await attempt(() => api.callBoom({}, alice.client)),
    await attempt(() => api.callRefuse({}, alice.client)),
  ];
  const overHttp = await sequence();
  const httpRequests = alice.wire.requests.filter((r) => r === "call/").length;
  const release = connection.keepOpen();
  await until("open", () => connection.state === "open");
  const callsBefore = alice.wire.requests.filter((r) => r === "call/").length;
  const overSocket = await sequence();
  const socketRequests = alice.wire.requests.filter((r) => r === "call/").length - callsBefore;
  const httpOnly = await api.callHttpOnly({}, alice.client); // not a websocket function
  const callFrames = frames(alice.wire, "call").map((f) => f.function);

  // Live invalidation: bob holds `global` and a socket; sam's set_notice over call/.
  const bob = connect(baseA!, "bob");
  const bobConnection = api.realtime(bob.client);
  const before = await api.fetchGlobal({}, bob.client);
  const changes: unknown[] = [];
  bob.client.subscribe((change) => changes.push(change));
  const releaseBob = bobConnection.keepOpen();
  await until("bob open", () => bobConnection.state === "open");
  const staleBefore = bob.client.isContextStale("global", {});
  const sam = connect(baseA!, "sam").client;
  await api.callSetNotice({ text: `notice ${Date.now()}` }, sam);
  await until("the invalidation", () => bob.client.isContextStale("global", {}));
  const after = await api.fetchGlobal({}, bob.client);
  releaseBob();
  release();
  await until("idle", () => connection.state === "idle" && bobConnection.state === "idle");
  const closed = await attempt(() => api.callEcho({ text: "again" }, alice.client));
  return {
    overHttp, overSocket, httpRequests, socketRequests, httpOnly, callFrames, closed,
    afterClose: alice.wire.requests.at(-1),
    invalidation: { staleBefore, changes, before: before.site_notice, after: after.site_notice },
  };
}

const scenarios: { [name: string]: () => Promise<unknown> } = { resume, heartbeat, refused, calls };
const run = scenarios[scenario];
if (run === undefined) throw new Error(`no scenario ${scenario}`);
const result = await run();
process.stdout.write(`${JSON.stringify({ result })}\n`);
process.exit(0);
