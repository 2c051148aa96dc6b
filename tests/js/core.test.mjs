// The core ES module (contract §5) in Node: every function on real inputs,
// the shapes of its results, parity with the CLI, and the errors it throws.
// Needs the module built by scripts/build-js (target/js-core/, or $JS_OUT)
// and cargo for the CLI parity checks. Run: node --test tests/js/
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = process.env.JS_OUT ?? join(ROOT, "target", "js-core");
const fixture = (path) => JSON.parse(readFileSync(join(ROOT, "tests", "fixtures", path), "utf8"));
const NOW = "2026-11-22T12:00:00Z";
const OPTIONS = { now: NOW, seed: 1 };

let api;
before(async () => {
  api = await import(pathToFileURL(join(OUT, "scim_mapper_js.js")).href);
  const bytes = readFileSync(join(OUT, "scim_mapper_js_bg.wasm"));
  await api.default({ module_or_path: bytes });
});

/** Runs `fn` and returns what it threw, failing when it returns instead. */
function thrown(fn) {
  try {
    fn();
  } catch (error) {
    return error;
  }
  assert.fail("expected a thrown error");
}

/** The CLI's output for the same inputs, to prove both shells agree. */
function cli(...args) {
  const out = execFileSync("cargo", ["run", "-q", "--bin", "scim-mapper", "--", ...args], {
    cwd: ROOT,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "ignore"],
    maxBuffer: 64 * 1024 * 1024,
  });
  return JSON.parse(out);
}

test("the module exports exactly the contract's core functions, the SCIM extensions (and wasm-bindgen's initSync)", () => {
  assert.deepEqual(Object.keys(api).sort(), [
    "ResourceSet", "applyPatch", "default", "evaluate", "initSync", "matchFilter", "plan", "preview", "validate",
  ]);
  for (const name of Object.keys(api)) assert.equal(typeof api[name], "function", name);
});

test("evaluate: Entra expressions against a plain object", () => {
  const user = { givenName: "Zoë", surname: "Doe", accountDisabled: true, proxyAddresses: ["a", "b"] };
  assert.equal(api.evaluate('Join(" ", [givenName], [surname])', user), "Zoë Doe");
  assert.equal(api.evaluate("ToLower(NormalizeDiacritics([givenName]))", user), "zoe");
  assert.equal(api.evaluate("Not([accountDisabled])", user), false);
  assert.equal(api.evaluate("Count([proxyAddresses])", user), 2);
  assert.deepEqual(api.evaluate('Split("a,b", ",")', {}), ["a", "b"]);
  assert.equal(api.evaluate("[missing]", user), null);
  // Without a record every attribute is null (like `scim-mapper eval` without --source).
  assert.equal(api.evaluate("IsNull([x])"), true);
});

