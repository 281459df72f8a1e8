// HTTP revalidation and rev-keyed entries in the kernel, against a live server: a
// refetch of a context and a repeated call of a cached function send If-None-Match,
// get 304 and give the same data; a schema with a bumped rev never reads an entry kept
// under the old one. Prints one JSON line. Usage: node dist/revalidate_test.js BASE_URL

import * as api from "./api/index.js";
import { MizanClient } from "./api/kernel.js";

const base = process.argv[2];
if (base === undefined) throw new Error("usage: revalidate_test BASE_URL");
const seen: { path: string; status: number; conditional: boolean }[] = [];
const recording = async (input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
  const url = String(input);
  const headers = (init?.headers ?? {}) as { [name: string]: string };
  const response = await fetch(input, init);
  seen.push({ path: url.slice(url.indexOf("/api/mizan/") + "/api/mizan/".length).split("?")[0] ?? "",
              status: response.status, conditional: "If-None-Match" in headers });
  return response;
};
const client = api.createClient({ baseUrl: base, fetch: recording, session: false });
const out: { [step: string]: unknown } = {};

const first = await client.fetchContext("global", { lang: "fr" });
client.invalidateAll();
const again = await client.fetchContext("global", { lang: "fr" });
out["ctx"] = { same: JSON.stringify(first) === JSON.stringify(again), seen: [...seen] };

seen.length = 0;
const sum1 = await client.call<number>("sum_items", { items: [2, 3] });
const sum2 = await client.call<number>("sum_items", { items: [2, 3] });
const sum3 = await client.call<number>("sum_items", { items: [4] });
out["call"] = { results: [sum1, sum2, sum3], seen: [...seen] };

// Entries are kept under the function's rev: entries carried over from a client built
// before a bump (as a persisted or hydrated cache would be) are never read after it.
type Inside = { entries: Map<string, unknown> };
const bumped = { ...api.SCHEMA, functions: { ...api.SCHEMA.functions,
  sum_items: { ...api.SCHEMA.functions["sum_items"]!, rev: 2 } } };
const old = new MizanClient(api.SCHEMA, { baseUrl: base, fetch: recording, session: false });
await old.call("sum_items", { items: [1] });
const fresh = new MizanClient(bumped, { baseUrl: base, fetch: recording, session: false });
for (const [k, v] of (old as unknown as Inside).entries) (fresh as unknown as Inside).entries.set(k, v);
const carried = fresh.peek("sum_items", { items: [1] }) ?? null;
await fresh.call("sum_items", { items: [1] });
out["rev"] = { old: old.peek("sum_items", { items: [1] }) ?? null, carried,
               after: fresh.peek("sum_items", { items: [1] }) ?? null,
               keys: [...(fresh as unknown as Inside).entries.keys()].map((k) => k.split("\u0000").slice(0, 2)) };
console.log(JSON.stringify(out));
