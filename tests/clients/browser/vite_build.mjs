// Bundle a test page with vite, the framework's usual bundler: `node vite_build.mjs
// vue|svelte ENTRY OUT_DIR` writes OUT_DIR/app.js (one classic script, not minified).
// Copied into the test's workspace, beside its node_modules.

import { build } from "vite";

const [framework, entry, outDir] = process.argv.slice(2);
const plugin = framework === "vue"
  ? (await import("@vitejs/plugin-vue")).default()
  : (await import("@sveltejs/vite-plugin-svelte")).svelte({ configFile: false, compilerOptions: { runes: true } });
await build({
  configFile: false,
  root: process.cwd(),
  logLevel: "warn",
  plugins: [plugin],
  define: { "process.env.NODE_ENV": '"production"' },
  build: {
    outDir,
    emptyOutDir: false,
    minify: false,
    target: "es2022",
    rollupOptions: {
      input: entry,
      output: { format: "iife", entryFileNames: "app.js", inlineDynamicImports: true },
    },
  },
});
