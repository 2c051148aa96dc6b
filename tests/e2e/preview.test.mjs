// Validation and preview in the browser: every diagnostic with its place,
// clicking one opens the field; the exact request per user; copy as curl.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useServers } from "./harness.mjs";

let web, browser;
useServers({}, (s) => ({ web, browser } = s));

test("validation lists the sample's planted problems and reveals the field of a config error", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-validation").click();
  const list = page.locator("#diagnostics");
  assert.match(await list.innerText(), /user\.domainNotVerified/);
  assert.match(await list.innerText(), /user\.nonBmp/);
  // Break a mapping: an unknown target attribute is found and located.
  await page.locator("#nav-mappings").click();
  await page.getByLabel("Target attribute of title").fill("titel");
  await page.locator("#nav-validation").click();
  const finding = list.locator("li", { hasText: "mapping.unknownTarget" });
  assert.match(await finding.innerText(), /did you mean `title`/);
  await finding.getByRole("button").click();
  // The Mappings panel opens with the broken field focused.
  await page.locator("#mappings-title").waitFor();
  const focusedId = await page.evaluate(() => document.activeElement?.id);
  assert.match(focusedId, /^mapping-\d+-target$/);
  assert.equal(await page.locator(`#${focusedId}`).inputValue(), "titel");
  // Fix it: the finding goes away, nothing else was lost.
  await page.locator(`#${focusedId}`).fill("title");
  await page.locator("#nav-validation").click();
  assert.equal(await list.locator("li", { hasText: "mapping.unknownTarget" }).count(), 0);
  await screenshot(page, "validation");
  assert.deepEqual(problems, []);
  await context.close();
});

test("an invalid expression is flagged while the rest stays previewable", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-mappings").click();
  await page.getByLabel("Source type of title").selectOption("expression");
  await page.getByLabel("Source of title").fill('Join(" ", [givenName]');
  await page.locator("#nav-validation").click();
  assert.match(await page.locator("#diagnostics").innerText(), /expr\.syntax/);
  await page.locator("#nav-preview").click();
  await page.locator("#preview-list button.link").first().click();
  const body = await page.locator("#preview-body").innerText();
  const resource = JSON.parse(body);
  assert.equal(resource.userName, "jose.muller@example.com");
  assert.equal(resource.title, undefined, "the broken mapping is left out");
  assert.deepEqual(problems, []);
  await context.close();
});

test("preview shows the exact POST per user, scope decisions, and a curl without the token", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.getByLabel("Bearer token").fill("super-secret-token");
  await page.locator("#nav-preview").click();
  assert.match(await page.locator("#preview-summary").innerText(), /240 of 240 users and 16 of 16 groups in scope/);
  await page.getByLabel("Search the preview").fill("jose.muller");
  await page.locator("#preview-list button.link").first().click();
  const detail = page.locator("#preview-detail");
  assert.match(await detail.innerText(), /POST \/Users/);
  const resource = JSON.parse(await page.locator("#preview-body").innerText());
  assert.deepEqual(resource.schemas.sort(), [
    "urn:ietf:params:scim:schemas:core:2.0:User",
    "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User",
  ]);
  assert.equal(resource.name.formatted, "José Müller");
  assert.equal(resource.active, true);
  assert.deepEqual(resource.emails, [{ type: "work", value: "jose.muller@example.com" }]);
  assert.equal(resource["urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"].department, "Sales");
  await page.getByRole("button", { name: "Copy as curl" }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^curl -X POST '.*\/scim\/Users'/);
  assert.match(copied, /Bearer \$SCIM_TOKEN/);
  assert.ok(!copied.includes("super-secret-token"));
  assert.ok(!(await page.content()).includes("super-secret-token"), "the token is in no rendered text");
  await screenshot(page, "preview");

  // Scope a department: the others are out of scope, with the clause that decided.
  await page.locator("#nav-scoping").click();
  await page.locator("#add-scoping-users").click();
  await page.locator("#clause-users-0-0-attribute").fill("department");
  await page.locator("#clause-users-0-0-value").fill("Legal");
  await page.locator("#nav-preview").click();
  assert.match(await page.locator("#preview-summary").innerText(), /30 of 240 users/);
  await page.getByRole("button", { name: "Out of scope" }).click();
  await page.locator("#preview-list button.link").first().click();
  assert.match(await page.locator("#preview-scope").innerText(), /out of scope: .*department.*\$\.users\.scoping\[0\]\.clauses\[0\]/);
  assert.match(await detail.innerText(), /Nothing would be sent/);
  assert.deepEqual(problems, []);
  await context.close();
});

test("expression editor: live result per user, error marker at the column, runnable reference", async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.locator("#nav-expressions").click();
  const result = page.locator("#expression-result");
  assert.match(await result.innerText(), /"José Müller"/);
  const text = page.getByLabel("Expression text");
  await text.fill('ToUpper(Left([givenName], 1)) & "x"');
  assert.equal(await result.getAttribute("role"), "alert");
  await text.fill('Join(".", ToLower([givenName]), ToLower([surname])');
  assert.match(await result.innerText(), /expr\.syntax \(column \d+\)/);
  assert.match(await result.innerText(), /\^/);
  await text.fill('NormalizeDiacritics(ToLower(Join(".", [givenName], [surname])))');
  assert.match(await result.innerText(), /"jose\.muller"/);
  // Another user.
  await page.getByLabel("Try it on").selectOption({ index: 2 });
  assert.doesNotMatch(await result.innerText(), /jose\.muller/);
  // The reference's examples run.
  assert.equal(await page.locator("#function-reference li").count(), 40);
  await page.getByRole("button", { name: "Try the Switch example" }).click();
  assert.match(await text.inputValue(), /^Switch\(\[country\]/);
  assert.equal(await result.getAttribute("role"), "status");
  // Editing a mapping's expression changes the configuration.
  await page.getByLabel("Expression", { exact: true }).selectOption({ label: "Mapping: active" });
  assert.match(await text.inputValue(), /IsSoftDeleted/);
  assert.match(await result.innerText(), /"True"/);
  await screenshot(page, "expressions");
  assert.deepEqual(problems, []);
  await context.close();
});
