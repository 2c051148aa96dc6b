// Plan at scale in wasm (issue 8): the core module's `plan` on 100,000
// source users against 100,000 linked target users — 10% changed, 1% new,
// 1% gone — built by the same rules as tests/benches/plan.rs (the native
// run), whose action counts it prints for comparison. Times the call as a
// portal would make it (JS objects in, operations out) and, apart, with the
// inputs as JSON text (the source can be passed as text). Target < 1 s.
// Run: scripts/build-js && node tests/bench/plan.mjs
import { readFileSync } from "node:fs";
import path from "node:path";
import { ROOT, loadCore, measure, ms, writeSummary, ENTERPRISE } from "./common.mjs";

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const isChanged = (i) => i % 10 === 3;
const isGone = (i) => i % 100 === 7;
const department = (i) => ["Sales", "Engineering"][i % 2];

const sourceUser = (i) => ({
  id: `u${i}`, mail: `user${i}@example.com`, displayName: isChanged(i) ? `User ${i} (renamed)` : `User ${i}`,
  jobTitle: "Engineer", accountDisabled: false, department: department(i),
});
const targetUser = (i) => ({
  schemas: ["urn:ietf:params:scim:schemas:core:2.0:User", ENTERPRISE],
  id: `t${i}`, userName: `user${i}@example.com`, name: { formatted: `User ${i}` }, title: "Engineer", active: true,
  [ENTERPRISE]: { department: department(i) },
});

const config = JSON.parse(readFileSync(path.join(ROOT, "tests", "fixtures", "plan", "config.json"), "utf8"));
const sourceUsers = [];
for (let i = 0; i < USERS; i++) if (!isGone(i)) sourceUsers.push(sourceUser(i));
for (let i = USERS; i < USERS + USERS / 100; i++) sourceUsers.push(sourceUser(i));
const source = { users: sourceUsers, groups: [] };
const target = { users: Array.from({ length: USERS }, (_, i) => targetUser(i)), groups: [] };
const links = { users: Object.fromEntries(Array.from({ length: USERS }, (_, i) => [`u${i}`, `t${i}`])), groups: {} };
const options = { now: "2026-11-22T12:00:00Z", seed: 1, links };

const core = await loadCore();
// The first call, which also counts the actions, is the warm-up.
const counts = {};
for (const op of core.plan(config, source, target, options)) counts[op.action] = (counts[op.action] ?? 0) + 1;
console.log(`plan (wasm): ${sourceUsers.length.toLocaleString("en")} source users x ${USERS.toLocaleString("en")} target users → ${JSON.stringify(counts)}`);

const objects = measure(() => core.plan(config, source, target, options), { warmup: 0, runs: RUNS });
const sourceText = JSON.stringify(source);
const text = measure(() => core.plan(config, sourceText, target, options), { warmup: 0, runs: 1 });
const targetText = JSON.stringify(target);
const bothText = measure(() => core.plan(config, sourceText, targetText, options), { warmup: 0, runs: 1 });
console.log(`  median of ${RUNS}: ${ms(objects.median)} with JS objects in and out (target < 1000 ms); ` +
  `${ms(text.median)} with the source as JSON text; ${ms(bothText.median)} with source and target as JSON text`);
console.log(`  runs: ${objects.runs.map((t) => t.toFixed(0)).join(", ")} ms`);
writeSummary("plan-wasm", {
  users: USERS, counts, runs: RUNS, medianMs: objects.median, sourceTextMs: text.median, bothTextMs: bothText.median,
});
