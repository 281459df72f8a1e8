// Query hooks in jsdom against a live server: `useGetPost({ id })` fetches, caches by
// arguments and fetches again when they change to ones not cached; a mutation's merge
// shows without a fetch and its invalidation makes `useListPosts(args)` fetch again; a
// sign-in (`invalidateAll()`) fetches both again; `refetch()` calls again; arguments the
// server refuses show its error; once unmounted, nothing fetches. Then a query the caller
// may not run shows its error, and is tried again after a sign-in (the steps of
// vue_query_test.ts and svelte_query_test.ts). Prints one JSON line.
// Usage: node dist/query_test.js BASE_URL

import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body><div id=\"root\"></div></body></html>");
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
if (!("navigator" in globalThis)) Object.assign(globalThis, { navigator: dom.window.navigator });

const React = await import("react");
const { createRoot } = await import("react-dom/client");
const api = await import("./api/index.js");

const base = process.argv[2];
if (base === undefined) throw new Error("usage: query_test BASE_URL");
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

let refetch: () => Promise<void> = () => Promise.reject(new Error("not mounted"));
function Post(props: { readonly id: number }): React.ReactElement {
  const post = api.useGetPost({ id: props.id });
  refetch = post.refetch;
  const posts = api.useListPosts({ status: "published", limit: 3 });
  const rename = api.useRenamePost();
  return React.createElement("div", null,
    React.createElement("p", { id: "title" }, post.data?.title ?? "(loading)"),
    React.createElement("p", { id: "loading" }, String(post.loading || posts.loading)),
    React.createElement("p", { id: "count" }, String(posts.data?.length ?? "(loading)")),
    React.createElement("p", { id: "error" }, post.error?.code ?? "none"),
    React.createElement("button", {
      id: "rename",
      onClick: () => { rename.mutate({ id: props.id, title: "renamed" }).catch(() => undefined); },
    }, "rename"));
}

function text(id: string): string {
  return dom.window.document.getElementById(id)?.textContent ?? "";
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${dom.window.document.body.innerHTML}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Let effects run and any fetch they start reach `fetch` (it is called within a few
 * microtasks of the effect, the session having been read already). */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const container = dom.window.document.getElementById("root");
if (container === null) throw new Error("no root");
const root = createRoot(container);
const show = (id: number): void => {
  root.render(React.createElement(api.MizanContext, { baseUrl: base, client },
    React.createElement(Post, { id })));
};

const steps: [string, unknown][] = [];
const snapshot = (label: string): void => {
  steps.push([label, { title: text("title"), count: text("count"), loading: text("loading"), error: text("error"), calls: [...calls] }]);
  calls.length = 0;
};

show(4);
await until("post 4", () => text("title") === "Post 4" && text("loading") === "false");
await settle();
snapshot("first render");
show(5);
await until("post 5", () => text("title") === "Post 5" && text("loading") === "false");
await settle();
snapshot("other args");
show(4);
await until("post 4 again", () => text("title") === "Post 4");
await settle();
snapshot("back to cached args");
dom.window.document.getElementById("rename")?.dispatchEvent(new dom.window.MouseEvent("click", { bubbles: true }));
await until("the merge", () => text("title") === "renamed" && calls.length >= 2 && text("loading") === "false");
await settle();
snapshot("after the mutation");
client.invalidateAll();
await until("the refetch", () => calls.length >= 2 && text("loading") === "false");
await settle();
snapshot("after a sign-in");
await refetch();
await settle();
snapshot("refetched");
show(-1);
await until("the error", () => text("error") !== "none" && text("loading") === "false");
await settle();
snapshot("refused args");
root.unmount();
client.invalidateAll();
await api.callRenamePost({ id: 4, title: "unmounted" }, client);
await settle();
steps.push(["unmounted", { calls: [...calls] }]);
calls.length = 0;

caller = "alice";
client.invalidateAll();
function Purge(): React.ReactElement {
  const purge = api.usePurge();
  return React.createElement("p", { id: "purge" },
    purge.error?.code ?? String(purge.data?.count ?? "(loading)"));
}
const again = createRoot(container);
again.render(React.createElement(api.MizanContext, { baseUrl: base, client }, React.createElement(Purge)));
await until("the refusal", () => text("purge") === "forbidden");
const refused = text("purge");
caller = "root";
client.invalidateAll();
await until("the retry", () => text("purge") === "3");
steps.push(["failed, then signed in", { before: refused, after: text("purge"), calls: [...calls] }]);
again.unmount();
process.stdout.write(JSON.stringify(steps) + "\n");
