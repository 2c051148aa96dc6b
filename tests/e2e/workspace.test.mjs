// The admin's workspace in the browser: source directory (sample, uploads,
// search, hostile values), mapping edits with undo, persistence across
// reloads, the token's storage rules, and the offline badge.
import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtemp, writeFile, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { openApp, screenshot, useServers } from "./harness.mjs";

// No SCIM server needed: nothing here touches the network.
let web, browser;
useServers({}, (s) => ({ web, browser } = s));

async function upload(page, name, content, mimeType = "text/plain") {
  await page.locator("#upload-directory").setInputFiles({ name, mimeType, buffer: Buffer.from(content) });
}

test("the sample directory is there on a first visit and searchable", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-source").click();
  await page.locator("#directory-label", { hasText: "Sample directory (240 users" }).waitFor();
  assert.match(await page.locator("#source-count").innerText(), /^240 of 240 users$/);
  await page.getByLabel("Search users").fill("Human Resources");
  assert.match(await page.locator("#source-count").innerText(), /^30 of 240 users$/);
  // Only the visible window of rows is in the DOM.
  await page.getByLabel("Search users").fill("");
  const rendered = await page.locator("#source-users tbody tr:not(.spacer)").count();
  assert.ok(rendered > 10 && rendered < 60, `rendered ${rendered} rows`);
  await screenshot(page, "source");
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad uploads are refused with a located message and keep the directory", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-source").click();
  // Each file's own notice (a dismissed one may still be on its way out).
  const notice = (file) => page.locator("#notice", { hasText: file });
  await upload(page, "broken.csv", "id,mail,department\nu1,a@example.com,Sales\nu2,\"unclosed,Sales\n");
  assert.match(await notice("broken.csv").innerText(), /not loaded; the current directory is unchanged/);
  assert.match(await notice("broken.csv").innerText(), /broken\.csv: .*line \d+/);
  await page.getByRole("button", { name: "Dismiss message" }).click();

  await upload(page, "people.json", "this is not json");
  assert.match(await notice("people.json").innerText(), /people\.json: .*line 1, column \d+: invalid JSON/);
  await page.getByRole("button", { name: "Dismiss message" }).click();

  // Playwright refuses in-memory buffers of 50 MB: write a real file.
  const dir = await mkdtemp(path.join(tmpdir(), "scim-mapper-e2e-"));
  const huge = path.join(dir, "huge.json");
  await writeFile(huge, Buffer.alloc(50 * 1024 * 1024, 0x20));
  await page.locator("#upload-directory").setInputFiles(huge);
  await rm(dir, { recursive: true, force: true });
  assert.match(await notice("huge.json").innerText(), /huge\.json is 50\.0 MB; the limit is 40 MB/);
  assert.match(await page.locator("#directory-label").innerText(), /Sample directory \(240 users/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("hostile attribute values are shown as inert text", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  let dialogs = 0;
  page.on("dialog", async (d) => { dialogs += 1; await d.dismiss(); });
  await page.locator("#nav-source").click();
  const long = "x".repeat(100 * 1024);
  const users = [
    { id: "u1", userPrincipalName: "<img src=x onerror=alert(1)>@example.com", displayName: "<script>alert(2)</script>", department: "\u202Egnp.exe", jobTitle: "🚀 Rocket" },
    { id: "u2", userPrincipalName: "long@example.com", displayName: long, department: "Sales", jobTitle: "x" },
  ];
  await upload(page, "hostile.json", JSON.stringify({ users, groups: [] }), "application/json");
  await page.locator("#directory-label", { hasText: "hostile.json" }).waitFor();
  const table = page.locator("#source-users");
  assert.match(await table.innerText(), /<img src=x onerror=alert\(1\)>@example\.com/);
  assert.match(await table.innerText(), /<script>alert\(2\)<\/script>/);
  assert.equal(await page.locator("#source-users img").count(), 0);
  assert.equal(await page.locator("#source-users script").count(), 0);
  await page.waitForTimeout(200);
  assert.equal(dialogs, 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("a valid CSV upload replaces the directory", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-source").click();
  await upload(page, "people.csv", "\uFEFFid,userPrincipalName,displayName,department\nu1,ann@example.com,\"Doe, Ann\",Sales\nu2,bob@example.com,Bob,Legal\n", "text/csv");
  assert.match(await page.locator("#notice").innerText(), /Loaded people\.csv: 2 users, 0 groups/);
  assert.match(await page.locator("#source-count").innerText(), /^2 of 2 users$/);
  assert.match(await page.locator("#source-users").innerText(), /Doe, Ann/);
  await page.getByRole("button", { name: "Use the sample directory" }).click();
  assert.match(await page.locator("#directory-label").innerText(), /^Sample directory \(240 users, 16 groups\)$/);
  assert.match(await page.locator("#source-count").innerText(), /^240 of 240 users$/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("mapping edits persist across reloads; a deletion can be undone", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-mappings").click();
  const rows = page.locator("#mappings-table tbody tr");
  const count = await rows.count();
  assert.ok(count >= 10, `the Asana defaults have ${count} rows`);
  assert.equal(await page.getByLabel("Target attribute of userName").inputValue(), "userName");

  await page.getByLabel("Delete title").click();
  assert.equal(await rows.count(), count - 1);
  assert.match(await page.locator("#undo-bar").innerText(), /Deleted the mapping for title/);
  await page.locator("#undo-bar").getByRole("button", { name: "Undo" }).click();
  assert.equal(await rows.count(), count);

  await page.getByLabel("Source of title").fill("department");
  await page.getByLabel("Apply title on").selectOption("create");
  await page.reload();
  await page.locator("#nav-mappings").click();
  assert.equal(await page.getByLabel("Source of title").inputValue(), "department");
  assert.equal(await page.getByLabel("Apply title on").inputValue(), "create");

  await page.locator("#reset-mappings").click();
  assert.equal(await page.getByLabel("Source of title").inputValue(), "jobTitle");
  await screenshot(page, "mappings");
  assert.deepEqual(problems, []);
  await context.close();
});

test("the token is stored only when asked, and never in localStorage", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.getByLabel("Bearer token").fill("tok-123-secret");
  await page.reload();
  assert.equal(await page.getByLabel("Bearer token").inputValue(), "");
  await page.getByLabel("Bearer token").fill("tok-123-secret");
  await page.getByLabel(/Remember the token/).check();
  await page.reload();
  assert.equal(await page.getByLabel("Bearer token").inputValue(), "tok-123-secret");
  const local = await page.evaluate(() => JSON.stringify({ ...localStorage }));
  assert.ok(!local.includes("tok-123-secret"), "no token in localStorage");
  await page.getByLabel(/Remember the token/).uncheck();
  await page.reload();
  assert.equal(await page.getByLabel("Bearer token").inputValue(), "");
  assert.deepEqual(problems, []);
  await context.close();
});

test("offline: the badge says so and the workspace keeps working", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  assert.equal(await page.locator("#online-badge").innerText(), "Online");
  await context.setOffline(true);
  await page.locator("#online-badge", { hasText: "Offline" }).waitFor();
  await page.locator("#nav-source").click();
  await page.getByLabel("Search users").fill("Legal");
  assert.match(await page.locator("#source-count").innerText(), /^30 of 240 users$/);
  await context.setOffline(false);
  await page.locator("#online-badge", { hasText: "Online" }).waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test("scoping: live in-scope count, Entra operators, SCIM filter clauses, located errors", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-scoping").click();
  const count = page.locator("#scope-count-users");
  assert.match(await count.innerText(), /240 of 240 users in scope/);
  await page.locator("#add-scoping-users").click();
  await page.locator("#clause-users-0-0-attribute").fill("department");
  await page.locator("#clause-users-0-0-value").fill("Sales");
  assert.match(await count.innerText(), /30 of 240 users in scope/);
  // AND: only enabled Sales users.
  await page.getByRole("button", { name: "Add clause (AND)" }).click();
  await page.locator("#clause-users-0-1-attribute").fill("accountEnabled");
  await page.locator("#clause-users-0-1-operator").selectOption("IS TRUE");
  const enabledSales = Number((await count.innerText()).match(/^(\d+) of/)[1]);
  assert.ok(enabledSales > 0 && enabledSales < 30, `${enabledSales}`);
  // OR: a second filter written as a SCIM filter.
  await page.locator("#add-scoping-users").click();
  await page.locator("#scoping-users-1").getByRole("button", { name: "Remove clause" }).click();
  await page.locator("#scoping-users-1").getByRole("button", { name: "Add SCIM filter clause" }).click();
  await page.locator("#clause-users-1-0-filter").fill('department eq "Legal"');
  assert.match(await count.innerText(), new RegExp(`^${enabledSales + 30} of 240 users in scope`));
  // A broken regex is located, and the rest of the page keeps working.
  await page.locator("#clause-users-0-0-operator").selectOption("REGEX MATCH");
  await page.locator("#clause-users-0-0-value").fill("(");
  const errors = page.locator("#scope-errors-users");
  assert.match(await errors.innerText(), /\$\.users\.scoping\[0\]\.clauses\[0\]\.value/);
  await page.locator("#clause-users-0-0-value").fill("^Sal");
  assert.match(await count.innerText(), new RegExp(`^${enabledSales + 30} of 240 users in scope`));
  await screenshot(page, "scoping");
  assert.deepEqual(problems, []);
  await context.close();
});

test("groups: push toggle and which groups are in scope", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-groups").click();
  assert.ok(await page.getByLabel(/Push groups/).isChecked());
  assert.match(await page.locator("#group-scope-list").innerText(), /Sales — 30 members, in scope/);
  await page.locator("#add-scoping-groups").click();
  await page.locator("#clause-groups-0-0-attribute").fill("displayName");
  await page.locator("#clause-groups-0-0-operator").selectOption("STARTS_WITH");
  await page.locator("#clause-groups-0-0-value").fill("Office");
  assert.match(await page.locator("#scope-count-groups").innerText(), /6 of 16 groups in scope/);
  assert.match(await page.locator("#group-scope-list").innerText(), /Sales — 30 members, out of scope/);
  await page.getByLabel(/Push groups/).uncheck();
  assert.equal(await page.locator("#group-scope-list").count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test("configuration export → reload → import round-trip; a bad import keeps the config", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-mappings").click();
  await page.getByLabel("Source of title").fill("department");
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-config").click()]);
  assert.equal(download.suggestedFilename(), "scim-mapper-config.json");
  const dir = await mkdtemp(path.join(tmpdir(), "scim-mapper-e2e-"));
  const exported = path.join(dir, "scim-mapper-config.json");
  await download.saveAs(exported);
  const text = await readFile(exported, "utf8");
  const parsed = JSON.parse(text);
  assert.equal(parsed.version, 1);
  assert.equal(parsed.target.profile, "asana");
  assert.ok(parsed.users.mappings.some((m) => m.target === "title" && m.source.attribute === "department"));

  // Start over, then import the exported file.
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.locator("#nav-mappings").click();
  assert.equal(await page.getByLabel("Source of title").inputValue(), "jobTitle");
  await page.locator("#import-config").setInputFiles(exported);
  assert.match(await page.locator("#notice", { hasText: "Imported" }).innerText(), /Imported scim-mapper-config\.json/);
  assert.equal(await page.getByLabel("Source of title").inputValue(), "department");

  // A broken file is refused with located errors; nothing changes.
  await page.locator("#import-config").setInputFiles({ name: "bad.json", mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ version: 1, users: { mappings: [{ target: "title", sorce: {} }] } })) });
  // The previous notice is still up: wait for the one about this file.
  const notice = await page.locator("#notice", { hasText: "bad.json" }).innerText();
  assert.match(notice, /bad\.json was not imported; your configuration is unchanged/);
  assert.match(notice, /\$\.users\.mappings\[0\]\.sorce/);
  assert.equal(await page.getByLabel("Source of title").inputValue(), "department");
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(problems, []);
  await context.close();
});
