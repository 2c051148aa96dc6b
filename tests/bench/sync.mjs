// Sync throughput vs a plain parallel push: the app syncs 1,000 users to a
// fresh scim2-server (through the same-origin proxy, as deployed), then the
// same 1,000 POST bodies go to another fresh scim2-server with
// `xargs -P4 curl`. Prints both times and the ratio (target ≤ 1.3).
// Run with scripts/bench-sync (it builds the app first).
import { execFileSync, execSync } from "node:child_process";
import { mkdtemp, writeFile, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { ROOT, startScimServer, startWebServer, launchBrowser, openApp } from "../e2e/harness.mjs";

const USERS = Number(process.env.BENCH_USERS ?? 1000);
const users = Array.from({ length: USERS }, (_, i) => ({
  id: `u${i}`, userPrincipalName: `user${i}@example.com`, mail: `user${i}@example.com`,
  displayName: `User ${i}`, givenName: "User", surname: String(i), jobTitle: "Engineer",
  department: ["Sales", "Legal"][i % 2], country: "US", IsSoftDeleted: false,
}));
const dir = await mkdtemp(path.join(tmpdir(), "scim-mapper-bench-"));

// 1. The app.
const scim = await startScimServer("bench-token");
const web = await startWebServer(`${scim.baseUrl}/`);
const browser = await launchBrowser();
let appSeconds;
try {
  const { page, context } = await openApp(browser, web.url);
  await page.locator("#nav-source").click();
  await page.locator("#upload-directory").setInputFiles({ name: "bench.json", mimeType: "application/json",
    buffer: Buffer.from(JSON.stringify({ users, groups: [] })) });
  await page.locator("#directory-label", { hasText: "bench.json" }).waitFor();
  await page.locator("#nav-groups").click();
  await page.getByLabel(/Push groups/).uncheck();
  // The configuration the app syncs with, for the CLI to build the same bodies.
  const [download] = await Promise.all([page.waitForEvent("download"), page.locator("#export-config").click()]);
  await download.saveAs(path.join(dir, "config.json"));
  await page.locator("#nav-connection").click();
  await page.getByLabel("Bearer token").fill(scim.token);
  await page.locator("#nav-sync").click();
  await page.locator("#dry-run").uncheck();
  const start = performance.now();
  await page.locator("#run-sync").click();
  await page.locator("#sync-status", { hasText: "Sync finished." }).waitFor({ timeout: 600000 });
  appSeconds = (performance.now() - start) / 1000;
  const status = await page.locator("#sync-status").innerText();
  if (!new RegExp(`Users: ${USERS} succeeded, 0 failed`).test(status)) throw new Error(`sync did not succeed: ${status}`);
  await context.close();
} finally {
  await browser.close();
  await web.stop();
  await scim.stop();
}

// 2. The same bodies with xargs -P4 curl, to a fresh server.
await writeFile(path.join(dir, "source.json"), JSON.stringify({ users, groups: [] }));
// The CLI scripts/bench-sync built, wherever cargo put it.
const cargoTarget = process.env.CARGO_TARGET_DIR ?? path.join(ROOT, "target");
const preview = JSON.parse(execFileSync(path.join(cargoTarget, "release", "scim-mapper"),
  ["preview", path.join(dir, "config.json"), path.join(dir, "source.json")], { maxBuffer: 1 << 28, stdio: ["ignore", "pipe", "ignore"] }));
const bodies = preview.filter((item) => item.inScope && item.resourceType === "User").map((item) => item.resource);
if (bodies.length !== USERS) throw new Error(`expected ${USERS} bodies, got ${bodies.length}`);
await Promise.all(bodies.map((body, i) => writeFile(path.join(dir, `body-${i}.json`), JSON.stringify(body))));
const fresh = await startScimServer("bench-token");
let curlSeconds;
try {
  const start = performance.now();
  execSync(`ls ${dir}/body-*.json | xargs -P4 -I{} curl -s -o /dev/null -X POST ` +
    `-H "Authorization: Bearer ${fresh.token}" -H "Content-Type: application/scim+json" --data-binary @{} ${fresh.baseUrl}/Users`,
    { stdio: "ignore", shell: "/bin/bash" });
  curlSeconds = (performance.now() - start) / 1000;
  const count = await fetch(`${fresh.baseUrl}/Users?count=1`, { headers: { Authorization: `Bearer ${fresh.token}` } });
  const total = (await count.json()).totalResults;
  if (total !== USERS) throw new Error(`curl created ${total} users`);
} finally {
  await fresh.stop();
  await rm(dir, { recursive: true, force: true });
}

const ratio = appSeconds / curlSeconds;
console.log(`sync of ${USERS} users: app ${appSeconds.toFixed(2)} s, xargs -P4 curl ${curlSeconds.toFixed(2)} s, ratio ${ratio.toFixed(2)} (target ≤ 1.3)`);
