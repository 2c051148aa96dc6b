// The widget in a portal (www/portal.html, no framework): the <scim-mapper>
// element mounts the app in a shadow root; styles do not leak either way;
// editing a mapping emits `configchange`; a dry run emits `syncprogress` and
// `synccomplete` and writes nothing; read-only mode refuses edits. Then the
// module's own API in that page: `mount` errors, `Widget.setConfig`, and
// `sync` against scim2-server (a real run, then a second one that only
// finds nothing to do).
import { test } from "node:test";
import assert from "node:assert/strict";
import { screenshot, useServers } from "./harness.mjs";

// The example portal's token provider answers with the token scripts/run uses.
const PORTAL_TOKEN = "scim-mapper-dev-token";
let scim, web, browser;
useServers({ token: PORTAL_TOKEN }, (s) => ({ scim, web, browser } = s));

async function countOnServer(kind) {
  const res = await fetch(`${scim.baseUrl}/${kind}?count=1`, { headers: { Authorization: `Bearer ${scim.token}` } });
  return (await res.json()).totalResults;
}

async function openPortal() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content.Security.Policy|panicked|unreachable/i.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(String(err)));
  // Record every widget event the portal could see, from the start.
  await page.addInitScript(() => {
    window.widgetEvents = [];
    for (const name of ["ready", "configchange", "syncprogress", "synccomplete", "mounterror"]) {
      document.addEventListener(name, (e) => window.widgetEvents.push({ name, detail: e.detail }), true);
    }
  });
  await page.goto(`${web.url}/portal.html`);
  await page.locator("scim-mapper").getByRole("heading", { name: "Attribute mappings" }).waitFor();
  return { page, context, problems };
}

const events = (page, name) => page.evaluate((n) => window.widgetEvents.filter((e) => e.name === n), name);

test("portal: the element mounts the app in a shadow root; no style leaks either way", async () => {
  const { page, context, problems } = await openPortal();
  const shape = await page.evaluate(() => {
    const host = document.querySelector("scim-mapper");
    const style = (el) => getComputedStyle(el);
    const widgetButton = host.shadowRoot.querySelector("#add-mapping");
    const portalButton = document.getElementById("portal-save");
    return {
      shadow: host.shadowRoot !== null && host.shadowRoot.mode,
      appInLightDom: document.querySelector("#mappings-table") !== null,
      widgetButtonBg: style(widgetButton).backgroundColor,
      widgetButtonRadius: style(widgetButton).borderTopLeftRadius,
      portalButtonBg: style(portalButton).backgroundColor,
      portalParagraphBox: style(document.querySelector(".portal-intro")).boxSizing,
      portalBodyFont: style(document.body).fontFamily,
      portalBodyBg: style(document.body).backgroundColor,
      stylesInDocument: document.styleSheets.length,
    };
  });
  assert.equal(shape.shadow, "open");
  assert.equal(shape.appInLightDom, false, "the app renders inside the shadow root only");
  assert.equal(shape.portalButtonBg, "rgb(11, 110, 79)", "the portal's own button keeps the portal's style");
  assert.equal(shape.portalParagraphBox, "content-box", "the widget's `* { box-sizing }` stays inside");
  assert.match(shape.portalBodyFont, /Georgia/);
  assert.equal(shape.portalBodyBg, "rgb(251, 250, 247)");
  assert.notEqual(shape.widgetButtonBg, "rgb(11, 110, 79)", "the portal's button rule does not reach the widget");
  assert.notEqual(shape.widgetButtonRadius, "0px");
  assert.equal(shape.stylesInDocument, 1, "only portal.css is in the document");
  assert.equal((await events(page, "ready")).length, 1);
  await screenshot(page, "portal");
  assert.deepEqual(problems, []);
  await context.close();
});

