// SSR hydration in the kernel: a `ctx/global/` answer fetched elsewhere (here by the
// test, as a server-side render would) seeds the cache through the `hydrate` option;
// nothing is requested for it, it reads back as fetched, and it goes stale like any
// fetch. A body that is not an answer, or an unknown context, seeds nothing. Prints one
// JSON line. Usage: node dist/hydrate_test.js BASE_URL GLOBAL_ANSWER_JSON

import * as api from "./api/index.js";

const [base, answer] = process.argv.slice(2);
if (base === undefined || answer === undefined) throw new Error("usage: hydrate_test BASE_URL JSON");
const requests: string[] = [];
const client = api.createClient({
  baseUrl: base,
  headers: { Authorization: "Bearer alice" },
  hydrate: { global: JSON.parse(answer) as unknown, user: { not: "an answer" } },
  fetch: (input, init) => {
    const url = String(input);
    requests.push(url.slice(url.indexOf("/api/mizan/") + "/api/mizan/".length).split("?")[0] ?? "");
    return fetch(input, init);
  },
});
const out: { [step: string]: unknown } = {};
out["hydrated"] = {
  stale: client.isContextStale("global"),
  results: client.readContext("global"),
  current_user: client.peek("current_user"),
  user_stale: client.isContextStale("user"),
  requests: [...requests],
};
out["refused"] = {
  unknown: client.hydrateContext("no_such_context", JSON.parse(answer) as unknown),
  not_an_answer: client.hydrateContext("global", [1, 2]),
};
client.invalidateAll();
out["after reset"] = { stale: client.isContextStale("global") };
const fetched = await api.fetchGlobal({}, client);
out["fetched"] = { results: fetched, stale: client.isContextStale("global"), requests: [...requests] };
process.stdout.write(JSON.stringify(out) + "\n");
