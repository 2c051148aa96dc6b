// Issue 6's target-aware parts against a real scim2-server: after an
// import, the preview of a user shows its matched target object and the
// attribute-level diff (or "would be created"); after Test connection, the
// server's discovered schemas can be chosen instead of the profile's, and
// that choice drives the mapping autocomplete and validation.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useServers } from "./harness.mjs";

let scim, web, browser;
useServers({ token: "e2e-target-token" }, (s) => ({ scim, web, browser } = s));

async function selectPreviewItem(page, name) {
  await page.locator("#preview-search").fill(name);
  await page.locator("#preview-list button.link", { hasText: name }).first().click();
  await page.locator("#preview-detail h3", { hasText: name }).waitFor();
}

test("after an import, the preview shows the matched target object and what a sync would change", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-preview").click();
  const jose = "jose.muller@example.com";
  await selectPreviewItem(page, jose);
  // Nothing imported: an empty state that leads to the import.
  assert.match(await page.locator("#preview-target").innerText(), /Nothing imported from the target yet/);
  const resource = JSON.parse(await page.locator("#preview-body").innerText());

  // The target already holds José, with an older title and without one of
  // the mapped attributes.
  const changed = "title";
  assert.equal(typeof resource[changed], "string", `the sample maps ${changed}`);
  const existing = structuredClone(resource);
  existing[changed] = "Old title";
  const missing = ["preferredLanguage", "name"].find((key) => key in existing);
  assert.ok(missing, JSON.stringify(resource));
  delete existing[missing];
  const created = await fetch(`${scim.baseUrl}/Users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${scim.token}`, "Content-Type": "application/scim+json" },
    body: JSON.stringify(existing),
  });
  const answer = await created.text();
  assert.equal(created.status, 201, answer);
  const targetId = JSON.parse(answer).id;

  await page.locator("#preview-open-import").click();
  await page.locator("#import-title").waitFor();
  await page.locator("#nav-connection").click();
  await page.getByLabel("Bearer token").fill(scim.token);
  await page.locator("#nav-import").click();
  await page.locator("#import-target").click();
  await page.locator("#import-counts", { hasText: "holds 1 users" }).waitFor();

  await page.locator("#nav-preview").click();
  await selectPreviewItem(page, jose);
  const status = await page.locator("#preview-target-status").innerText();
  assert.match(status, new RegExp(`Matched target object ${targetId} by userName eq "${jose}"`));
  const diff = await page.locator("#preview-diff").innerText();
  console.log(`diff against the target for ${jose}:\n${diff}`);
  assert.match(diff, new RegExp(`changed\\s+${changed}: "Old title" → ${JSON.stringify(resource[changed]).replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));
  assert.match(diff, new RegExp(`added\\s+${missing}[.\\w]*: \\(none\\) → `));
  assert.doesNotMatch(diff, /userName/, "the matching attribute is equal");
  await page.locator("#preview-target summary").click();
  assert.equal(JSON.parse(await page.locator("#preview-target-body").innerText()).id, targetId);
  await screenshot(page, "preview-target-diff");

  // Anyone else is not in the target: a sync would create them.
  await page.locator("#preview-search").fill("");
  const other = (await page.locator("#preview-list button.link").nth(1).innerText()).trim();
  assert.notEqual(other, jose);
  await selectPreviewItem(page, other);
  assert.match(await page.locator("#preview-target-status").innerText(), /would be created|out of scope/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("Test connection offers the server's schemas; choosing them drives autocomplete and validation", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  // The generic profile knows the RFC's nickName; this Asana-like server does not.
  await page.locator("#profile").selectOption("generic");
  const schemaChoice = page.locator("#target-schema");
  assert.equal(await schemaChoice.inputValue(), "profile");
  assert.equal(await schemaChoice.locator('option[value="discovered"]').isDisabled(), true,
    "nothing discovered before a connection test");
  await page.locator("#nav-mappings").click();
  await page.getByLabel("Target attribute of title").fill("nickName");
  const suggestions = () => page.locator("#target-attributes option").evaluateAll((options) => options.map((o) => o.value));
  assert.ok((await suggestions()).includes("nickName"));
  await page.locator("#nav-validation").click();
  assert.doesNotMatch(await page.locator("#diagnostics").innerText(), /mapping\.unknownTarget/);

  await page.locator("#nav-connection").click();
  await page.getByLabel("Bearer token").fill(scim.token);
  await page.getByRole("button", { name: "Test connection" }).click();
  const status = page.locator("#connection-status", { hasText: "Connected." });
  await status.waitFor({ timeout: 25000 });
  assert.match(await status.innerText(), /Schemas\s+User: \d+ attributes, Group: \d+; PATCH supported/);
  const option = schemaChoice.locator('option[value="discovered"]');
  assert.equal(await option.isDisabled(), false);
  assert.match(await option.innerText(), /Discovered from the server \(User: \d+ attributes/);
  await schemaChoice.selectOption("discovered");
  assert.match(await page.locator("#target-schema-note").innerText(), /discovered from the server/);

  await page.locator("#nav-mappings").click();
  const offered = await suggestions();
  assert.ok(!offered.includes("nickName"), "autocomplete follows the server's schema");
  assert.ok(offered.includes("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:costCenter"), offered.join(", "));
  await page.locator("#nav-validation").click();
  const finding = page.locator("#diagnostics li", { hasText: "mapping.unknownTarget" });
  assert.match(await finding.innerText(), /nickName/);
  await screenshot(page, "connection-discovered-schemas");

  // Back to the profile's schemas: nickName is valid again.
  await page.locator("#nav-connection").click();
  await schemaChoice.selectOption("profile");
  await page.locator("#nav-validation").click();
  assert.doesNotMatch(await page.locator("#diagnostics").innerText(), /mapping\.unknownTarget/);
  assert.deepEqual(problems, []);
  await context.close();
});
