// The Vue channel composable and the Svelte channel store in Node against a live
// realtime server (tests/realtime/rt_app.py): the composable server-rendered (no
// socket opens) and in an effect scope with a
// getter as params (a new room subscribes again; a refused room shows its error; the
// scope's end closes the socket), the store under the store contract (nothing opens
// before its first subscriber, a second subscriber keeps it when the first leaves, new
// params from a writable store subscribe again, the last one leaving closes the
// socket). Prints one JSON line of steps.
// Usage: node [--experimental-websocket, before Node 22] dist/channel_bindings_test.js BASE_URL

const { createApp, effectScope, ref } = await import("vue");
const { writable } = await import("svelte/store");
const api = await import("./api/index.js");
const vue = await import("./api/vue.js");
const vueChannels = await import("./api/vue_channels.js");
const svelteChannels = await import("./api/svelte_channels.js");

const base = process.argv[2];
if (base === undefined) throw new Error("usage: channel_bindings_test BASE_URL");
const steps: [string, unknown][] = [];
const step = (name: string, value: unknown): void => void steps.push([name, value]);

/** Wait (polling, up to 10 s) until `ok()` holds. */
async function until(what: string, ok: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!ok()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

type Shown = readonly { readonly user: string; readonly text: string }[];
const texts = (messages: Shown): string[] => messages.map((m) => `${m.user}: ${m.text}`);
const signedIn = (user: string) => api.createClient({ baseUrl: base, headers: { Authorization: `Bearer ${user}` } });

// Vue server rendering: a component that uses the composable, rendered to a string (as
// SSR does, never mounted), opens no socket on the server.
{
  const { createSSRApp, defineComponent, h } = await import("vue");
  const { renderToString } = await import("vue/server-renderer");
  const client = signedIn("alice");
  const connection = api.realtime(client);
  const page = defineComponent({
    setup() {
      const chat = vueChannels.useChatChannel({ room: "vue-ssr" });
      return () => h("p", `${chat.state.value} ${chat.messages.value.length}`);
    },
  });
  const app = createSSRApp(page);
  app.use(vue.createMizan({ baseUrl: base, client }));
  step("vue server render", [await renderToString(app), connection.state]);
}

// Vue: the composable, run in an app's injection context inside an effect scope.
{
  const client = signedIn("alice");
  const connection = api.realtime(client);
  const app = createApp({});
  app.use(vue.createMizan({ baseUrl: base, client }));
  const room = ref("vue-a");
  const scope = effectScope();
  const [chat, refused] = app.runWithContext(() => scope.run(() => [
    vueChannels.useChatChannel(() => ({ room: room.value })),
    vueChannels.useChatChannel({ room: "staff-room" }),
  ] as const))!;
  await chat.send({ text: "one" });
  await until("vue one", () => chat.messages.value.length === 1);
  step("vue first room", texts(chat.messages.value));
  await until("vue refused", () => refused.error.value !== undefined);
  step("vue refused", refused.error.value?.code);
  room.value = "vue-b";
  await until("vue switched", () => chat.messages.value.length === 0);
  await api.sendChat({ room: "vue-a" }, { text: "old room" }, client);
  await chat.send({ text: "two" });
  await until("vue two", () => chat.messages.value.length === 1);
  step("vue second room", texts(chat.messages.value));
  step("vue state", chat.state.value);
  scope.stop();
  await until("vue idle", () => connection.state === "idle");
  step("vue after scope", connection.state);
}

// Svelte: the store, subscribed to by hand as components would.
{
  const client = signedIn("bob");
  const connection = api.realtime(client);
  const params = writable({ room: "svelte-a" });
  const chat = svelteChannels.chatChannel(params, {}, client);
  step("svelte before subscribers", connection.state);
  const states: string[] = [];
  const stopWatching = connection.onState((state) => void states.push(state));
  chat.subscribe(() => undefined)(); // subscribed and left at once, as a server render does
  await new Promise((resolve) => setTimeout(resolve, 200));
  stopWatching();
  step("svelte subscribed and left at once", states);
  let first: Shown = [];
  let second: Shown = [];
  let error: string | undefined;
  const unsubscribeFirst = chat.subscribe((s) => void (first = s.messages));
  await chat.send({ text: "one" });
  await until("svelte one", () => first.length === 1);
  step("svelte first subscriber", texts(first));
  const unsubscribeSecond = chat.subscribe((s) => void (second = s.messages));
  unsubscribeFirst();
  await chat.send({ text: "two" });
  await until("svelte two", () => second.length === 2);
  step("svelte second subscriber", texts(second));
  step("svelte first stopped at", texts(first));
  params.set({ room: "svelte-b" });
  await until("svelte switched", () => second.length === 0);
  await api.sendChat({ room: "svelte-a" }, { text: "old room" }, client);
  await chat.send({ text: "three" });
  await until("svelte three", () => second.length === 1);
  step("svelte new params", texts(second));
  const refused = svelteChannels.chatChannel({ room: "staff-room" }, {}, client);
  const unsubscribeRefused = refused.subscribe((s) => void (error = s.error?.code));
  await until("svelte refused", () => error !== undefined);
  step("svelte refused", error);
  unsubscribeRefused();
  unsubscribeSecond();
  await until("svelte idle", () => connection.state === "idle");
  step("svelte after last subscriber", connection.state);
}

console.log(JSON.stringify(steps));
