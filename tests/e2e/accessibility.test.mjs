// axe-core in the real page, on every panel, in light mode at 1280×800 and
// in dark mode at 390×844: no violation. (The page's CSP would refuse the
// injected axe script, so only this test's context bypasses it.)
import { test } from "node:test";
import assert from "node:assert/strict";
import path from "node:path";
import { ROOT, useServers } from "./harness.mjs";

const PANELS = ["connection", "source", "mappings", "expressions", "scoping", "groups", "validation", "preview", "import", "sync"];
let web, browser;
useServers({}, (s) => ({ web, browser } = s));

for (const [name, options] of [
  ["light, 1280×800", { viewport: { width: 1280, height: 800 }, colorScheme: "light" }],
  ["dark, 390×844", { viewport: { width: 390, height: 844 }, colorScheme: "dark" }],
]) {
  test(`every panel passes axe-core (${name})`, async () => {
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(web.url);
    await page.getByRole("heading", { name: "scim-mapper", level: 1 }).waitFor();
    await page.addScriptTag({ path: path.join(ROOT, "tests/node_modules/axe-core/axe.min.js") });
    const found = {};
    for (const slug of PANELS) {
      await page.locator(`#nav-${slug}`).click();
      if (slug === "preview") await page.locator("#preview-list button.link").first().click();
      const violations = await page.evaluate(async () =>
        (await axe.run()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`));
      if (violations.length) found[slug] = violations;
    }
    assert.deepEqual(found, {});
    await context.close();
  });
}

test("the example portal with the widget passes axe-core (shadow DOM included), light and dark", async () => {
  for (const colorScheme of ["light", "dark"]) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, colorScheme, bypassCSP: true });
    const page = await context.newPage();
    await page.goto(`${web.url}/portal.html`);
    await page.locator("scim-mapper").getByRole("heading", { name: "Attribute mappings" }).waitFor();
    await page.addScriptTag({ path: path.join(ROOT, "tests/node_modules/axe-core/axe.min.js") });
    const found = {};
    for (const slug of ["mappings", "preview", "sync"]) {
      await page.locator("scim-mapper").locator(`#nav-${slug}`).click();
      const violations = await page.evaluate(async () =>
        (await axe.run()).violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).slice(0, 3).join(" | ")}`));
      if (violations.length) found[`${colorScheme}/${slug}`] = violations;
    }
    assert.deepEqual(found, {});
    await context.close();
  }
});
