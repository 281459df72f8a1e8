// The Vue bindings in jsdom against a live server: provideMizan, a context provided with
// reactive args (a getter over a ref), member composables and a mutation. The args
// change: the context is fetched with the new ones; the mutation merges and refreshes;
// once unmounted, nothing fetches. Prints one JSON line. Usage: node dist/vue_test.js BASE_URL

import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body><div id=\"root\"></div></body></html>");
Object.assign(globalThis, { window: dom.window, document: dom.window.document, SVGElement: dom.window.SVGElement, Element: dom.window.Element });

const { createApp, defineComponent, h, ref } = await import("vue");
const api = await import("./api/index.js");
const vue = await import("./api/vue.js");

const base = process.argv[2];
if (base === undefined) throw new Error("usage: vue_test BASE_URL");
const fetches: string[] = [];
const client = api.createClient({
  baseUrl: base,
  headers: { Authorization: "Bearer alice" },
  fetch: (input, init) => {
    const url = String(input);
    if (url.includes("/ctx/")) fetches.push(decodeURIComponent(url.slice(url.indexOf("/ctx/"))));
    return fetch(input, init);
  },
});
await api.callUpdateProfile({ bio: "before" }, client);

const theme = ref("dark");
const Profile = defineComponent({
  setup() {
    const profile = vue.useUserProfile();
    const settings = vue.useUserSettings();
    const update = vue.useUpdateProfile();
    return () => h("div", [
      h("p", { id: "bio" }, profile.data.value?.bio ?? "(loading)"),
      h("p", { id: "theme" }, settings.data.value?.["theme"] ?? "(loading)"),
      h("p", { id: "pending" }, String(update.pending.value)),
      h("button", { id: "save", onClick: () => void update.mutate({ bio: "after" }).catch(() => undefined) }, "save"),
    ]);
  },
});
const Root = defineComponent({
  setup() {
    vue.provideUserContext(() => ({ theme: theme.value }));
    return () => h(Profile);
  },
});

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

const Outer = defineComponent({
  setup() {
    vue.provideMizan({ baseUrl: base, client });
    return () => h(Root);
  },
});
const app = createApp(Outer);
app.mount("#root");
const out: { [step: string]: unknown } = {};
await until("the first render", () => text("bio") === "before" && text("theme") === "dark");
out["first"] = { bio: text("bio"), theme: text("theme"), fetches: [...fetches] };
theme.value = "light";
await until("the new args", () => text("theme") === "light");
out["args changed"] = { theme: text("theme"), fetches: [...fetches] };
dom.window.document.getElementById("save")?.dispatchEvent(new dom.window.MouseEvent("click", { bubbles: true }));
await until("the refresh", () => text("bio") === "after" && fetches.length === 3 && text("pending") === "false");
out["mutated"] = { bio: text("bio"), theme: text("theme"), fetches: [...fetches] };
app.unmount();
await api.callUpdateProfile({ bio: "unmounted" }, client);
await new Promise((resolve) => setTimeout(resolve, 200));
out["unmounted"] = { fetches: [...fetches] };
process.stdout.write(JSON.stringify(out) + "\n");
