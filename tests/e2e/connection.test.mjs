// Issue 2's end-to-end proof: Test connection in Chromium against a real
// scim2-server, with the right token, a wrong one, and every bad target.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, freePort, useServers } from "./harness.mjs";

let scim, web, browser;
useServers({ token: "e2e-connection-token" }, (s) => ({ scim, web, browser } = s));

async function testConnection(baseUrl, token) {
  const app = await openApp(browser, web.url);
  const { page } = app;
  if (baseUrl !== undefined) await page.getByLabel("SCIM base URL").fill(baseUrl);
  await page.getByLabel("Bearer token").fill(token);
  await page.getByRole("button", { name: "Test connection" }).click();
  const status = page.locator("#connection-status");
  await status.filter({ hasNotText: /Asking the server|Not tested yet/ }).waitFor({ timeout: 25000 });
  return { ...app, status };
}

test("the page names the product and starts with the proxied SCIM URL and a masked token field", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  assert.equal(await page.getByLabel("SCIM base URL").inputValue(), `${web.url}/scim`);
  assert.equal(await page.getByLabel("Bearer token").getAttribute("type"), "password");
  assert.deepEqual(problems, []);
  await context.close();
});

test("right token: shows what the server supports", async () => {
  const { page, status, problems, context } = await testConnection(undefined, "e2e-connection-token");
  const text = await status.innerText();
  assert.match(text, /Connected\./);
  assert.match(text, /PATCH\s+supported/);
  assert.match(text, /Filtering\s+supported \(at most 100 results\)/);
  assert.match(text, /Bulk\s+not supported/);
  assert.match(text, /Authentication\s+Service account token/);
  assert.match(text, /Users in the target\s+\d+/);
  await screenshot(page, "connection-ok");
  assert.deepEqual(problems, []);
  await context.close();
});

test("wrong token: says the token was refused (401)", async () => {
  const { page, status, problems, context } = await testConnection(undefined, "not-the-token");
  assert.equal(await status.getAttribute("role"), "alert");
  const text = await status.innerText();
  assert.match(text, /refused the token \(HTTP 401\)/);
  assert.ok(!text.includes("not-the-token"), "the token is never shown");
  await screenshot(page, "connection-401");
  assert.deepEqual(problems, []);
  await context.close();
});

test("bad targets each get a one-line explanation and the page keeps working", async () => {
  const closed = await freePort();
  const cases = [
    [`http://127.0.0.1:${closed}/scim`, /Could not reach the server/],
    [`${web.url}/not-scim`, /web page \(HTML\), not SCIM/],
    [`${web.url}/test/status/403/scim`, /lacks permission \(HTTP 403\)/],
    [`${web.url}/test/status/404/scim`, /No SCIM endpoint at this URL \(HTTP 404/],
    [`${web.url}/test/status/500/scim`, /SCIM server failed \(HTTP 500\)\. The server said: injected by the test server/],
  ];
  for (const [url, expected] of cases) {
    const { page, status, problems, context } = await testConnection(url, "e2e-connection-token");
    assert.match(await status.innerText(), expected, url);
    // Still alive: editing the URL resets the result.
    await page.getByLabel("SCIM base URL").fill(`${web.url}/scim`);
    assert.match(await status.innerText(), /Not tested yet/);
    assert.deepEqual(problems, []);
    await context.close();
  }
});

test("a server that never answers times out with an explanation", async () => {
  const { status, problems, context } = await testConnection(`${web.url}/test/hang/scim`, "e2e-connection-token");
  assert.match(await status.innerText(), /No answer within 15 seconds/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("import reads every page of the target's users and groups", async () => {
  const headers = { Authorization: `Bearer ${scim.token}`, "Content-Type": "application/scim+json" };
  const created = [];
  for (let i = 0; i < 130; i++) {
    const res = await fetch(`${scim.baseUrl}/Users`, { method: "POST", headers, body: JSON.stringify({
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], userName: `import-${i}@example.com`, active: i % 10 !== 0 }) });
    assert.equal(res.status, 201);
    created.push((await res.json()).id);
  }
  const group = await fetch(`${scim.baseUrl}/Groups`, { method: "POST", headers, body: JSON.stringify({
    schemas: ["urn:ietf:params:scim:schemas:core:2.0:Group"], displayName: "Imported team", members: [{ value: created[0] }] }) });
  assert.equal(group.status, 201);

  const { page, problems, context } = await openApp(browser, web.url);
  await page.getByLabel("Bearer token").fill(scim.token);
  await page.locator("#nav-import").click();
  await page.locator("#import-target").click();
  await page.locator("#import-counts").waitFor();
  assert.match(await page.locator("#import-counts").innerText(), /holds 130 users and 1 groups/);
  assert.match(await page.locator("#import-users").innerText(), /import-\d+@example\.com/);
  // None of them comes from the sample directory: all 130 are only in the target.
  assert.match(await page.locator("#bucket-new summary").innerText(), /Only in the target: 130$/);
  assert.match(await page.locator("#bucket-missing summary").innerText(), /Not yet in the target: \d+$/);
  // A wrong token is explained, and the page stays usable.
  await page.locator("#nav-connection").click();
  await page.getByLabel("Bearer token").fill("wrong");
  await page.locator("#nav-import").click();
  await page.locator("#import-target").click();
  await page.locator("#import-status[role=alert]").waitFor();
  assert.match(await page.locator("#import-status").innerText(), /HTTP 401/);
  assert.deepEqual(problems, []);
  await context.close();
});
