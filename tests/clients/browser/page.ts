// The React page the real-browser tests drive (test_react_browser.py): a recipe
// (`?recipe=ID`) shown by two providers of the `recipe` context (main and side), the
// signed-in user from the `global` context, a query's result through its query hook
// (`useCommentCount(args)`), and buttons for every kind of cache instruction (sign_in is
// called directly: it affects nothing, so its hook would be a query that fetches itself). The token from sign_in (or `?token=`)
// goes into <MizanContext headers>. Shared with the Vue and Svelte pages: common.ts.

import * as React from "react";
import { createRoot } from "react-dom/client";
import * as api from "./api/index.js";
import { describe, headersFor, hydrate, initialToken, logged, recipeId } from "./common.js";

const h = React.createElement;
const options = hydrate();

function Recipe(props: { readonly slot: string }): React.ReactElement {
  const recipe = api.useGetRecipe();
  const comments = api.useListComments();
  const text = (comments.data ?? []).map((c) => `${c.author}: ${c.text}`).join(" | ");
  return h("section", { id: props.slot },
    h("h2", { className: "title" }, recipe.data?.title ?? "(loading)"),
    h("p", { className: "comments" }, comments.data === undefined ? "(loading)" : text || "(none)"),
    h("p", { className: "count" }, String(comments.data?.length ?? "")));
}

function Page(props: { readonly onToken: (token: string) => void }): React.ReactElement {
  const who = api.useWhoami();
  const client = api.useMizanClient();
  const count = api.useCommentCount({ id: recipeId });
  const add = api.useAddComment();
  const rename = api.useRenameRecipe();
  const clear = api.useClearComments();
  const [outcome, setOutcome] = React.useState({ done: 0, text: "none" });
  const [user, setUser] = React.useState("alice");
  const [password, setPassword] = React.useState("");
  const [text, setText] = React.useState("");
  const [title, setTitle] = React.useState("");
  function run<R>(what: Promise<R>, then?: (result: R) => void): void {
    what.then((result) => {
      setOutcome((o) => ({ done: o.done + 1, text: "ok" }));
      then?.(result);
    }, (e: unknown) => setOutcome((o) => ({ done: o.done + 1, text: describe(e) })));
  }
  const input = (id: string, value: string, set: (v: string) => void): React.ReactElement =>
    h("input", { id, value, onChange: (e: React.ChangeEvent<HTMLInputElement>) => set(e.target.value) });
  const button = (id: string, onClick: () => void): React.ReactElement => h("button", { id, onClick }, id);

  return h("main", null,
    h("p", { id: "who" }, who.loading && who.data === undefined ? "(loading)" : who.data ?? "nobody"),
    h("p", { id: "plain-count" }, count.data === undefined ? "(loading)" : String(count.data)),
    h("p", { id: "outcome" }, outcome.text),
    h("p", { id: "done" }, String(outcome.done)),
    input("user", user, setUser), input("password", password, setPassword),
    button("sign-in", () => run(api.callSignIn({ username: user, password }, client), props.onToken)),
    input("text", text, setText),
    button("comment", () => run(add.mutate({ id: recipeId, text }))),
    input("new-title", title, setTitle),
    button("rename", () => run(rename.mutate({ id: recipeId, title }))),
    button("clear", () => run(clear.mutate({ id: recipeId }))),
    h(api.RecipeProvider, { args: { id: recipeId } }, h(Recipe, { slot: "main" })),
    h(api.RecipeProvider, { args: { id: recipeId } }, h(Recipe, { slot: "side" })));
}

function App(): React.ReactElement {
  const [token, setToken] = React.useState<string | null>(initialToken);
  return h(api.MizanContext, { ...options, baseUrl: "/api/mizan/", headers: headersFor(token), fetch: logged },
    h(api.GlobalProvider, null, h(Page, { onToken: setToken })));
}

const root = document.getElementById("root");
if (root === null) throw new Error("no #root");
createRoot(root).render(h(App));
