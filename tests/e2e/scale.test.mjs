// Issue 6's responsiveness check with a 10,000-user directory: the preview
// list stays virtualized while scrolling, and typing in the expression
// editor (a scratch expression, then a mapping's, which changes the
// configuration; the app re-previews the 10,000 users once typing pauses)
// is measured, and the preview then shows the edit. Timings are printed,
// not asserted: only generous sanity bounds (rows in the DOM) are checked.
import { test } from "node:test";
import assert from "node:assert/strict";
import { openApp, useServers } from "./harness.mjs";

const USERS = 10000;
// Nothing here touches the network.
let web, browser;
useServers({}, (s) => ({ web, browser } = s));

function directory() {
  const departments = ["Sales", "Engineering", "Legal", "Finance", "Human Resources"];
  const users = Array.from({ length: USERS }, (_, i) => ({
    id: `u${i}`, userPrincipalName: `user${i}@example.com`, mail: `user${i}@example.com`,
    displayName: `User ${i}`, givenName: "User", surname: String(i), jobTitle: "Engineer",
    department: departments[i % departments.length], country: "DE", city: "Berlin",
    employeeId: String(100000 + i), IsSoftDeleted: false,
  }));
  return JSON.stringify({ users, groups: [] });
}

const summary = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  return `median ${at(0.5).toFixed(0)} ms, p90 ${at(0.9).toFixed(0)} ms, max ${at(1).toFixed(0)} ms (n=${values.length})`;
};

/** Long tasks (> 50 ms on the main thread) since the last call. */
async function takeLongTasks(page) {
  return page.evaluate(() => window.__longTasks.splice(0));
}

/** Per keystroke: from keydown until the page can paint again after
 * everything the key caused (the input handlers and the render). */
async function typeMeasured(page, text) {
  // Let what earlier keys caused settle first, so only these keys count.
  await page.evaluate(() => new Promise((r) => setTimeout(() => setTimeout(() => requestAnimationFrame(() => setTimeout(r))))));
  await page.evaluate(() => {
    window.__keyLatencies = [];
    if (window.__measuringKeys) return;
    window.__measuringKeys = true;
    document.getElementById("expression-text").addEventListener("keydown", () => {
      const start = performance.now();
      setTimeout(() => setTimeout(() => requestAnimationFrame(() => window.__keyLatencies.push(performance.now() - start))));
    });
  });
  for (const [index, key] of [...text].entries()) {
    await page.keyboard.type(key);
    await page.waitForFunction((n) => window.__keyLatencies.length >= n, index + 1, { timeout: 60000 });
  }
  return page.evaluate(() => window.__keyLatencies);
}

