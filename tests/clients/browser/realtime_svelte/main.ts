// The Svelte page the realtime browser tests drive (test_svelte_realtime_browser.py):
// the same page as the React one (realtime_page.ts), in Svelte 5 components over the
// generated stores (svelte.ts, svelte_channels.ts).

import { mount } from "svelte";
import App from "./App.svelte";

const root = document.getElementById("root");
if (root === null) throw new Error("no #root");
mount(App, { target: root });
