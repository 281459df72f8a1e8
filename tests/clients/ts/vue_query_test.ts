// Query composables in jsdom against a live server, the steps of query_test.ts (React):
// `useGetPost(() => ({ id: id.value }))` fetches, caches by arguments and fetches again
// when they change to ones not cached; a mutation's merge shows without a fetch and its
// invalidation makes `useListPosts(args)` fetch again; a sign-in (`invalidateAll()`)
// fetches both again; `refetch()` calls again; arguments the server refuses show its
// error; once unmounted, nothing fetches. Then a query the caller may not run shows
// its error, and is tried again after a sign-in. Prints one JSON line.
// Usage: node dist/vue_query_test.js BASE_URL

import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body><div id=\"root\"></div></body></html>");
Object.assign(globalThis, { window: dom.window, document: dom.window.document, SVGElement: dom.window.SVGElement, Element: dom.window.Element });

const { createApp, defineComponent, h, ref } = await import("vue");
const api = await import("./api/index.js");
const vue = await import("./api/vue.js");

const base = process.argv[2];
if (base === undefined) throw new Error("usage: vue_query_test BASE_URL");
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

const id = ref(4);
let refetch: () => Promise<void> = () => Promise.reject(new Error("not mounted"));
const Post = defineComponent({
  setup() {
    const post = vue.useGetPost(() => ({ id: id.value }));
    refetch = post.refetch;
    const posts = vue.useListPosts({ status: "published", limit: 3 });
    const rename = vue.useRenamePost();
    return () => h("div", [
      h("p", { id: "title" }, post.data.value?.title ?? "(loading)"),
      h("p", { id: "loading" }, String(post.loading.value || posts.loading.value)),
      h("p", { id: "count" }, String(posts.data.value?.length ?? "(loading)")),
      h("p", { id: "error" }, post.error.value?.code ?? "none"),
      h("button", {
        id: "rename",
        onClick: () => void rename.mutate({ id: id.value, title: "renamed" }).catch(() => undefined),
      }, "rename"),
    ]);
  },
});

function text(what: string): string {
  return dom.window.document.getElementById(what)?.textContent ?? "";
}

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}: ${dom.window.document.body.innerHTML}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Let watchers run and any call they start reach `fetch`. */
async function settle(): Promise<void> {
  for (let i = 0; i < 5; i++) await new Promise((resolve) => setTimeout(resolve, 10));
}

const steps: [string, unknown][] = [];
const snapshot = (label: string): void => {
  steps.push([label, { title: text("title"), count: text("count"), loading: text("loading"), error: text("error"), calls: [...calls] }]);
  calls.length = 0;
};

const app = createApp(defineComponent({
  setup() {
    vue.provideMizan({ baseUrl: base, client });
    return () => h(Post);
  },
}));
app.mount("#root");
await until("post 4", () => text("title") === "Post 4" && text("loading") === "false");
await settle();
snapshot("first render");
id.value = 5;
await until("post 5", () => text("title") === "Post 5" && text("loading") === "false");
await settle();
snapshot("other args");
id.value = 4;
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
id.value = -1;
await until("the error", () => text("error") !== "none" && text("loading") === "false");
await settle();
snapshot("refused args");
app.unmount();
client.invalidateAll();
await api.callRenamePost({ id: 4, title: "unmounted" }, client);
await settle();
steps.push(["unmounted", { calls: [...calls] }]);
calls.length = 0;

caller = "alice";
client.invalidateAll();
const Purge = defineComponent({
  setup() {
    const purge = vue.usePurge();
    return () => h("p", { id: "purge" }, purge.error.value?.code ?? String(purge.data.value?.count ?? "(loading)"));
  },
});
const again = createApp(defineComponent({
  setup() {
    vue.provideMizan({ baseUrl: base, client });
    return () => h(Purge);
  },
}));
again.mount("#root");
await until("the refusal", () => text("purge") === "forbidden");
const refused = text("purge");
caller = "root";
client.invalidateAll();
await until("the retry", () => text("purge") === "3");
steps.push(["failed, then signed in", { before: refused, after: text("purge"), calls: [...calls] }]);
again.unmount();
process.stdout.write(JSON.stringify(steps) + "\n");
