// The Vue page the realtime browser tests drive (test_vue_realtime_browser.py): the same
// page as the React one (realtime_page.ts), in single-file components over the
// generated composables (vue.ts, vue_channels.ts).

import { createApp } from "vue";
import { createMizan } from "../api/vue.js";
import { connect, counted, headers } from "../realtime_common.js";
import App from "./App.vue";

const mizan = createMizan({ baseUrl: "/api/mizan/", headers, fetch: counted });
connect(mizan.client);
createApp(App).use(mizan).mount("#root");