test("portal: a mapping edit emits configchange; a dry run emits syncprogress and synccomplete, writes nothing", async () => {
  const { page, context, problems } = await openPortal();
  const widget = page.locator("scim-mapper");
  await widget.getByLabel("Source of title").fill("department");
  await page.waitForFunction(() => window.widgetEvents.some((e) => e.name === "configchange"
    && e.detail.users.mappings.some((m) => m.target === "title" && m.source.attribute === "department")));
  // The portal's own listener saw it too.
  await page.locator("#event-log", { hasText: "configchange" }).waitFor();
  // The element's `config` property is the same configuration.
  const titleSource = await page.evaluate(() =>
    document.querySelector("scim-mapper").config.users.mappings.find((m) => m.target === "title").source);
  assert.deepEqual(titleSource, { type: "direct", attribute: "department" });

  await widget.locator("#nav-sync").click();
  assert.equal(await widget.locator("#dry-run").isChecked(), true, "dry run is the default");
  await widget.locator("#run-sync").click();
  await page.waitForFunction(() => window.widgetEvents.some((e) => e.name === "synccomplete"), null, { timeout: 120000 });
  const [complete] = await events(page, "synccomplete");
  assert.equal(complete.detail.dryRun, true);
  assert.ok(complete.detail.report.users.summary.dryRun >= 200, JSON.stringify(complete.detail.report.users.summary));
  assert.equal(complete.detail.report.users.summary.failed, 0);
  const progress = await events(page, "syncprogress");
  assert.ok(progress.length >= 1);
  const last = progress.at(-1).detail;
  assert.ok(["users", "groups"].includes(last.phase));
  assert.equal(last.done, last.total);
  assert.equal(JSON.stringify(await page.evaluate(() => window.widgetEvents)).includes(PORTAL_TOKEN), false,
    "the token never appears in an event");
  assert.equal(await countOnServer("Users"), 0, "a dry run writes nothing");
  assert.deepEqual(problems, []);
  await context.close();
});

