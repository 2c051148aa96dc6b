// Writes tests/bench/RESULTS.md from what scripts/bench collected in
// BENCH_SUMMARY_DIR: the Node benchmarks' JSON summaries, the criterion
// output (cargo-bench.log), scripts/bench-sync's and scripts/fuzz's output,
// plus the hand-written profiling notes in tests/bench/findings.md.
// Run by scripts/bench; `BENCH_SUMMARY_DIR=target/bench node tests/bench/report.mjs`
// rewrites it from the last run's files.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import { execFileSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { ROOT, ms } from "./common.mjs";

const dir = process.env.BENCH_SUMMARY_DIR;
const mode = process.env.BENCH_MODE ?? "full";
const read = (name) => (existsSync(path.join(dir, name)) ? readFileSync(path.join(dir, name), "utf8") : null);
const json = (name) => { const text = read(name); return text ? JSON.parse(text) : null; };
const run = (cmd, args) => { try { return execFileSync(cmd, args, { encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] }).trim().split("\n")[0]; } catch { return "unavailable"; } };
const MB = 1024 * 1024;
const fmtRatio = (r) => `${r.toFixed(2)}×`;
const verdict = (ok) => (ok ? "met" : "**missed**");

const cpu = (readFileSync("/proc/cpuinfo", "utf8").match(/^model name\s*:\s*(.*)$/m) ?? [])[1] ?? os.cpus()[0]?.model ?? "unknown";
const lockVersion = (name) => JSON.parse(readFileSync(path.join(ROOT, "tests", "package-lock.json"), "utf8")).packages[`node_modules/${name}`]?.version;
const lines = [];
const out = (text = "") => lines.push(text);

out("# Benchmark results");
out();
out(`Written by \`scripts/bench${mode === "quick" ? " --quick" : ""}\` on ${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC ` +
  `at commit \`${run("git", ["-C", ROOT, "rev-parse", "--short", "HEAD"])}\`. Rerun it to get your own numbers; ` +
  "nothing here is asserted by a test.");
out();
out("## Machine");
out();
out("| | |");
out("|---|---|");
out(`| CPU | ${cpu}, \`nproc\` = ${run("nproc", [])} |`);
out(`| Memory | ${(os.totalmem() / 1024 ** 3).toFixed(1)} GB |`);
out(`| Load when started | ${(read("load.txt") ?? process.env.BENCH_LOAD ?? os.loadavg()[0].toFixed(2)).trim()} (1-minute load average; other builds may share the machine) |`);
out(`| Rust (native) | ${run("rustc", ["--version"])} |`);
out(`| Rust (wasm32) | ${run("/usr/bin/rustc", ["--version"])} |`);
out(`| Node | ${process.version} |`);
out(`| Chromium | ${run("/usr/bin/chromium", ["--version"])} |`);
out(`| npm libraries | scim2-parse-filter ${lockVersion("scim2-parse-filter")}, scim-patch ${lockVersion("scim-patch")} |`);
out();

