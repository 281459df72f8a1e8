// The kernel's cache under concurrency, against a live server: concurrent fetches of
// one context share a request; an answer that left before an invalidation is stored
// stale (and does not replace a newer merge); invalidateAll makes everything stale and
// the session is read again. Prints one JSON line. Usage: node dist/cache_test.js BASE_URL

import * as api from "./api/index.js";

const base = process.argv[2];
if (base === undefined) throw new Error("usage: cache_test BASE_URL");
const requests: string[] = [];
let gate: Promise<void> | null = null;
let answered: () => void = () => undefined;
const client = api.createClient({
  baseUrl: base,
  headers: { Authorization: "Bearer alice" },
  fetch: async (input, init) => {
    const url = String(input);
    requests.push(url.slice(url.indexOf("/api/mizan/") + "/api/mizan/".length).split("?")[0] ?? "");
    const response = await fetch(input, init);
    if (url.includes("/ctx/") && gate !== null) {
      answered();
      await gate;
    }
    return response;
  },
});
const out: { [step: string]: unknown } = {};
await api.callUpdateProfile({ bio: "before" }, client);

// Two fetches with the same complete args (theme defaults to "light"): one request.
requests.length = 0;
const [a, b] = await Promise.all([api.fetchUser({}, client), api.fetchUser({ theme: "light" }, client)]);
out["shared"] = { same: a === b, requests: [...requests] };

// The server answers the fetch, then update_profile runs before the answer is read.
let open: () => void = () => undefined;
gate = new Promise((resolve) => { open = resolve; });
const arrived = new Promise<void>((resolve) => { answered = resolve; });
const slow = api.fetchUser({}, client);
await arrived;
gate = null;
const merged = await api.callUpdateProfile({ bio: "during" }, client);
open();
const late = await slow;
out["raced"] = {
  stale: client.isContextStale("user"),
  profile: client.peek("user_profile"),
  returned: late.user_profile.ok ? late.user_profile.result : null,
  merged,
  settings_stale: client.isStale("user_settings"),
};
await api.fetchUser({}, client);
out["refetched"] = { stale: client.isContextStale("user"), profile: client.peek("user_profile") };

// Who is signed in changed: everything goes stale, listeners hear it all, and the
// next call reads session/ again.
const heard: api.CacheChange[] = [];
const stop = client.subscribe((change) => heard.push(change));
client.invalidateAll();
stop();
requests.length = 0;
out["reset"] = {
  user: client.isContextStale("user"),
  profile: client.isStale("user_profile"),
  heard,
};
await api.callEcho({ text: "x" }, client);
out["after reset"] = { requests: [...requests] };
process.stdout.write(JSON.stringify(out) + "\n");
