// Robustness: 1,000 users synced through a proxy that answers 10% of the
// writes with 429 (Retry-After), 503 or a dropped connection. The sync must
// end with exactly 1,000 users, no duplicates, and every retry in the log.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFile } from "node:fs/promises";
import { faultInjector, openApp, useServers } from "./harness.mjs";

const USERS = 1000;
const faults = faultInjector({ percent: 10, seed: 11 });
let scim, web, browser;
useServers({ token: "e2e-faults-token", faults }, (s) => ({ scim, web, browser } = s));

async function allUsers() {
  const all = [];
  for (let start = 1; ; ) {
    const res = await fetch(`${scim.baseUrl}/Users?startIndex=${start}&count=100`, { headers: { Authorization: `Bearer ${scim.token}` } });
    const page = (await res.json()).Resources ?? [];
    all.push(...page);
    if (page.length === 0) return all;
    start += page.length;
  }
}

test("1,000 users through 10% injected faults: exactly 1,000, no duplicate, every retry logged", { timeout: 300000 }, async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `u${i}`, userPrincipalName: `user${i}@example.com`, mail: `user${i}@example.com`,
    displayName: `User ${i}`, givenName: "User", surname: String(i), department: ["Sales", "Legal"][i % 2],
    IsSoftDeleted: false,
  }));
  await page.locator("#nav-source").click();
  await page.locator("#upload-directory").setInputFiles({ name: "thousand.json", mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ users, groups: [] })) });
  await page.locator("#directory-label", { hasText: "thousand.json" }).waitFor();
  await page.locator("#nav-groups").click();
  await page.getByLabel(/Push groups/).uncheck();
  await page.locator("#nav-connection").click();
  await page.getByLabel("Bearer token").fill(scim.token);
  await page.locator("#nav-sync").click();
  assert.match(await page.locator("#plan-counts").innerText(), new RegExp(`create \\(${USERS}\\)`));
  await page.locator("#dry-run").uncheck();
  await page.locator("#run-sync").click();
  await page.locator("#sync-status", { hasText: "Sync finished." }).waitFor({ timeout: 280000 });
  const status = await page.locator("#sync-status").innerText();
  assert.match(status, new RegExp(`Users: ${USERS} succeeded, 0 failed`), status);
  assert.ok(faults.total() > 50, `faults injected: ${JSON.stringify(faults.injected)}`);

  const stored = await allUsers();
  assert.equal(stored.length, USERS);
  assert.equal(new Set(stored.map((u) => u.userName)).size, USERS, "no duplicates");

  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#download-log-json").click()]);
  const log = JSON.parse(await readFile(await download.path(), "utf8"));
  const retries = log.filter((e) => e.outcome === "retry");
  assert.equal(retries.length, faults.total(), `log retries vs injected ${JSON.stringify(faults.injected)}`);
  assert.equal(retries.filter((e) => e.status === 429).length, faults.injected.throttled);
  assert.equal(retries.filter((e) => e.status === 503).length, faults.injected.unavailable);
  assert.equal(retries.filter((e) => e.status === null).length, faults.injected.dropped);
  console.log(`# injected ${JSON.stringify(faults.injected)}; ${log.length} log entries`);
  assert.deepEqual(problems, []);
  await context.close();
});
