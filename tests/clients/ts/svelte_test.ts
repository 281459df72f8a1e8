// The Svelte stores in Node against a live server (no component needed: the client is
// passed in): a context store fetches when subscribed, its member stores follow it, a
// mutation store's result merges and the context is fetched again; once unsubscribed,
// nothing fetches. Prints one JSON line. Usage: node dist/svelte_test.js BASE_URL

import { get } from "svelte/store";
import * as api from "./api/index.js";
import * as svelte from "./api/svelte.js";

const base = process.argv[2];
if (base === undefined) throw new Error("usage: svelte_test BASE_URL");
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

async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const out: { [step: string]: unknown } = {};
const user = svelte.userContext({ theme: "dark" }, client);
await new Promise((resolve) => setTimeout(resolve, 50));
out["unsubscribed"] = { fetches: [...fetches] };
let bio = "(loading)";
const seen: boolean[] = [];
const stopProfile = user.members.user_profile.subscribe((s) => {
  bio = s.data?.bio ?? "(loading)";
});
const stopContext = user.subscribe((s) => seen.push(s.loading));
await until("the first fetch", () => bio === "before");
out["first"] = { bio, theme: get(user.members.user_settings).data?.["theme"], fetches: [...fetches] };
const update = svelte.updateProfileStore(client);
const stopUpdate = update.subscribe(() => undefined);
const result = await update.mutate({ bio: "after" });
out["mutated"] = { data: get(update).data?.bio === result.bio, pending: get(update).pending };
await until("the refresh", () => fetches.length === 2 && !get(user).loading);
out["refreshed"] = { bio, fetches: [...fetches], loading_seen: seen.includes(true) };
stopProfile();
stopContext();
stopUpdate();
await api.callUpdateProfile({ bio: "unsubscribed" }, client);
await new Promise((resolve) => setTimeout(resolve, 200));
out["after unsubscribe"] = { fetches: [...fetches] };
process.stdout.write(JSON.stringify(out) + "\n");
