// The React page of the forms browser test (test_forms_browser.py): the `signup` form
// through the generated `useSignupForm()`, one input per field with its error under
// it, the submit button (disabled while submitting) and the result.

import * as React from "react";
import { createRoot } from "react-dom/client";
import * as api from "./api/index.js";

const h = React.createElement;
type Field = "username" | "email" | "password";

function Input(props: { readonly form: api.FormState<api.SignupData, api.SignupResult>; readonly name: Field }): React.ReactElement {
  const field = props.form.field(props.name);
  return h("p", null,
    h("input", {
      id: props.name, value: field.value ?? "",
      onChange: (e: React.ChangeEvent<HTMLInputElement>) => field.onChange(e.target.value),
      onBlur: field.onBlur,
    }),
    h("span", { id: `${props.name}-error` }, field.error ?? ""));
}

function Signup(): React.ReactElement {
  const form = api.useSignupForm();
  const account = form.result?.value;
  return h("form", { onSubmit: (e: React.FormEvent) => { e.preventDefault(); void form.submit(); } },
    h(Input, { form, name: "username" }),
    h(Input, { form, name: "email" }),
    h(Input, { form, name: "password" }),
    h("button", { id: "send", type: "submit", disabled: form.submitting }, "Create my account"),
    h("output", { id: "result" }, account === undefined ? "" : `created ${account.username} <${account.email}>`));
}

const root = document.getElementById("root");
if (root === null) throw new Error("no #root");
createRoot(root).render(h(api.MizanContext, { baseUrl: "/api/mizan/" }, h(Signup)));
