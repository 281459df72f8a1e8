// The client scenario, TypeScript side: run against a live server, print a transcript
// (one JSON line) that tests/clients/scenario.py must reproduce through the Python client.
// Usage: node dist/scenario.js BASE_URL

import * as api from "./api/index.js";
import * as stale from "./stale/index.js";

type Step = [string, unknown];
const transcript: Step[] = [];
const called = new Set<string>();

function outcome(e: unknown): unknown {
  if (e instanceof api.MizanError || e instanceof stale.MizanError) {
    return { error: e.code, status: e.status, paths: e.issues.map((i) => i.path) };
  }
  throw e;
}

async function step<R>(label: string, fn: string | null, run: () => Promise<R>): Promise<R | undefined> {
  if (fn !== null) called.add(fn);
  try {
    const result = await run();
    transcript.push([label, { result }]);
    return result;
  } catch (e) {
    transcript.push([label, outcome(e)]);
    return undefined;
  }
}

const base = process.argv[2];
if (base === undefined) throw new Error("usage: scenario BASE_URL");
const as = (user: string | null) => api.createClient({
  baseUrl: base, headers: user === null ? {} : { Authorization: `Bearer ${user}` },
});
const root = as("root");
const alice = as("alice");
const anon = as(null);
api.setDefaultClient(root);

await api.callUpdateProfile({ bio: "start" }); // the same state whatever ran before

// Contexts, and a mutation that invalidates one (and merges into a member).
await step("fetch user", null, () => api.fetchUser());
await step("fetch global", null, () => api.fetchGlobal({ lang: "ar" }));
await step("update_profile", "update_profile", () => api.callUpdateProfile({ bio: "hello" }));
transcript.push(["after update_profile", {
  user_stale: root.isContextStale("user"),
  user_profile: root.peek("user_profile"),
  user_settings_stale: root.peek("user_settings")?.stale ?? null,
}]);
await step("fetch user again", null, () => api.fetchUser({ theme: "dark" }));
transcript.push(["user read back", root.readContext("user", { theme: "dark" })]);

// A mutation that merges into a cached query and invalidates another.
await step("get_post", "get_post", () => api.callGetPost({ id: 4 }));
await step("list_posts", "list_posts", () => api.callListPosts({ status: "published", limit: 3 }));
await step("rename_post", "rename_post", () => api.callRenamePost({ id: 4, title: "renamed" }));
transcript.push(["after rename_post", {
  get_post: root.peek("get_post", { id: 4 }),
  list_posts_stale: root.peek("list_posts", { status: "published", limit: 3 })?.stale ?? null,
}]);

// Every other function, once.
await step("current_user", "current_user", () => api.callCurrentUser());
await step("site_info", "site_info", () => api.callSiteInfo({ lang: "fr" }));
await step("admin_banner", "admin_banner", () => api.callAdminBanner());
await step("user_profile", "user_profile", () => api.callUserProfile());
await step("user_settings", "user_settings", () => api.callUserSettings({ theme: "dark" }));
await step("echo", "echo", () => api.callEcho({ text: "ab", count: 2, tags: ["x", "ü"] }));
await step("create_post", "create_post", () => api.callCreatePost({ title: "New", status: "published" }));
await step("purge", "purge", () => api.callPurge());
await step("window", "window", () => api.callWindow({ w: { from: 1, to: 2 } }));
await step("scalars", "scalars", () => api.callScalars({ s: {
  d: "2024-02-29", dt: "2024-02-29T12:30:00Z", u: "12345678-1234-5678-1234-567812345678",
  dec: "3.14", f: 2.5, b: true, j: { k: [1, "two", null] },
} }));
await step("contact", "contact", () => api.callContact({
  c: { address: "ada@example.com", site: "https://example.com/" }, cc: ["b@example.org"],
}));
await step("tree", "tree", () => api.callTree({ root: { label: "a", children: [{ label: "b", children: [] }] } }));
await step("sum_items", "sum_items", () => api.callSumItems({ items: [1, 2, 3] }));
await step("many_posts", "many_posts", () => api.callManyPosts({ n: 2 }));
await step("slow_double", "slow_double", () => api.callSlowDouble({ n: 21 }));
await step("chat_send", "chat_send", () => api.callChatSend({ room: "r", text: "t" }));
await step("sign_up", "sign_up", () => api.callSignUp({ s: { name: "n", bio: null, referrer: null }, code: "c" }));

// Each error kind a client can meet.
await step("boom", "boom", () => api.callBoom());
await step("bad_return", "bad_return", () => api.callBadReturn());
await step("invalid_args", null, () => api.callListPosts({ status: "bogus" as api.Status, limit: 0 }));
await step("invalid_args nested", null, () => api.callWindow({ w: { from: -1, to: 2 } }));
await step("raised by the function", null, () => api.callGetPost({ id: -1 }));
await step("not_authenticated", null, () => api.callUserProfile({}, anon));
await step("forbidden", null, () => api.callPurge({}, alice));
await step("forbidden by predicate", null, () => api.callRenamePost({ id: 3, title: "x" }, alice));
await step("unknown_function", null, () => root.call("no_such_function"));
await step("unknown_context", null, () => root.fetchContext("no_such_context"));
await step("transport_error", null, () => api.callPurge({}, api.createClient({ baseUrl: "http://127.0.0.1:9/api/mizan/" })));

// The server runs another API than the client was generated from.
const strict = stale.createClient({ baseUrl: base, onIrHashMismatch: "error" });
await step("ir_hash_mismatch error", null, () => stale.callSumItems({ items: [1] }, strict));
const warnings: string[] = [];
const originalWarn = console.warn;
console.warn = (message: string) => { warnings.push(message); };
const lenient = stale.createClient({ baseUrl: base });
await step("ir_hash_mismatch warn", null, () => stale.callSumItems({ items: [1] }, lenient));
await step("ir_hash_mismatch warn again", null, () => stale.callSumItems({ items: [2] }, lenient));
console.warn = originalWarn;
transcript.push(["warnings", warnings.length]);

process.stdout.write(JSON.stringify({ transcript, called: [...called].sort() }) + "\n");
