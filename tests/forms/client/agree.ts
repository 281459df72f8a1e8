// Reads a JSON list of `[form, args]` cases on stdin; prints, for each, what the
// generated client-side check finds for `validate` (partial) and `submit` (every field).
import { readFileSync } from "node:fs";
import * as forms from "./client/forms.js";

type Check = (data: never, options?: { readonly partial?: boolean }) => forms.FormValidation;
const checks: { [name: string]: Check } = {
  contact: forms.contactCheck, signup: forms.signupCheck, patterns: forms.patternsCheck };
const zods = { contact: forms.contactZod, signup: forms.signupZod, patterns: forms.patternsZod };
const cases = JSON.parse(readFileSync(0, "utf-8")) as [string, unknown][];
const out = cases.map(([form, args]) => {
  const check = checks[form];
  if (check === undefined) throw new Error(`no form ${form}`);
  const zod = zods[form as keyof typeof zods]();
  const parsed = zod.safeParse(args);
  const zodIssues = parsed.success ? [] : parsed.error.issues.map((i) => ({
    path: i.path, code: (i as { params?: { code?: string } }).params?.code, message: i.message }));
  return { validate: check(args as never).issues, submit: check(args as never, { partial: false }).issues, zod: zodIssues };
});
process.stdout.write(JSON.stringify(out));