out("## Summary");
out();
out("Ratios are the npm library's time divided by the core's (above 1: the core is faster).");
out();
out("| Benchmark | Result | Target | |");
out("|---|---|---|---|");
const fp = json("filter-patch.json");
if (fp) {
  out(`| Filter: core (wasm) vs scim2-parse-filter, ${fp.filters} filters × ${fp.users.toLocaleString("en")} users | ` +
    `${ms(fp.filter.core)} vs ${ms(fp.filter.npm)} → ratio **${fmtRatio(fp.filter.ratio)}** | ≥ 3× | ${verdict(fp.filter.ratio >= 3)} |`);
  out(`| PATCH: core (wasm, resources in wasm memory) vs scim-patch, ${fp.patches} requests × ${fp.patchResources.toLocaleString("en")} users | ` +
    `${ms(fp.patch.coreResident)} vs ${ms(fp.patch.npm)} → ratio **${fmtRatio(fp.patch.ratioResident)}** | ≥ 3× | ${verdict(fp.patch.ratioResident >= 3)} |`);
  out(`| PATCH: core \`applyPatch\` per JS object vs scim-patch | ${ms(fp.patch.corePerCall)} vs ${ms(fp.patch.npm)} → ratio ${fmtRatio(fp.patch.ratioPerCall)} | ≥ 3× | ${verdict(fp.patch.ratioPerCall >= 3)} |`);
}
const bp = json("browser-preview.json");
if (bp) {
  out(`| Browser: upload + preview of ${bp.users.toLocaleString("en")} users (Chromium, median of ${bp.runs}) | ${ms(bp.totalMs)} ` +
    `(load ${ms(bp.loadMs)} + preview ${ms(bp.previewMs)}) | < 1 s | ${verdict(bp.totalMs < 1000)} |`);
  out(`| Browser: wasm heap after it | ${bp.wasmHeapBytes === null ? "unknown" : `${(bp.wasmHeapBytes / MB).toFixed(0)} MB`} | < 200 MB | ` +
    `${bp.wasmHeapBytes === null ? "unknown" : verdict(bp.wasmHeapBytes < 200 * MB)} |`);
}
const pw = json("plan-wasm.json");
if (pw) {
  out(`| Plan in wasm (Node): ${pw.users.toLocaleString("en")} × ${pw.users.toLocaleString("en")} users, 10% changed, 1% new, 1% gone | ` +
    `${ms(pw.medianMs)} (median of ${pw.runs}) | < 1 s | ${verdict(pw.medianMs < 1000)} |`);
}
const { criterion, nativeLines } = parseCargoBench(read("cargo-bench.log") ?? "");
for (const c of criterion.filter((c) => c.name.startsWith("plan/"))) {
  out(`| Plan natively: ${c.name.replace(/^plan\//, "")} | ${c.times[2]} ${c.times[3]} (criterion median) | — | |`);
}
// Issue 4: the native preview's plain runs (users/s by this thread's CPU time).
const previewRates = nativeLines
  .map((line) => line.match(/^preview: .*= (\d+) users\/s$/))
  .filter(Boolean)
  .map((match) => Number(match[1]))
  .sort((a, b) => a - b);
if (previewRates.length > 0) {
  const mid = previewRates[Math.floor(previewRates.length / 2)];
  const fmt = (n) => n.toLocaleString("en");
  const crit = criterion.find((c) => c.name.startsWith("preview/"));
  const critText = crit ? `; criterion median ${crit.times[2]} ${crit.times[3]} per 100,000` : "";
  out(`| Preview natively (scope + map + validate, 100,000 users, 15 mappings) | ` +
    `**${fmt(mid)} users/s** (median of ${previewRates.length} runs by CPU time, ` +
    `${fmt(previewRates[0])}–${fmt(previewRates[previewRates.length - 1])}${critText}) | ≥ 200,000 users/s | ${verdict(mid >= 200000)} |`);
}
const fuzz = read("fuzz.log");
if (fuzz) {
  const ok = /no crash/.test(fuzz);
  const targets = [...fuzz.matchAll(/^\s+(\S+)\s+ok: (\S+) executions/gm)];
  out(`| Fuzzing: ${targets.length} targets × ${(fuzz.match(/targets x (\d+) executions/) ?? [])[1] ?? "?"} executions | ${ok ? "no crash" : "**crash** (see below)"} | no crash | ${verdict(ok)} |`);
}
out();

