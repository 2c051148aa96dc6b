// The core's SCIM filter and PATCH against the npm libraries, in one Node
// process, on the same generated users:
//   filter: scim2-parse-filter (`filter(parse(text))` over the JS objects)
//           vs the core's ResourceSet.filter (parse once, evaluate over the
//           users copied into wasm memory once — the load is timed apart);
//   PATCH:  scim-patch (`scimPatch(user, ops, {mutateDocument: false})`,
//           which deep-copies the user like the core does)
//           vs the core's ResourceSet.applyPatch (users in wasm memory) and
//           vs applyPatch per user (objects converted in and out per call).
// Results are cross-checked first; disagreements are printed with examples.
// Then each side runs warm-up + BENCH_RUNS runs; medians and ratios printed.
// Run: scripts/build-js && node tests/bench/filter-patch.mjs
import { createRequire } from "node:module";
import { loadCore, scimUsers, measure, ms, canonical, writeSummary, ENTERPRISE } from "./common.mjs";

const require = createRequire(import.meta.url);
const { parse, filter: compile } = require("scim2-parse-filter");
const { scimPatch } = require("scim-patch");

const USERS = Number(process.env.BENCH_USERS ?? 100_000);
const PATCH_RESOURCES = Number(process.env.BENCH_PATCH_RESOURCES ?? 10_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const EXAMPLES = 3;

const FILTERS = [
  'userName eq "user5000@example.com"',
  'title sw "Eng"',
  'emails[type eq "work" and value ew "example.org"]',
  'active eq true and (userType eq "Contractor" or title co "Manager")',
  'meta.lastModified gt "2024-05-01T00:00:00Z"',
  `${ENTERPRISE}:department eq "Sales"`,
  'not (addresses.country eq "US") and name.familyName pr',
];

const PATCHES = [
  [{ op: "replace", path: "active", value: false }],
  [{ op: "add", path: "title", value: "Staff Engineer" }, { op: "replace", path: "name.familyName", value: "Renamed" }],
  [{ op: "replace", path: 'emails[type eq "work"].value', value: "new@example.com" }],
  [{ op: "add", path: "emails", value: [{ value: "other@example.com", type: "other" }] }],
  [{ op: "remove", path: 'emails[type eq "home"]' }],
  [{ op: "replace", value: { displayName: "Replaced", nickName: "Nick" } }],
  [{ op: "replace", path: `${ENTERPRISE}:department`, value: "Legal" }],
];

console.log(`What each side does (one Node process, same inputs):
  filter  scim2-parse-filter: filter(parse(text)) once, then the predicate on every JS object
          core: the users copied into wasm memory once (new ResourceSet(jsonText), timed apart),
                then set.filter(text): parse once, evaluate every user, return the matching positions
  PATCH   scim-patch: scimPatch(user, ops, {mutateDocument: false}) per user (deep copy + apply)
          core: set.applyPatch(ops) over the users in wasm memory (copy + apply, a new set),
                and applyPatch(user, ops) per JS object (each user converted into wasm and back)
`);
const core = await loadCore();
const users = scimUsers(USERS);
const usersJson = JSON.stringify(users);
console.log(`filter: ${USERS.toLocaleString("en")} users (${(usersJson.length / 1e6).toFixed(1)} MB of JSON), ${FILTERS.length} filters; ` +
  `PATCH: ${PATCH_RESOURCES.toLocaleString("en")} users x ${PATCHES.length} requests; ${RUNS} timed runs after a warm-up\n`);

// ---- the two sides ----

/** scim2-parse-filter: parse + compile, then test every JS object. */
function theirFilter(text) {
  const test = compile(parse(text));
  const found = [];
  for (let i = 0; i < users.length; i++) if (test(users[i])) found.push(i);
  return found;
}

let load = measure(() => new core.ResourceSet(usersJson).free(), { warmup: 0, runs: Math.min(RUNS, 3) });
const loadObjects = measure(() => new core.ResourceSet(users).free(), { warmup: 0, runs: 1 });
const resident = new core.ResourceSet(usersJson);
const ourFilter = (text) => resident.filter(text);

// ---- cross-check ----

const disagreements = [];
for (const text of FILTERS) {
  let theirs;
  try {
    theirs = theirFilter(text);
  } catch (error) {
    disagreements.push({ kind: "filter", input: text, detail: `scim2-parse-filter throws: ${error.message}` });
    continue;
  }
  const ours = [...ourFilter(text)];
  if (canonical(ours) === canonical(theirs)) continue;
  const oursSet = new Set(ours);
  const theirsSet = new Set(theirs);
  const onlyOurs = ours.filter((i) => !theirsSet.has(i));
  const onlyTheirs = theirs.filter((i) => !oursSet.has(i));
  disagreements.push({
    kind: "filter", input: text,
    detail: `core matches ${ours.length}, scim2-parse-filter ${theirs.length}; ` +
      `only the core: ${onlyOurs.length}, only scim2-parse-filter: ${onlyTheirs.length}`,
    examples: [...onlyOurs.slice(0, EXAMPLES), ...onlyTheirs.slice(0, EXAMPLES)].map((i) => ({
      matchedBy: oursSet.has(i) ? "core" : "scim2-parse-filter", user: pick(users[i], text),
    })),
  });
}

const patchUsers = users.slice(0, PATCH_RESOURCES);
const patchSet = new core.ResourceSet(patchUsers);
const theirPatch = (ops) => patchUsers.map((u) => scimPatch(u, ops, { mutateDocument: false, treatMissingAsAdd: true }));
const ourPatchResident = (ops) => patchSet.applyPatch(ops);
const ourPatchPerCall = (ops) => patchUsers.map((u) => core.applyPatch(u, ops));
for (const ops of PATCHES) {
  const input = JSON.stringify(ops);
  let theirs;
  try {
    theirs = theirPatch(ops);
  } catch (error) {
    disagreements.push({ kind: "PATCH", input, detail: `scim-patch throws: ${error.message}` });
    continue;
  }
  const patched = ourPatchResident(ops);
  const ours = patched.toArray();
  patched.free();
  const differing = ours.flatMap((resource, i) => (canonical(resource) === canonical(theirs[i]) ? [] : [i]));
  if (differing.length === 0) continue;
  disagreements.push({
    kind: "PATCH", input,
    detail: `${differing.length} of ${patchUsers.length} results differ`,
    examples: differing.slice(0, 1).map((i) => ({ before: patchUsers[i], core: ours[i], scimPatch: theirs[i] })),
  });
}

console.log(disagreements.length === 0 ? "cross-check: every result agrees\n" : `cross-check: ${disagreements.length} disagreement(s)`);
for (const d of disagreements) {
  console.log(`- ${d.kind} ${d.input}\n  ${d.detail}`);
  for (const example of d.examples ?? []) console.log(`  e.g. ${JSON.stringify(example)}`);
}
if (disagreements.length) console.log("(timed anyway: both sides do the same work on every input)\n");

// ---- timing ----

const timed = (fn) => measure(fn, { warmup: 1, runs: RUNS }).median;
const rows = [];
let theirFilterTotal = 0;
let ourFilterTotal = 0;
for (const text of FILTERS) {
  const theirs = timed(() => theirFilter(text));
  const ours = timed(() => ourFilter(text));
  theirFilterTotal += theirs;
  ourFilterTotal += ours;
  rows.push({ case: `filter \`${text}\``, theirs, ours });
}
let theirPatchTotal = 0;
let ourResidentTotal = 0;
let ourPerCallTotal = 0;
for (const ops of PATCHES) {
  const theirs = timed(() => theirPatch(ops));
  const ours = timed(() => ourPatchResident(ops).free());
  const perCall = timed(() => ourPatchPerCall(ops));
  theirPatchTotal += theirs;
  ourResidentTotal += ours;
  ourPerCallTotal += perCall;
  rows.push({ case: `PATCH \`${JSON.stringify(ops)}\``, theirs, ours, perCall });
}
resident.free();
patchSet.free();
load = load.median;

const ratio = (theirs, ours) => `${(theirs / ours).toFixed(2)}x`;
console.log("median per pass over all users (lower is better); ratio = npm library time / core time (≥ 3 is the target)");
for (const row of rows) {
  const extra = row.perCall === undefined ? "" : `, core per call ${ms(row.perCall)} (${ratio(row.theirs, row.perCall)})`;
  console.log(`  ${row.case}\n    npm ${ms(row.theirs)}, core ${ms(row.ours)}: ${ratio(row.theirs, row.ours)}${extra}`);
}
const summary = {
  users: USERS, patchResources: PATCH_RESOURCES, filters: FILTERS.length, patches: PATCHES.length, runs: RUNS,
  filter: { npm: theirFilterTotal, core: ourFilterTotal, ratio: theirFilterTotal / ourFilterTotal,
    loadJsonText: load, loadObjects: loadObjects.median },
  patch: { npm: theirPatchTotal, coreResident: ourResidentTotal, corePerCall: ourPerCallTotal,
    ratioResident: theirPatchTotal / ourResidentTotal, ratioPerCall: theirPatchTotal / ourPerCallTotal },
  disagreements: disagreements.map(({ kind, input, detail }) => ({ kind, input, detail })),
};
console.log(`\nall ${FILTERS.length} filters over ${USERS.toLocaleString("en")} users: scim2-parse-filter ${ms(theirFilterTotal)}, ` +
  `core ${ms(ourFilterTotal)} → ${ratio(theirFilterTotal, ourFilterTotal)}`);
console.log(`  (the core's one-time copy of the users into wasm memory, not in the above: ${ms(load)} from JSON text, ` +
  `${ms(loadObjects.median)} from JS objects; scim2-parse-filter needs no copy — ` +
  `with the copy from JSON text counted once, core ${ms(ourFilterTotal + load)} → ${ratio(theirFilterTotal, ourFilterTotal + load)})`);
console.log(`all ${PATCHES.length} PATCH requests on ${PATCH_RESOURCES.toLocaleString("en")} users: scim-patch ${ms(theirPatchTotal)}, ` +
  `core (users in wasm memory) ${ms(ourResidentTotal)} → ${ratio(theirPatchTotal, ourResidentTotal)}, ` +
  `core applyPatch per JS object ${ms(ourPerCallTotal)} → ${ratio(theirPatchTotal, ourPerCallTotal)}`);
writeSummary("filter-patch", summary);

/** The attributes a filter reads, to keep examples short. */
function pick(user, text) {
  const shown = { id: user.id };
  for (const key of Object.keys(user)) {
    const short = key.startsWith("urn:") ? "department" : key;
    if (text.includes(short) && key !== "schemas") shown[key] = user[key];
  }
  return shown;
}
