// Browser preview at scale (issue 8): headless Chromium loads the built app
// (dist/, as scripts/bench builds it), uploads a generated directory of
// BENCH_USERS (100,000) users in the Source panel, opens Preview, and
// reports the wall time from the file input's `change` event until the
// preview summary counts every user (the page measures it with
// performance.now(), so Playwright's own round trips are not in it), and
// the wasm heap (the size of the app's wasm memory, which only grows).
// Targets: < 1 s and < 200 MB. BENCH_RUNS fresh pages; medians printed.
// Run: trunk build --release && node tests/bench/browser-preview.mjs
import { startWebServer, launchBrowser, openApp } from "../e2e/harness.mjs";
import { lcg, median, ms, writeSummary } from "./common.mjs";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const MB = 1024 * 1024;

/** An Entra-like directory (contract §2), the same on every run. */
function directory(count) {
  const next = lcg(7);
  const departments = ["Sales", "Engineering", "Support", "Finance", "Legal"];
  const titles = ["Engineer", "Manager", "Designer", "Sales Rep", "Analyst"];
  const users = Array.from({ length: count }, (_, i) => ({
    id: `u${i}`, userPrincipalName: `user${i}@example.com`, mail: `user${i}@example.com`,
    displayName: `Given${i % 977} Family${i}`, givenName: `Given${i % 977}`, surname: `Family${i}`,
    jobTitle: titles[next(titles.length)], department: departments[next(departments.length)],
    country: ["US", "FR", "DE", "JP"][next(4)], accountEnabled: next(20) !== 0, IsSoftDeleted: false,
    employeeId: String(100000 + i), mobile: `+1 555 ${String(i).padStart(7, "0")}`,
  }));
  const groups = departments.map((name, g) => ({
    id: `g${g}`, displayName: name, members: users.filter((_, i) => i % departments.length === g).slice(0, 1000).map((u) => u.id),
  }));
  return { users, groups };
}

const file = Buffer.from(JSON.stringify(directory(USERS)));
console.log(`browser preview: ${USERS.toLocaleString("en")} users (${(file.length / MB).toFixed(1)} MB JSON), ${RUNS} fresh pages`);

const web = await startWebServer("http://127.0.0.1:9/v2/");
const browser = await launchBrowser();
const results = [];
try {
  for (let run = 0; run < RUNS; run++) {
    const { page, context, problems } = await openApp(browser, web.url);
    await page.locator("#nav-source").click();
    // Timestamps taken inside the page: when the file input changes, and when
    // the summary first counts every user (checked on every DOM mutation).
    await page.evaluate((users) => {
      const marks = (globalThis.benchMarks = {});
      document.addEventListener("change", (e) => {
        if (e.target?.id === "upload-directory") marks.selected = performance.now();
      }, { capture: true });
      document.addEventListener("click", (e) => {
        if (e.target?.closest?.("#nav-preview")) marks.previewOpened = performance.now();
      }, { capture: true });
      const pattern = new RegExp(`of ${users} users|of ${users.toLocaleString("en")} users`);
      new MutationObserver(() => {
        if (marks.rendered) return;
        const summary = document.getElementById("preview-summary");
        if (summary && pattern.test(summary.textContent)) marks.rendered = performance.now();
        const label = document.getElementById("directory-label");
        if (!marks.loaded && label && /bench\.json/.test(label.textContent)) marks.loaded = performance.now();
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    }, USERS);
    await page.locator("#upload-directory").setInputFiles({ name: "bench.json", mimeType: "application/json", buffer: file });
    await page.locator("#directory-label", { hasText: "bench.json" }).waitFor({ timeout: 120_000 });
    await page.locator("#nav-preview").click();
    await page.waitForFunction(() => globalThis.benchMarks.rendered, null, { timeout: 120_000, polling: 50 });
    const marks = await page.evaluate(() => ({
      ...globalThis.benchMarks,
      heap: globalThis.scimMapperWasmMemory?.buffer.byteLength ?? null,
      // The app's own User Timing marks (src/ui/browser.rs `mark`): where the time went.
      steps: performance.getEntriesByType("mark")
        .filter((m) => m.name.startsWith("scim-mapper:") && m.startTime >= globalThis.benchMarks.selected)
        .map((m) => [m.name.slice("scim-mapper:".length), m.startTime, m.detail]),
      jsHeap: performance.memory?.usedJSHeapSize ?? null,
      summary: document.getElementById("preview-summary").textContent,
    }));
    if (problems.length) throw new Error(`the page reported problems: ${problems.join("\n")}`);
    const result = {
      loadMs: marks.loaded - marks.selected,
      previewMs: marks.rendered - marks.loaded,
      totalMs: marks.rendered - marks.selected,
      wasmHeapBytes: marks.heap,
      jsHeapBytes: marks.jsHeap,
    };
    results.push(result);
    let previous = marks.selected;
    const timeline = [...marks.steps, ["directory label shown", marks.loaded], ["Preview opened", marks.previewOpened], ["preview summary shown", marks.rendered]]
      .sort((a, b) => a[1] - b[1]);
    const steps = timeline.map(([name, at, wasmBytes]) => {
      const text = `${name} +${ms(at - previous)}${typeof wasmBytes === "number" ? ` (wasm ${(wasmBytes / MB).toFixed(0)} MB)` : ""}`;
      previous = at;
      return text;
    });
    console.log(`  run ${run + 1}: ${ms(result.totalMs)} from file selected to preview rendered ` +
      `(source loaded ${ms(result.loadMs)}, then preview ${ms(result.previewMs)}); wasm heap ${heapText(marks.heap)}` +
      `${marks.jsHeap ? `, JS heap ${(marks.jsHeap / MB).toFixed(0)} MB` : ""} — "${marks.summary.trim()}"`);
    console.log(`    after the file was selected: ${steps.join(", ")}`);
    await context.close();
  }
} finally {
  await browser.close();
  await web.stop();
}
const summary = {
  users: USERS, runs: RUNS,
  totalMs: median(results.map((r) => r.totalMs)),
  loadMs: median(results.map((r) => r.loadMs)),
  previewMs: median(results.map((r) => r.previewMs)),
  wasmHeapBytes: results.some((r) => r.wasmHeapBytes === null) ? null : Math.max(...results.map((r) => r.wasmHeapBytes)),
};
console.log(`median ${ms(summary.totalMs)} (target < 1000 ms: ${summary.totalMs < 1000 ? "met" : "missed"}); ` +
  `wasm heap ${heapText(summary.wasmHeapBytes)} (target < 200 MB: ${summary.wasmHeapBytes === null ? "unknown" : summary.wasmHeapBytes < 200 * MB ? "met" : "missed"})`);
writeSummary("browser-preview", summary);

function heapText(bytes) {
  return bytes === null ? "unknown (www/boot.js did not expose scimMapperWasmMemory: rebuild dist/)" : `${(bytes / MB).toFixed(0)} MB`;
}