if (fp) {
  out("## Filter and PATCH against the npm libraries (one Node process)");
  out();
  out("Same generated SCIM users (core + enterprise extension, mixed-case titles and domains) on both sides; results " +
    "cross-checked before timing; each case is one warm-up then the median of " + `${fp.runs} runs.`);
  out();
  out("- **scim2-parse-filter**: `filter(parse(text))`, then the predicate over every JS object (no copy needed).");
  out("- **core**: `new ResourceSet(jsonText)` copies the users into wasm memory once " +
    `(${ms(fp.filter.loadJsonText)} from JSON text, ${ms(fp.filter.loadObjects)} from JS objects — not in the ratio; ` +
    `counting it once: core ${ms(fp.filter.core + fp.filter.loadJsonText)} vs ${ms(fp.filter.npm)}), then \`set.filter(text)\` ` +
    "parses once and returns the matching positions (a `Uint32Array`).");
  out("- **scim-patch**: `scimPatch(user, ops, {mutateDocument: false})` per user (deep copy + apply, like the core, which never changes its input).");
  out("- **core**: `set.applyPatch(request)` over the users in wasm memory (a new set), and `applyPatch(user, request)` per JS object " +
    "(each user converted into wasm and back: the cost of crossing the boundary).");
  out();
  if (fp.disagreements.length) {
    out("Semantic disagreements found by the cross-check (see the benchmark's output for examples):");
    out();
    for (const d of fp.disagreements) out(`- ${d.kind} \`${d.input}\`: ${d.detail}`);
    out();
  }
}
const logs = [["filter-patch.log", "Filter/PATCH output"], ["plan-wasm.log", "Plan in wasm output"], ["browser-preview.log", "Browser preview output"],
  ["bench-sync.log", "Sync throughput (`scripts/bench-sync`)"],
  ["fuzz.log", "Fuzzing (`scripts/fuzz`)"]];
if (nativeLines.length) {
  out("## Native benchmarks (`cargo bench`): plain timings and criterion's estimates");
  out();
  out("```");
  for (const line of nativeLines) out(line);
  out("```");
  out();
}
for (const [file, title] of logs) {
  const text = read(file);
  if (!text) continue;
  out(`## ${title}`);
  out();
  out("```");
  out(text.replace(/\x1b\[[0-9;]*m/g, "").trimEnd());
  out("```");
  out();
}
const findings = path.join(ROOT, "tests", "bench", "findings.md");
if (existsSync(findings)) {
  out(readFileSync(findings, "utf8").trimEnd());
  out();
}
out("## Method");
out();
out("- Node benchmarks (`tests/bench/*.mjs`) run the wasm core module exactly as `scripts/build-js` ships it " +
  "(profile `wasm-release`: `opt-level = \"z\"`, size-optimised) in the same Node process as the npm libraries; " +
  "inputs are generated deterministically (`tests/bench/common.mjs`); times are medians after a warm-up.");
out("- The browser benchmark serves the release build (`trunk build --release`) and times, inside the page " +
  "(`performance.now()`), from the upload's `change` event until the preview summary counts every user.");
out("- Native benchmarks are criterion (`tests/benches/*.rs`, `cargo bench`), profile `release`.");
out("- Fuzzing is cargo-fuzz (libFuzzer, AddressSanitizer, debug assertions) from the committed seeds.");
if (mode === "quick") out("- `--quick`: fewer runs, criterion's quick mode, no fuzzing and no sync benchmark.");
writeFileSync(path.join(ROOT, "tests", "bench", "RESULTS.md"), lines.join("\n") + "\n");
console.log(`wrote tests/bench/RESULTS.md (${lines.length} lines)`);

/**
 * Criterion's estimates (`name` then `time: [low median high]`) and the
 * benches' own plain lines, from cargo bench's output (progress lines are
 * separated by carriage returns there).
 */
function parseCargoBench(text) {
  const criterion = [];
  const nativeLines = [];
  let name = null;
  for (const line of text.replace(/\x1b\[[0-9;]*m/g, "").split(/\r|\n/)) {
    const time = line.match(/^\s+time:\s+\[([^\]]+)\]/);
    // Criterion's "change" against the previous run is a `time:` line of percentages.
    if (time && name && !time[1].includes("%")) {
      criterion.push({ name, times: time[1].trim().split(/\s+/) });
      nativeLines.push(`${name}: ${time[1].trim()}`);
    } else if (/ s wall| per second/.test(line)) {
      nativeLines.push(line.trim());
    } else if (/^\S/.test(line) && !/^(Benchmarking|Found|Warning|Running|Compiling|Finished|Gnuplot|WARNING)\b/.test(line) && !/^\s*$/.test(line)) {
      name = line.trim();
    }
  }
  return { criterion, nativeLines };
}
