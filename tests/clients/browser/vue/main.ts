// The Vue page the real-browser tests drive (test_vue_browser.py): the same page as the
// React one (page.ts), in single-file components. The plugin makes the client; its
// headers follow the token from sign_in (or `?token=`).

import { computed, createApp, ref } from "vue";
import { createMizan } from "../api/vue.js";
import { headersFor, hydrate, initialToken, logged } from "../common.js";
import App from "./App.vue";

const token = ref<string | null>(initialToken);
const headers = computed(() => headersFor(token.value));
createApp(App, { onToken: (t: string) => void (token.value = t) })
  .use(createMizan({ ...hydrate(), baseUrl: "/api/mizan/", headers, fetch: logged }))
  .mount("#root");