test("evaluate: now and seed come from the options, else from the clock", () => {
  assert.equal(api.evaluate("Now()", {}, { now: "2021-07-02T15:33:38Z" }), "7/2/2021 3:33:38 PM");
  assert.equal(api.evaluate("Now()", {}, { now: Date.UTC(2020, 2, 16, 7) }), "3/16/2020 7:00:00 AM");
  const guid = api.evaluate("Guid()", {}, { seed: 7 });
  assert.match(guid, /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  assert.equal(api.evaluate("Guid()", {}, { seed: 7 }), guid);
  assert.notEqual(api.evaluate("Guid()", {}, { seed: 8 }), guid);
  const year = new Date().getUTCFullYear();
  assert.match(api.evaluate("Now()", {}), new RegExp(`/${year} `));
});

test("evaluate: a syntax error is thrown with its code and column", () => {
  const error = thrown(() => api.evaluate('Join(" ", [a]', {}));
  assert.ok(error instanceof Error);
  assert.equal(error.code, "expr.syntax");
  assert.equal(error.path, "column 14");
  assert.match(error.message, /^expr\.syntax at column 14: /);
});

test("evaluate: wrong argument types are thrown as argument.type", () => {
  let error = thrown(() => api.evaluate(42, {}));
  assert.equal(error.code, "argument.type");
  assert.equal(error.path, "expression");
  error = thrown(() => api.evaluate("[a]", "not a record"));
  assert.equal(error.code, "argument.type");
  assert.equal(error.path, "sourceUser");
  error = thrown(() => api.evaluate("[a]", { a: () => 1 }));
  assert.equal(error.code, "argument.type");
  error = thrown(() => api.evaluate("Now()", {}, { now: "yesterday" }));
  assert.equal(error.code, "options.now");
  assert.equal(error.path, "$.now");
  error = thrown(() => api.evaluate("Guid()", {}, { seed: -1 }));
  assert.equal(error.code, "options.seed");
  error = thrown(() => api.evaluate("Guid()", {}, "seed"));
  assert.equal(error.code, "argument.type");
  assert.equal(error.path, "options");
});

test("validate: a sound configuration has no findings; a broken expression is located", () => {
  assert.deepEqual(api.validate(fixture("engine/asana-sample.json")), []);
  const diagnostics = api.validate(fixture("engine/broken-expression.json"));
  assert.equal(diagnostics.length, 1);
  const [finding] = diagnostics;
  assert.equal(finding.severity, "error");
  assert.equal(finding.code, "expr.syntax");
  assert.equal(finding.path, "$.users.mappings[1].source.expression");
  assert.equal(typeof finding.message, "string");
  assert.equal(typeof finding.hint, "string");
  assert.equal(Object.getPrototypeOf(finding), Object.prototype, "a plain object, not a Map");
});

test("validate: with a source directory, the directory's findings too", () => {
  const diagnostics = api.validate(fixture("engine/asana-sample.json"), fixture("engine/directory.json"));
  const found = diagnostics.map((d) => `${d.code} ${d.path}`);
  assert.ok(found.includes("user.requiredEmpty $.users[3].userPrincipalName"), found.join("\n"));
  assert.ok(found.includes("group.unknownMember $.groups[1].members"), found.join("\n"));
  for (const d of diagnostics) assert.ok(["error", "warning", "info"].includes(d.severity));
});

test("validate: a structurally broken configuration throws every located error", () => {
  const error = thrown(() => api.validate(fixture("config/broken-types.json")));
  assert.equal(error.code, "config.type");
  assert.equal(error.path, "$.target.baseUrl");
  assert.equal(error.errors.length, 11);
  assert.deepEqual(error.errors[1], {
    code: "config.type",
    path: "$.verifiedDomains",
    message: "expected an array, found a string",
  });
  const unknown = thrown(() => api.validate(fixture("config/broken-unknown-fields.json")));
  assert.equal(unknown.code, "config.unknownField");
  assert.equal(unknown.path, "$.colour");
  assert.ok(unknown.errors.some((e) => e.path === "$.target.baseURL" && /did you mean `baseUrl`/.test(e.message)));
});

test("validate: a non-object configuration is a located error, not a panic", () => {
  for (const config of [42, "config", [], null]) {
    const error = thrown(() => api.validate(config));
    assert.equal(typeof error.code, "string", JSON.stringify(config));
    assert.equal(error.path, "$", JSON.stringify(config));
  }
  assert.equal(thrown(() => api.validate()).code, "argument.type");
});

test("preview: every user then every group, shaped as the contract says", () => {
  const items = api.preview(fixture("engine/asana-sample.json"), fixture("engine/directory.json"), OPTIONS);
  assert.deepEqual(
    items.map((i) => [i.sourceId, i.resourceType, i.inScope]),
    [
      ["u1", "User", true],
      ["u2", "User", false],
      ["u3", "User", true],
      ["u4", "User", true],
      ["g1", "Group", true],
      ["g2", "Group", true],
    ],
  );
  const [ava, outOfScope] = items;
  assert.equal(ava.resource.userName, "ava.smith@example.com");
  assert.deepEqual(ava.resource.name, { formatted: "Ava Smith" });
  assert.deepEqual(ava.matching, { attribute: "userName", value: "ava.smith@example.com" });
  assert.equal(ava.sourceIndex, 0);
  assert.match(ava.scopeReason, /^in scope/);
  assert.deepEqual(ava.diagnostics, []);
  assert.equal(outOfScope.resource, null);
  assert.match(outOfScope.scopeReason, /^out of scope/);
  assert.deepEqual(items[3].diagnostics.map((d) => d.code), ["user.requiredEmpty", "user.emptyMatching"]);
  assert.deepEqual(items[4].pendingMembers, ["u1", "u3"]);
  assert.equal("pendingMembers" in ava, false);
});

test("preview: a CSV export's text is read like the file", () => {
  const csv = readFileSync(join(ROOT, "tests", "fixtures", "plan", "source.csv"), "utf8");
  const fromCsv = api.preview(fixture("plan/config.json"), csv, OPTIONS);
  const fromJson = api.preview(fixture("plan/config.json"), fixture("plan/source.json"), OPTIONS);
  assert.deepEqual(
    fromCsv.map((i) => [i.sourceId, i.inScope]),
    fromJson.filter((i) => i.resourceType === "User").map((i) => [i.sourceId, i.inScope]),
  );
});

test("preview: a malformed source directory is thrown with its location", () => {
  const config = fixture("engine/asana-sample.json");
  let error = thrown(() => api.preview(config, { groups: [] }));
  assert.equal(error.code, "source.missing");
  assert.equal(error.path, "$.users");
  error = thrown(() => api.preview(config, { users: [{ id: "u1" }, { id: "u1" }] }));
  assert.equal(error.code, "source.duplicateId");
  assert.equal(error.path, "$.users[1].id");
  error = thrown(() => api.preview(config, { users: [42] }));
  assert.equal(error.path, "$.users[0]");
  error = thrown(() => api.preview(config, '{"users": ['));
  assert.equal(error.code, "source.syntax");
  assert.match(error.path, /^line 1, column \d+$/);
  assert.equal(thrown(() => api.preview(config)).code, "argument.type");
});

test("plan: every action against the fixture target, requests as {method, path, body}", () => {
  const ops = api.plan(fixture("plan/config.json"), fixture("plan/source.json"), fixture("plan/target.json"), OPTIONS);
  // The target as JSON text plans the same; broken text is located.
  const text = readFileSync(join(ROOT, "tests", "fixtures", "plan", "target.json"), "utf8");
  assert.deepEqual(api.plan(fixture("plan/config.json"), fixture("plan/source.json"), text, OPTIONS), ops);
  const broken = thrown(() => api.plan(fixture("plan/config.json"), fixture("plan/source.json"), '{"users": [', OPTIONS));
  assert.equal(broken.code, "snapshot.syntax");
  assert.match(broken.path, /^line 1, column \d+$/);
  assert.deepEqual(
    ops.map((o) => [o.action, o.resourceType, o.sourceId, o.targetId, o.request?.method ?? null, o.request?.path ?? null]),
    [
      ["link", "User", "u1", "t-ann", null, null],
      ["update", "User", "u2", "t-bob", "PATCH", "/Users/t-bob"],
      ["create", "User", "u3", null, "POST", "/Users"],
      ["deactivate", "User", "u4", "t-dan", "PATCH", "/Users/t-dan"],
      ["deactivate", "User", "u5", "t-eve", "PATCH", "/Users/t-eve"],
      ["delete", "User", "u6", "t-fay", "DELETE", "/Users/t-fay"],
      ["noop", "User", null, "t-admin", null, null],
      ["update", "Group", "g1", "t-eng", "PATCH", "/Groups/t-eng"],
      ["create", "Group", "g2", null, "POST", "/Groups"],
    ],
  );
  const create = ops[2];
  assert.equal(create.request.body.userName, "cy@example.com");
  assert.deepEqual(create.request.body.name, { formatted: "Cy Park" });
  assert.deepEqual(ops[1].request.body.schemas, ["urn:ietf:params:scim:api:messages:2.0:PatchOp"]);
  for (const op of ops) {
    assert.deepEqual(Object.keys(op), ["action", "resourceType", "sourceId", "targetId", "request", "reason"]);
    assert.ok(op.reason.length > 0);
  }
});

test("plan: links from earlier runs come in through the options", () => {
  const links = fixture("plan/links.json");
  const ops = api.plan(fixture("plan/config.json"), fixture("plan/source.json"), fixture("plan/target.json"), {
    ...OPTIONS,
    links,
  });
  assert.equal(ops[0].action, "noop");
  assert.match(ops[0].reason, /linked to target user t-ann by an earlier run/);
  const error = thrown(() =>
    api.plan(fixture("plan/config.json"), fixture("plan/source.json"), {}, { links: { users: [] } }),
  );
  assert.equal(error.code, "options.links");
});

test("plan: an empty target creates every enabled user in scope; a bad snapshot is located", () => {
  const ops = api.plan(fixture("plan/config.json"), fixture("plan/source.json"), {}, OPTIONS);
  assert.deepEqual(
    ops.map((o) => [o.action, o.sourceId]),
    [
      ["create", "u1"],
      ["create", "u2"],
      ["create", "u3"],
      ["noop", "u4"],
      ["noop", "u5"],
      ["noop", "u6"],
      ["create", "g1"],
      ["create", "g2"],
    ],
  );
  assert.match(ops[4].reason, /disabled in the source/);
  let error = thrown(() => api.plan(fixture("plan/config.json"), fixture("plan/source.json"), { users: {} }));
  assert.equal(error.code, "snapshot.shape");
  assert.equal(error.path, "$.users");
  error = thrown(() => api.plan(fixture("plan/config.json"), fixture("plan/source.json"), { users: [1] }));
  assert.equal(error.path, "$.users[0]");
  // A configuration with errors plans nothing: every error is thrown at once.
  error = thrown(() => api.plan(fixture("engine/broken-expression.json"), fixture("engine/directory.json"), {}));
  assert.equal(error.code, "expr.syntax");
  assert.equal(error.path, "$.users.mappings[1].source.expression");
  assert.deepEqual(error.errors.map((e) => e.code), ["expr.syntax"]);
  error = thrown(() => api.plan({ version: 1, target: { profile: "nope" } }, { users: [] }, {}));
  assert.equal(error.code, "config.unknownProfile");
  assert.equal(error.path, "$.target.profile");
});

test("parity: preview, validate and plan agree with the CLI on the 20-user sample", () => {
  const dir = mkdtempSync(join(tmpdir(), "scim-mapper-js-"));
  const sample = cli("sample", "--users", "20");
  const samplePath = join(dir, "sample.json");
  writeFileSync(samplePath, JSON.stringify(sample));
  const configPath = join(ROOT, "tests", "fixtures", "engine", "asana-sample.json");
  const config = fixture("engine/asana-sample.json");
  assert.equal(sample.users.length, 20);

  const previewed = api.preview(config, sample, OPTIONS);
  assert.deepEqual(previewed, cli("preview", configPath, samplePath, "--now", NOW, "--seed", "1"));

  const targetPath = join(ROOT, "tests", "fixtures", "plan", "target.json");
  const planned = api.plan(config, sample, fixture("plan/target.json"), OPTIONS);
  assert.deepEqual(planned, cli("plan", configPath, samplePath, targetPath, "--now", NOW, "--seed", "1"));
  assert.ok(planned.some((o) => o.action === "create"));

  // `validate --source` exits 1 when it finds errors, so read its stdout either way.
  let report;
  try {
    report = cli("validate", configPath, "--source", samplePath);
  } catch (error) {
    report = JSON.parse(error.stdout);
  }
  assert.deepEqual(api.validate(config, sample), report.diagnostics);
});

// ---- SCIM core extensions: matchFilter, applyPatch, ResourceSet ----

const scimFixture = (name) => fixture(`scim/${name}`);
const FILTERS = [
  'userName eq "bjensen@example.com"',
  'emails[type eq "work" and value co "@example.com"]',
  'name.familyName sw "j" or title pr',
  'not (active eq true)',
  'meta.lastModified gt "2011-01-01T00:00:00Z"',
];

test("matchFilter agrees with `scim-mapper filter --resource` on the RFC's example user", () => {
  const user = scimFixture("full_user.json");
  const file = join(mkdtempSync(join(tmpdir(), "scim-filter-")), "user.json");
  writeFileSync(file, JSON.stringify(user));
  const answers = FILTERS.map((f) => api.matchFilter(f, user));
  assert.ok(answers.includes(true) && answers.includes(false), `a mix of answers: ${answers}`);
  for (const [i, f] of FILTERS.entries()) assert.equal(answers[i], cli("filter", f, "--resource", file), f);
});

test("matchFilter: case rules follow the profile's schema when one is named", () => {
  const user = { schemas: ["urn:ietf:params:scim:schemas:core:2.0:User"], id: "AbC", userName: "Ann" };
  assert.equal(api.matchFilter('userName eq "ann"', user), true);
  assert.equal(api.matchFilter('id eq "abc"', user), true, "without a schema strings compare case-insensitively");
  assert.equal(api.matchFilter('id eq "abc"', user, { profile: "generic" }), false, "id is caseExact in RFC 7643");
  assert.equal(api.matchFilter('userName eq "ann"', user, { profile: "generic" }), true);
});

test("matchFilter: a broken filter is thrown as filter.syntax with its column; bad arguments as argument.type", () => {
  let error = thrown(() => api.matchFilter('userName eq "a" and', {}));
  assert.equal(error.code, "filter.syntax");
  assert.match(error.path, /^column \d+$/);
  error = thrown(() => api.matchFilter(7, {}));
  assert.equal(error.code, "argument.type");
  assert.equal(error.path, "filter");
  error = thrown(() => api.matchFilter("title pr", [1]));
  assert.equal(error.code, "argument.type");
  assert.equal(error.path, "resource");
  error = thrown(() => api.matchFilter("title pr", {}, { profile: "nope" }));
  assert.equal(error.code, "options.profile");
  assert.equal(error.path, "$.profile");
});

test("applyPatch agrees with `scim-mapper patch` and leaves its input unchanged", () => {
  const user = scimFixture("enterprise_user.json");
  const before = structuredClone(user);
  const request = {
    schemas: ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
    Operations: [
      { op: "Replace", path: "active", value: "False" },
      { op: "add", path: 'emails[type eq "home"].value', value: "home@example.net" },
      { op: "remove", path: "nickName" },
      { op: "replace", value: { title: "Chief" } },
    ],
  };
  const patched = api.applyPatch(user, request);
  assert.deepEqual(user, before);
  assert.equal(patched.active, false);
  assert.equal(patched.title, "Chief");
  const dir = mkdtempSync(join(tmpdir(), "scim-patch-"));
  writeFileSync(join(dir, "user.json"), JSON.stringify(user));
  writeFileSync(join(dir, "ops.json"), JSON.stringify(request));
  assert.deepEqual(patched, cli("patch", "--resource", join(dir, "user.json"), "--ops", join(dir, "ops.json")));
});

test("applyPatch: a failing operation is thrown with its scimType and Operations[i] location", () => {
  const user = scimFixture("minimal_user.json");
  let error = thrown(() => api.applyPatch(user, [{ op: "replace", path: "title", value: "x" }, { op: "frob", path: "a" }]));
  assert.equal(error.code, "invalidSyntax");
  assert.match(error.path, /^Operations\[1\]/);
  error = thrown(() => api.applyPatch(user, [{ op: "remove", path: 'emails[type eq "work"' }]));
  assert.equal(error.code, "invalidPath");
  assert.equal(error.path, "Operations[0].path");
  error = thrown(() => api.applyPatch(user, { Operations: 3 }));
  assert.equal(error.code, "invalidSyntax");
  error = thrown(() => api.applyPatch("user", []));
  assert.equal(error.code, "argument.type");
  assert.equal(error.path, "resource");
});

test("ResourceSet.filter gives the positions matchFilter accepts, from objects or JSON text", () => {
  const users = ["full_user.json", "enterprise_user.json", "minimal_user.json"].map(scimFixture);
  const many = Array.from({ length: 30 }, (_, i) => {
    const user = { ...users[i % 3], id: `u${i}`, title: "Eng" };
    if (i % 4 === 0) delete user.title;
    return user;
  });
  for (const set of [new api.ResourceSet(many), new api.ResourceSet(JSON.stringify(many))]) {
    assert.equal(set.length, 30);
    for (const f of FILTERS) {
      const expected = many.flatMap((u, i) => (api.matchFilter(f, u) ? [i] : []));
      const found = set.filter(f);
      assert.ok(found instanceof Uint32Array);
      assert.deepEqual([...found], expected, f);
    }
    assert.ok(set.filter("title pr").length > 0 && set.filter("title pr").length < 30);
    assert.deepEqual(set.get(4), many[4]);
    assert.equal(set.get(30), undefined);
    set.free();
  }
});

test("ResourceSet.applyPatch patches every resource into a new set, or throws where one fails", () => {
  const users = Array.from({ length: 5 }, (_, i) => ({ id: `u${i}`, userName: `user${i}`, active: true }));
  const set = new api.ResourceSet(users);
  const request = [{ op: "replace", path: "active", value: false }, { op: "add", path: "title", value: "T" }];
  const patched = set.applyPatch(request);
  assert.deepEqual(patched.toArray(), users.map((u) => api.applyPatch(u, request)));
  assert.deepEqual(set.toArray(), users, "the original set is unchanged");
  const broken = new api.ResourceSet([...users, { id: "u5", emails: "not a list" }]);
  const error = thrown(() => broken.applyPatch([{ op: "add", path: 'emails[type eq "work"].value', value: "x" }]));
  assert.match(error.path, /^resources\[\d\]\.Operations\[0\]/);
  for (const bad of [42, "{not json", "[1, 2]", [{ id: "a" }, "b"]]) {
    assert.equal(thrown(() => new api.ResourceSet(bad)).code, "argument.type", String(bad));
  }
  for (const s of [set, patched, broken]) s.free();
});
