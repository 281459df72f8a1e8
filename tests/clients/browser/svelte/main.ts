// The Svelte page the real-browser tests drive (test_svelte_browser.py): the same page
// as the React one (page.ts), in Svelte 5 components (runes) over the generated stores.

import { mount } from "svelte";
import App from "./App.svelte";

const root = document.getElementById("root");
if (root === null) throw new Error("no #root");
mount(App, { target: root });
