// Query stores in Node against a live server (no component: the client is passed in),
// the steps of query_test.ts (React): `getPostStore(args)` with a writable store of
// arguments fetches once subscribed, caches by arguments and fetches again when they
// change to ones not cached; a mutation's merge shows without a fetch and its
// invalidation makes `listPostsStore(args)` fetch again; a sign-in (`invalidateAll()`)
// fetches both again; `refetch()` calls again; arguments the server refuses show its
// error; unsubscribed, nothing fetches. Then a query the caller may not run shows its
// error, and is tried again after a sign-in. Prints one JSON line.
// Usage: node dist/svelte_query_test.js BASE_URL

import { get, writable } from "svelte/store";
import * as api from "./api/index.js";
import * as svelte from "./api/svelte.js";

const base = process.argv[2];
if (base === undefined) throw new Error("usage: svelte_query_test BASE_URL");
const calls: string[] = [];
let caller = "root";
const client = api.createClient({
  baseUrl: base,
  headers: () => ({ Authorization: `Bearer ${caller}` }),
  fetch: (input, init) => {
    if (String(input).endsWith("/call/") && typeof init?.body === "string") {
      const body = JSON.parse(init.body) as { function: string; args: object };
      calls.push(`${body.function} ${JSON.stringify(body.args)}`);
    }
    return fetch(input, init);
  },
});

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Let any call a store starts reach `fetch`. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const args = writable({ id: 4 });
const post = svelte.getPostStore(args, client);
const posts = svelte.listPostsStore({ status: "published", limit: 3 }, client);
const rename = svelte.renamePostStore(client);
const title = (): string => get(post).data?.title ?? "(loading)";
const loading = (): string => String(get(post).loading || get(posts).loading);
const steps: [string, unknown][] = [];
const snapshot = (label: string): void => {
  steps.push([label, { title: title(), count: String(get(posts).data?.length ?? "(loading)"), loading: loading(), error: get(post).error?.code ?? "none", calls: [...calls] }]);
  calls.length = 0;
};

await settle();
steps.push(["unsubscribed", { calls: [...calls] }]);
const stopPost = post.subscribe(() => undefined);
const stopPosts = posts.subscribe(() => undefined);
await until("post 4", () => title() === "Post 4" && loading() === "false");
await settle();
snapshot("first render");
args.set({ id: 5 });
await until("post 5", () => title() === "Post 5" && loading() === "false");
await settle();
snapshot("other args");
args.set({ id: 4 });
await until("post 4 again", () => title() === "Post 4");
await settle();
snapshot("back to cached args");
await rename.mutate({ id: 4, title: "renamed" });
await until("the merge", () => title() === "renamed" && calls.length >= 2 && loading() === "false");
await settle();
snapshot("after the mutation");
client.invalidateAll();
await until("the refetch", () => calls.length >= 2 && loading() === "false");
await settle();
snapshot("after a sign-in");
await post.refetch();
await settle();
snapshot("refetched");
args.set({ id: -1 });
await until("the error", () => get(post).error !== undefined && loading() === "false");
await settle();
snapshot("refused args");
stopPost();
stopPosts();
client.invalidateAll();
await api.callRenamePost({ id: 4, title: "stopped" }, client);
await settle();
steps.push(["stopped", { calls: [...calls] }]);
calls.length = 0;

caller = "alice";
client.invalidateAll();
const purge = svelte.purgeStore({}, client);
let shown = "(loading)";
const stopPurge = purge.subscribe((s) => {
  shown = s.error?.code ?? String(s.data?.count ?? "(loading)");
});
await until("the refusal", () => shown === "forbidden");
const refused = shown;
caller = "root";
client.invalidateAll();
await until("the retry", () => shown === "3");
steps.push(["failed, then signed in", { before: refused, after: shown, calls: [...calls] }]);
stopPurge();
process.stdout.write(JSON.stringify(steps) + "\n");
