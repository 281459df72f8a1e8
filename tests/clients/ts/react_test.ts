// The React bindings in jsdom against a live server: mount <MizanContext> and a context
// provider, render a member hook, run a mutation through its hook, and see the context
// refresh. Prints one JSON line. Usage: node dist/react_test.js BASE_URL

import { JSDOM } from "jsdom";

const dom = new JSDOM("<!doctype html><html><body><div id=\"root\"></div></body></html>");
Object.assign(globalThis, { window: dom.window, document: dom.window.document });
if (!("navigator" in globalThis)) Object.assign(globalThis, { navigator: dom.window.navigator });

const React = await import("react");
const { createRoot } = await import("react-dom/client");
const api = await import("./api/index.js");

const base = process.argv[2];
if (base === undefined) throw new Error("usage: react_test BASE_URL");
const contextFetches: string[] = [];
const client = api.createClient({
  baseUrl: base,
  headers: { Authorization: "Bearer alice" },
  fetch: (input, init) => {
    const url = String(input);
    if (url.includes("/ctx/")) contextFetches.push(url.slice(url.indexOf("/ctx/")));
    return fetch(input, init);
  },
});
await api.callUpdateProfile({ bio: "before" }, client);

function Profile(): React.ReactElement {
  const profile = api.useUserProfile();
  const settings = api.useUserSettings();
  const site = api.useSiteInfo();
  const update = api.useUpdateProfile();
  return React.createElement("div", null,
    React.createElement("p", { id: "bio" }, profile.data?.bio ?? "(loading)"),
    React.createElement("p", { id: "theme" }, settings.data?.theme ?? "(loading)"),
    React.createElement("p", { id: "site" }, site.data?.lang ?? "(loading)"),
    React.createElement("p", { id: "pending" }, String(update.pending)),
    React.createElement("button", {
      id: "save",
      onClick: () => { update.mutate({ bio: "after" }).catch(() => undefined); },
    }, "save"));
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

const container = dom.window.document.getElementById("root");
if (container === null) throw new Error("no root");
const root = createRoot(container);
root.render(
  React.createElement(api.MizanContext, { baseUrl: base, client },
    React.createElement(api.GlobalProvider, { args: { lang: "ar" } },
      React.createElement(api.UserProvider, { args: { theme: "dark" } },
        React.createElement(Profile)))));

await until("the first render", () => text("bio") === "before" && text("site") === "ar");
const before = { bio: text("bio"), theme: text("theme"), site: text("site"), fetches: [...contextFetches] };
dom.window.document.getElementById("save")?.dispatchEvent(new dom.window.MouseEvent("click", { bubbles: true }));
await until("the refresh", () => text("bio") === "after" && contextFetches.length === 3 && text("pending") === "false");
const after = { bio: text("bio"), theme: text("theme"), site: text("site"), fetches: [...contextFetches] };
root.unmount();
process.stdout.write(JSON.stringify({ before, after }) + "\n");
