// Shared by the Node benchmarks: the core module loader, deterministic
// generated SCIM users, timing (warm-up + median of several runs) and the
// JSON summary each benchmark leaves for scripts/bench's RESULTS.md.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "..", "..");
export const JS_CORE = process.env.JS_OUT ?? path.join(ROOT, "target", "js-core");

/** The core ES module built by scripts/build-js, initialised. */
export async function loadCore() {
  const core = await import(pathToFileURL(path.join(JS_CORE, "scim_mapper_js.js")).href);
  await core.default({ module_or_path: readFileSync(path.join(JS_CORE, "scim_mapper_js_bg.wasm")) });
  return core;
}

/** Deterministic pseudo-random integers in [0, bound) (no seed drift between runs or machines). */
export function lcg(seed = 42) {
  let state = BigInt(seed);
  return (bound) => {
    state = (state * 6364136223846793005n + 1442695040888963407n) & 0xffffffffffffffffn;
    return Number((state >> 33n) % BigInt(bound));
  };
}

export const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const TITLES = ["Engineer", "Manager", "Designer", "Sales Rep", "engineering lead", "ENGINEER"];
const DEPARTMENTS = ["Sales", "R&D", "Support", "Finance"];
const DOMAINS = ["example.com", "example.org", "Corp.Example.com"];

/** `count` SCIM 2.0 users (core + enterprise extension), the same on every run. */
export function scimUsers(count, seed = 42) {
  const next = lcg(seed);
  return Array.from({ length: count }, (_, i) => {
    const user = {
      schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
      id: `id-${i}`,
      userName: `user${i}@${DOMAINS[next(3)]}`,
      name: { givenName: `Given${i % 977}`, familyName: `Family${i % 1013}`, formatted: `Given${i % 977} Family${i % 1013}` },
      displayName: `User ${i}`,
      userType: next(4) === 0 ? "Contractor" : "Employee",
      active: next(10) !== 0,
      emails: [
        { value: `user${i}@${DOMAINS[next(3)]}`, type: "work", primary: true },
        { value: `u${i}@home.example.net`, type: "home" },
      ],
      addresses: [{ type: "work", country: ["US", "FR", "DE"][next(3)], locality: "City" }],
      meta: { resourceType: "User", lastModified: `2024-0${1 + next(9)}-1${next(10)}T10:00:00Z` },
      [ENTERPRISE]: { department: DEPARTMENTS[next(4)], manager: { value: `id-${next(1000)}` } },
    };
    if (next(5) !== 0) user.title = TITLES[next(TITLES.length)];
    return user;
  });
}

/** Runs `fn` `warmup` times, then `runs` times; the median and every run in ms. */
export function measure(fn, { warmup = 1, runs = 5 } = {}) {
  for (let i = 0; i < warmup; i++) fn();
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return { median: median(times), runs: times };
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export const ms = (value) => `${value.toFixed(value < 10 ? 2 : 1)} ms`;

/** JSON with object keys sorted, so two equal resources print the same whatever their key order. */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value).sort().filter((k) => value[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** Leaves `summary` where scripts/bench collects it (BENCH_SUMMARY_DIR), if asked to. */
export function writeSummary(name, summary) {
  const dir = process.env.BENCH_SUMMARY_DIR;
  if (dir) writeFileSync(path.join(dir, `${name}.json`), JSON.stringify(summary, null, 2));
}
