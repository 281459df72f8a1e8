// What every front end's test page shares (React page.ts, Vue and Svelte pages): the
// query (`?recipe=ID`, `?token=`), the request log the tests read, how an error is
// shown, and the `global` context the server embedded with `?ssr=1` (SSR hydration).
// Every request the client makes is logged, as it is made, in `window.mizanRequests`:
// "GET /api/mizan/ctx/recipe/" or "POST add_comment Bearer t-x".

import { MizanError } from "./api/kernel.js";

const query = new URLSearchParams(window.location.search);
export const recipeId = Number(query.get("recipe") ?? "1");
export const initialToken: string | null = query.get("token");
const requests: string[] = [];
Object.assign(window, { mizanRequests: requests });

/** `fetch`, logging each request first. */
export function logged(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
  const url = new URL(String(input), window.location.href);
  if (typeof init?.body === "string") {
    const fn = (JSON.parse(init.body) as { function: string }).function;
    const auth = (init.headers as { [name: string]: string } | undefined)?.["Authorization"] ?? "-";
    requests.push(`POST ${fn} ${auth}`);
  } else {
    requests.push(`GET ${url.pathname}`);
  }
  return fetch(input, init);
}

/** An error as the page shows it: its code, and the fields it names. */
export function describe(e: unknown): string {
  if (!(e instanceof MizanError)) return String(e);
  const fields = Object.keys(e.fieldErrors()).sort();
  return fields.length === 0 ? e.code : `${e.code} ${fields.join(",")}`;
}

/** The client options to hydrate from: the embedded `ctx/global/` answer, if any. */
export function hydrate(): { hydrate?: { global: unknown } } {
  const embedded = (window as { mizanGlobal?: unknown }).mizanGlobal;
  return embedded === undefined ? {} : { hydrate: { global: embedded } };
}

export function headersFor(token: string | null): { [name: string]: string } {
  return token === null ? {} : { Authorization: `Bearer ${token}` };
}