test("portal: the token comes from the portal's provider, asked each time the API is reached", async () => {
  const { page, context, problems } = await openPortal();
  const widget = page.locator("scim-mapper");
  await page.evaluate(() => {
    const el = document.querySelector("scim-mapper");
    window.tokenAsked = 0;
    el.tokenProvider = async () => { window.tokenAsked += 1; return "scim-mapper-dev-token"; };
  });
  await widget.locator("#nav-connection").click();
  await widget.locator("#token-provided").waitFor();
  // The portal's relative base-url="/scim", as an absolute URL.
  assert.equal(await widget.getByLabel("SCIM base URL").inputValue(), `${web.url}/scim`);
  assert.equal(await widget.locator("#token").count(), 0, "no token field when the portal supplies it");
  await widget.getByRole("button", { name: "Test connection" }).click();
  const status = widget.locator("#connection-status");
  await status.filter({ hasNotText: /Asking the server|Not tested yet/ }).waitFor({ timeout: 25000 });
  assert.match(await status.innerText(), /Connected\./);
  assert.equal(await page.evaluate(() => window.tokenAsked), 1);
  // A provider that fails is a located error, not a crash.
  await page.evaluate(() => {
    document.querySelector("scim-mapper").tokenProvider = async () => { throw new Error("portal session expired"); };
  });
  await widget.locator("#nav-connection").click();
  await widget.getByRole("button", { name: "Test connection" }).click();
  await widget.locator("#connection-status", { hasText: "getToken" }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("portal: read-only mode keeps the configuration, refuses edits and only dry-runs", async () => {
  const { page, context, problems } = await openPortal();
  const widget = page.locator("scim-mapper");
  await widget.getByLabel("Source of title").fill("jobTitle");
  await page.locator("#portal-read-only").check();
  await widget.locator("#read-only-badge").waitFor();
  // Remounted with the configuration the admin had.
  assert.equal(await widget.getByLabel("Source of title").inputValue(), "jobTitle");
  assert.equal(await widget.getByLabel("Source of title").isDisabled(), true);
  await widget.locator("#nav-sync").click();
  assert.equal(await widget.locator("#dry-run").isChecked(), true);
  assert.equal(await widget.locator("#dry-run").isDisabled(), true);
  assert.equal(await widget.locator("#import-config").count(), 0, "no configuration import when read-only");
  // The portal can still set the configuration programmatically.
  await page.evaluate(() => {
    const el = document.querySelector("scim-mapper");
    const config = el.config;
    config.verifiedDomains = ["example.com", "example.org"];
    el.config = config;
  });
  assert.deepEqual(await page.evaluate(() => document.querySelector("scim-mapper").config.verifiedDomains),
    ["example.com", "example.org"]);
  assert.deepEqual(problems, []);
  await context.close();
});

test("module API in the page: mount errors, Widget.setConfig, and sync against scim2-server", async () => {
  const { page, context, problems } = await openPortal();
  const result = await page.evaluate(async ({ token }) => {
    const api = await import("/scim-mapper-app.js");
    await api.default();
    const caught = (fn) => {
      try {
        fn();
        return null;
      } catch (e) {
        return { code: e.code, path: e.path, isError: e instanceof Error };
      }
    };
    const div = document.createElement("div");
    document.body.append(div);
    const errors = {
      unknownOption: caught(() => api.mount(div, { readonly: true })),
      badProfile: caught(() => api.mount(div, { profile: "okta" })),
      badConfig: caught(() => api.mount(div, { config: { version: 9 } })),
    };
    const widget = api.mount(div, { profile: "generic", panel: "preview" });
    const before = widget.getConfig();
    errors.badSetConfig = caught(() => widget.setConfig({ version: 1, target: { profile: "asana" }, users: { mappings: "no" } }));
    const unchanged = JSON.stringify(widget.getConfig()) === JSON.stringify(before);
    widget.unmount();
    errors.afterUnmount = caught(() => widget.setConfig(before));

    const config = {
      version: 1,
      target: { profile: "asana" },
      verifiedDomains: ["example.com"],
      users: {
        mappings: [
          { target: "userName", source: { type: "direct", attribute: "mail" }, matching: 1 },
          { target: "name.givenName", source: { type: "direct", attribute: "givenName" } },
          { target: "name.familyName", source: { type: "direct", attribute: "surname" } },
          { target: "active", source: { type: "direct", attribute: "accountEnabled" } },
        ],
      },
    };
    const source = {
      users: [
        { id: "u1", mail: "ada@example.com", givenName: "Ada", surname: "Lovelace", accountEnabled: true },
        { id: "u2", mail: "alan@example.com", givenName: "Alan", surname: "Turing", accountEnabled: true },
        { id: "u3", mail: "grace@example.com", givenName: "Grace", surname: "Hopper", accountEnabled: true },
      ],
    };
    const baseUrl = `${location.origin}/scim`;
    const progress = [];
    const first = await api.sync(config, source, { baseUrl, token, concurrency: 2, onProgress: (p) => progress.push(p) });
    const second = await api.sync(config, source, { baseUrl, token, links: first.links });
    const rejected = async (options) => {
      try {
        await api.sync(config, source, options);
        return null;
      } catch (e) {
        return { code: e.code, path: e.path, message: e.message };
      }
    };
    return {
      errors,
      unchanged,
      first: { summary: first.users.summary, imported: first.imported, links: Object.keys(first.links.users).length,
        statuses: first.users.log.map((e) => `${e.method} ${e.status}`) },
      second: { summary: second.users.summary, actions: second.users.results.map((r) => r.action) },
      progress: { count: progress.length, last: progress.at(-1) },
      badToken: await rejected({ baseUrl, token: "wrong-secret-token" }),
      noBaseUrl: await rejected({ token }),
      badConcurrency: await rejected({ baseUrl, token, concurrency: 99 }),
      unknownSyncOption: await rejected({ baseUrl, token, dryrun: true }),
    };
  }, { token: scim.token });

  assert.deepEqual(result.errors.unknownOption, { code: "options.unknown", path: "options.readonly", isError: true });
  assert.deepEqual(result.errors.badProfile, { code: "options.profile", path: "options.profile", isError: true });
  assert.equal(result.errors.badConfig.isError, true);
  assert.match(result.errors.badConfig.path, /version/);
  assert.equal(result.errors.badSetConfig.isError, true);
  assert.match(result.errors.badSetConfig.path, /users\.mappings/);
  assert.equal(result.unchanged, true, "a refused setConfig changes nothing");
  assert.deepEqual(result.errors.afterUnmount, { code: "widget.unmounted", path: "$", isError: true });

  assert.equal(result.first.summary.succeeded, 3, JSON.stringify(result.first));
  assert.equal(result.first.summary.failed, 0);
  assert.deepEqual(result.first.imported, { users: 0, groups: 0 });
  assert.equal(result.first.links, 3);
  assert.deepEqual(result.first.statuses, ["POST 201", "POST 201", "POST 201"]);
  assert.equal(await countOnServer("Users"), 3);
  assert.ok(result.progress.count >= 3);
  assert.equal(result.progress.last.done, 3);
  assert.equal(result.progress.last.phase, "users");

  assert.deepEqual(result.second.actions, ["noop", "noop", "noop"], "the second sync has nothing to do");
  assert.equal(result.second.summary.requests, 0);

  assert.ok(result.badToken, "a refused token rejects before anything is sent");
  assert.match(result.badToken.code, /^(import|connection)\./);
  assert.equal(result.badToken.message.includes("wrong-secret-token"), false, "the token is never in an error");
  assert.deepEqual([result.noBaseUrl.code, result.noBaseUrl.path], ["options.type", "options.baseUrl"]);
  assert.deepEqual([result.badConcurrency.code, result.badConcurrency.path], ["options.type", "options.concurrency"]);
  assert.deepEqual([result.unknownSyncOption.code, result.unknownSyncOption.path], ["options.unknown", "options.dryrun"]);
  assert.equal(await countOnServer("Users"), 3);
  assert.deepEqual(problems, []);
  await context.close();
});
