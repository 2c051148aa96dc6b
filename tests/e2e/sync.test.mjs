// The provisioning cycle in the browser against a real SCIM server
// (scim2-server behind the same-origin proxy): import, plan, dry run (no
// write reaches the server), sync of the sample directory (240 users, 16
// teams with memberships), read back, and a second sync that writes nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { ROOT, openApp, screenshot, useServers } from "./harness.mjs";

let scim, web, browser;
useServers({ token: "e2e-sync-token" }, (s) => ({ scim, web, browser } = s));

/** Every resource of a kind, read straight from the server, page by page. */
async function list(kind) {
  const all = [];
  for (let start = 1; ; ) {
    const res = await fetch(`${scim.baseUrl}/${kind}?startIndex=${start}&count=100`, { headers: { Authorization: `Bearer ${scim.token}` } });
    assert.equal(res.status, 200);
    const page = (await res.json()).Resources ?? [];
    all.push(...page);
    if (page.length === 0) return all;
    start += page.length;
  }
}

async function runSync(page, { dryRun }) {
  const box = page.locator("#dry-run");
  if ((await box.isChecked()) !== dryRun) await box.click();
  await page.locator("#run-sync").click();
  await page.locator("#sync-status", { hasText: /finished\./ }).waitFor({ timeout: 120000 });
  return page.locator("#sync-status").innerText();
}

async function counts(page) {
  return page.locator("#plan-counts").innerText();
}

test("import → plan → dry run → sync → read back → second sync writes nothing", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.getByLabel("Bearer token").fill(scim.token);
  await page.locator("#nav-import").click();
  await page.locator("#import-target").click();
  await page.locator("#import-counts", { hasText: "holds 0 users and 0 groups" }).waitFor();

  // The preview's resources, to compare with what the server ends up holding.
  const previewUser = "jose.muller@example.com";

  await page.locator("#nav-sync").click();
  const planned = await counts(page);
  const creates = Number(planned.match(/create \((\d+)\)/)[1]);
  const skips = Number(planned.match(/skip \((\d+)\)/)?.[1] ?? 0);
  assert.equal(creates, 240 - skips + 16, planned);
  assert.ok(skips > 0, "the sample's users outside the verified domain are skipped");

  // Dry run: every write is logged, none reaches the server.
  const dry = await runSync(page, { dryRun: true });
  assert.match(dry, /Dry run finished\./);
  assert.match(dry, /Users: 0 succeeded, 0 failed, \d+ dry run/);
  assert.equal((await list("Users")).length, 0);
  assert.equal((await list("Groups")).length, 0);

  // The real sync.
  const real = await runSync(page, { dryRun: false });
  assert.match(real, /Sync finished\./);
  assert.match(real, /Users: \d+ succeeded, 0 failed/);
  assert.match(real, /Groups: 16 succeeded, 0 failed/);
  await screenshot(page, "sync");
  const users = await list("Users");
  assert.equal(users.length, 240 - skips);
  const jose = users.find((u) => u.userName === previewUser);
  assert.equal(jose.name.formatted, "José Müller");
  assert.equal(jose.active, true);
  assert.equal(jose["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].department, "Sales");
  // Read it back with scim2-cli and compare with what the Preview showed.
  await page.locator("#nav-preview").click();
  await page.getByLabel("Search the preview").fill(previewUser);
  await page.locator("#preview-list button.link").first().click();
  const previewed = JSON.parse(await page.locator("#preview-body").innerText());
  // stdin closed: scim2-cli reads request arguments from a piped stdin.
  const stdout = execFileSync(path.join(ROOT, ".tools/venv/bin/scim2"),
    ["--url", scim.baseUrl, "--header", `Authorization: Bearer ${scim.token}`, "query", "user", "--filter", `userName eq "${previewUser}"`],
    { stdio: ["ignore", "pipe", "pipe"], encoding: "utf8", timeout: 30000 });
  const [readBack] = JSON.parse(stdout).Resources;
  for (const [key, value] of Object.entries(previewed)) {
    if (key === "schemas") continue;
    assert.deepEqual(readBack[key], value, `${key} as previewed`);
  }
  await page.locator("#nav-sync").click();
  const groups = await list("Groups");
  assert.equal(groups.length, 16);
  const sales = groups.find((g) => g.displayName === "Sales");
  assert.ok(sales.members.some((m) => m.value === jose.id), "memberships use the target's ids");

  // After the automatic re-import, the plan has nothing left to send.
  await page.locator("#plan-counts", { hasText: /^All \(\d+\)\s*noop/ }).waitFor({ timeout: 30000 });
  const again = await counts(page);
  assert.doesNotMatch(again, /create|update|deactivate|delete/, again);
  const second = await runSync(page, { dryRun: false });
  assert.match(second, /Users: 0 succeeded, 0 failed, 0 dry run, \d+ skipped, 0 requests/);
  assert.equal((await list("Users")).length, 240 - skips);

  // The reconciliation buckets agree: everyone provisioned is in both.
  await page.locator("#nav-import").click();
  assert.match(await page.locator("#bucket-both summary").innerText(), new RegExp(`: ${240 - skips}$`));
  assert.match(await page.locator("#bucket-new summary").innerText(), /: 0$/);
  assert.match(await page.locator("#bucket-missing summary").innerText(), new RegExp(`: ${skips}$`));
  await page.locator("#nav-sync").click();

  // Change an attribute for everyone and move Legal out of scope: the plan
  // has updates and deactivations, and the server ends up with them.
  await page.locator("#nav-mappings").click();
  await page.getByLabel("Source of title").fill("department");
  await page.locator("#nav-scoping").click();
  await page.locator("#add-scoping-users").click();
  await page.locator("#clause-users-0-0-attribute").fill("department");
  await page.locator("#clause-users-0-0-operator").selectOption("NOT EQUALS");
  await page.locator("#clause-users-0-0-value").fill("Legal");
  await page.locator("#nav-sync").click();
  const changed = await counts(page);
  const legal = users.filter((u) => u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?.department === "Legal").length;
  assert.match(changed, new RegExp(`deactivate \\(${legal}\\)`), changed);
  assert.match(changed, /update \(\d+\)/, changed);
  const third = await runSync(page, { dryRun: false });
  assert.match(third, /Users: \d+ succeeded, 0 failed/, third);
  const after = await list("Users");
  assert.equal(after.length, 240 - skips, "deactivated, not deleted");
  const legalAfter = after.filter((u) => u["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"]?.department === "Legal");
  assert.equal(legalAfter.length, legal);
  assert.ok(legalAfter.every((u) => u.active === false), "Legal users deactivated");
  const joseAfter = after.find((u) => u.userName === previewUser);
  assert.equal(joseAfter.title, "Sales", "title now mapped from department");
  assert.equal(joseAfter.active, true);

  // The log downloads as CSV without the token.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-log-csv").click()]);
  assert.equal(download.suggestedFilename(), "scim-mapper-log.csv");
  assert.deepEqual(problems, []);
  await context.close();
});
