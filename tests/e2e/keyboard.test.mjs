// Issue 6's keyboard-only journey: no mouse click anywhere. Tab / Shift+Tab
// move between controls, Enter and Space press buttons, arrow keys pick
// options; text is typed into the focused field. Every control that takes
// focus on the way must show it (a :focus-visible outline or box-shadow).
// (Editing the text of a focused field also uses Ctrl+A to select it.)
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, screenshot, useServers } from "./harness.mjs";

let scim, web, browser;
useServers({ token: "e2e-keyboard-token" }, (s) => ({ scim, web, browser } = s));

/** The focused element and whether its focus is visible. A hidden file
 * input shows its focus on the styled label that follows it. */
function focusState(page) {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return { id: "", visible: false, what: "nothing focused" };
    const shows = (node) => {
      const style = getComputedStyle(node);
      const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
      const shadow = style.boxShadow && style.boxShadow !== "none";
      return outline || shadow;
    };
    const sibling = el.classList.contains("visually-hidden") ? el.nextElementSibling : null;
    const visible = el.matches(":focus-visible") && (shows(el) || (sibling !== null && shows(sibling)));
    const what = `${el.tagName.toLowerCase()}#${el.id} "${(el.innerText || el.value || el.getAttribute("aria-label") || "").slice(0, 40)}"`;
    return { id: el.id, visible, what };
  });
}

/**
 * Presses Tab (or Shift+Tab) until `matches(focus)` holds, checking that
 * every control focused on the way shows its focus. Returns the steps taken.
 */
async function tabTo(page, matches, { back = false, max = 250 } = {}) {
  for (let step = 1; step <= max; step += 1) {
    await page.keyboard.press(back ? "Shift+Tab" : "Tab");
    const focus = await focusState(page);
    assert.ok(focus.visible, `focus is not visible on ${focus.what}`);
    if (await matches(focus)) return step;
  }
  throw new Error(`no matching control within ${max} ${back ? "Shift+Tab" : "Tab"} presses`);
}

const byId = (id) => (focus) => focus.id === id;

async function openPanel(page, slug) {
  await tabTo(page, byId(`nav-${slug}`), { back: true });
  await page.keyboard.press("Enter");
  await page.locator(`#nav-${slug}[aria-current="page"]`).waitFor();
}

test("keyboard only: token, a new mapping, an expression, a scoping clause, the preview, a dry run", { timeout: 180000 }, async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  const steps = {};

  // Connection: the token field, typed.
  steps.token = await tabTo(page, byId("token"));
  await page.keyboard.type(scim.token);

  // Mappings: add one, name its target, make it a hardcoded value with the
  // arrow keys, type the value.
  await openPanel(page, "mappings");
  steps.addMapping = await tabTo(page, byId("add-mapping"));
  const before = await page.locator("#mappings-table tbody tr").count();
  await page.keyboard.press("Enter");
  await page.locator("#mappings-table tbody tr").nth(before).waitFor();
  const row = before;
  // The new row's target field has the focus, visibly.
  await page.waitForFunction((id) => document.activeElement?.id === id, `mapping-${row}-target`);
  assert.equal((await focusState(page)).visible, true, "the new row's target shows its focus");
  await page.keyboard.type("preferredLanguage");
  await tabTo(page, byId(`mapping-${row}-kind`));
  const kinds = await page.locator(`#mapping-${row}-kind option`).evaluateAll((o) => o.map((x) => x.value));
  for (let i = kinds.indexOf(await page.locator(`#mapping-${row}-kind`).inputValue()); i < kinds.indexOf("constant"); i += 1) {
    await page.keyboard.press("ArrowDown");
  }
  assert.equal(await page.locator(`#mapping-${row}-kind`).inputValue(), "constant");
  await tabTo(page, byId(`mapping-${row}-source`));
  await page.keyboard.type("en-GB");
  assert.equal(await page.getByLabel("Source of preferredLanguage").inputValue(), "en-GB");

  // Expression editor: type an expression, see its value for the first user.
  await openPanel(page, "expressions");
  steps.expression = await tabTo(page, byId("expression-text"));
  // Replace the scratch expression: select it all, type over it.
  await page.keyboard.press("ControlOrMeta+A");
  await page.keyboard.type('Join(" ", "Hello", [givenName])');
  await page.locator("#expression-result.ok", { hasText: "Hello" }).waitFor();

  // Scoping: add a filter, fill its first clause; the live count drops.
  await openPanel(page, "scoping");
  steps.addScoping = await tabTo(page, byId("add-scoping-users"));
  await page.keyboard.press("Space");
  await page.locator("#clause-users-0-0-attribute").waitFor();
  await tabTo(page, byId("clause-users-0-0-attribute"), { back: true });
  await page.keyboard.type("department");
  await tabTo(page, byId("clause-users-0-0-value"));
  await page.keyboard.type("Sales");
  await page.locator("#scope-count-users", { hasNotText: /240 of 240/ }).waitFor();
  const scoped = await page.locator("#scope-count-users").innerText();
  assert.match(scoped, /\d+ of 240/);

  // Preview: the first in-scope user's request, opened with Enter.
  await openPanel(page, "preview");
  steps.previewItem = await tabTo(page, (focus) => page.evaluate(() => document.activeElement?.matches("#preview-list button.link")));
  const name = (await page.evaluate(() => document.activeElement.innerText)).trim();
  await page.keyboard.press("Enter");
  await page.locator("#preview-detail h3", { hasText: name }).waitFor();
  const body = JSON.parse(await page.locator("#preview-body").innerText());
  assert.equal(body.preferredLanguage, "en-GB", "the mapping added by keyboard is in the request");

  // Plan & sync: dry run, toggled with Space and started with Enter.
  await openPanel(page, "sync");
  steps.dryRun = await tabTo(page, byId("dry-run"));
  if (!(await page.locator("#dry-run").isChecked())) await page.keyboard.press("Space");
  assert.equal(await page.locator("#dry-run").isChecked(), true);
  await tabTo(page, byId("run-sync"));
  await page.keyboard.press("Enter");
  const status = page.locator("#sync-status", { hasText: /finished\./ });
  await status.waitFor({ timeout: 120000 });
  assert.match(await status.innerText(), /Dry run finished\./);
  const written = await fetch(`${scim.baseUrl}/Users`, { headers: { Authorization: `Bearer ${scim.token}` } });
  assert.equal((await written.json()).totalResults, 0, "a dry run writes nothing");

  console.log(`Tab presses to reach each control: ${JSON.stringify(steps)}`);
  await screenshot(page, "keyboard-journey");
  assert.deepEqual(problems, []);
  await context.close();
});