test("10,000 users: the preview list stays virtualized and typing stays responsive", { timeout: 300000 }, async () => {
  const { page, problems, context } = await openApp(browser, web.url);
  await page.evaluate(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => window.__longTasks.push(...list.getEntries().map((e) => e.duration)))
      .observe({ type: "longtask" });
  });
  const report = [];

  await page.locator("#nav-source").click();
  // Every notice shown during the upload: a large file says it is loading first.
  await page.evaluate(() => {
    globalThis.noticesSeen = [];
    new MutationObserver(() => {
      const text = document.querySelector("#notice .notice-title")?.textContent;
      if (text && globalThis.noticesSeen.at(-1) !== text) globalThis.noticesSeen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });
  let started = Date.now();
  const file = Buffer.from(directory());
  await page.locator("#upload-directory").setInputFiles({ name: "ten-thousand.json", mimeType: "application/json",
    buffer: file });
  await page.locator("#directory-label", { hasText: "ten-thousand.json" }).waitFor({ timeout: 120000 });
  await page.locator("#notice", { hasText: "Loaded ten-thousand.json" }).waitFor();
  const megabytes = (file.length / 1048576).toFixed(1);
  assert.deepEqual(await page.evaluate(() => globalThis.noticesSeen), [
    `Loading ten-thousand.json (${megabytes} MB) and previewing it…`,
    `Loaded ten-thousand.json: ${USERS} users, 0 groups.`,
  ]);
  report.push(`upload, parse and preview of ${USERS} users: ${Date.now() - started} ms; long tasks ${summary(await takeLongTasks(page))}`);

  started = Date.now();
  await page.locator("#nav-preview").click();
  await page.locator("#preview-summary", { hasText: `of ${USERS} users` }).waitFor();
  report.push(`opening the preview: ${Date.now() - started} ms`);
  const rows = () => page.locator("#preview-list tbody tr:not(.spacer)").count();
  const shown = await rows();
  assert.ok(shown > 0 && shown < 200, `the preview list renders ${shown} DOM rows for ${USERS} users`);

  // Scroll through the list: each jump must render the rows it lands on.
  const scrollTimes = [];
  for (const fraction of [0.1, 0.25, 0.5, 0.75, 1]) {
    const { elapsed, label } = await page.evaluate(async (fraction) => {
      const list = document.getElementById("preview-list");
      const start = performance.now();
      list.scrollTop = (list.scrollHeight - list.clientHeight) * fraction;
      list.dispatchEvent(new Event("scroll"));
      await new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve)));
      await new Promise((resolve) => requestAnimationFrame(resolve));
      const box = list.getBoundingClientRect();
      const visible = [...list.querySelectorAll("tbody tr:not(.spacer)")]
        .find((row) => row.getBoundingClientRect().top >= box.top + 30);
      return { elapsed: performance.now() - start, label: visible?.innerText ?? "" };
    }, fraction);
    scrollTimes.push(elapsed);
    const expected = Math.floor((USERS - 1) * fraction);
    const index = Number(label.match(/user(\d+)@/)?.[1]);
    assert.ok(Math.abs(index - expected) < 100, `scrolled to ${fraction}: shows "${label}", expected near user${expected}`);
    const inDom = await rows();
    assert.ok(inDom < 200, `${inDom} DOM rows after scrolling`);
  }
  report.push(`preview scroll jumps to rendered rows: ${summary(scrollTimes)}; long tasks ${summary(await takeLongTasks(page))}`);

  // A scratch expression: evaluated for one user per keystroke.
  await page.locator("#nav-expressions").click();
  await page.locator("#expression-text").focus();
  await page.keyboard.press("ControlOrMeta+A");
  await takeLongTasks(page);
  const scratch = await typeMeasured(page, 'ToUpper("abc")');
  await page.locator("#expression-result.ok", { hasText: "ABC" }).waitFor();
  report.push(`keystrokes in a scratch expression: ${summary(scratch)}; long tasks ${summary(await takeLongTasks(page))}`);

  // A mapping's expression: each keystroke changes the configuration; all
  // 10,000 users are mapped and checked again once typing pauses.
  const option = await page.locator("#expression-mapping option", { hasText: "Mapping: active" }).getAttribute("value");
  await page.locator("#expression-mapping").selectOption(option);
  await page.locator("#expression-text").focus();
  await page.keyboard.press("ControlOrMeta+End");
  const before = await page.locator("#expression-text").inputValue();
  const mapping = await typeMeasured(page, " ".repeat(12));
  assert.equal(await page.locator("#expression-text").inputValue(), `${before}${" ".repeat(12)}`, "every keystroke was kept");
  report.push(`keystrokes in a mapping expression (re-preview of ${USERS} users after the pause): ${summary(mapping)}; long tasks ${summary(await takeLongTasks(page))}`);

  // The edit reaches the preview once typing pauses: title from department.
  await page.locator("#nav-mappings").click();
  await page.getByLabel("Source of title").fill("department");
  await page.locator("#nav-preview").click();
  await page.locator("#preview-summary", { hasText: `of ${USERS} users` }).waitFor();
  assert.ok((await rows()) < 200);
  await page.locator("#preview-list button.link").first().click();
  await page.waitForFunction(() => /"title": "Sales"/.test(document.getElementById("preview-body")?.innerText ?? ""),
    null, { timeout: 10000 });
  console.log(report.join("\n"));
  assert.deepEqual(problems, []);
  await context.close();
});
