// ResourceSet prepares a filter or a PATCH request once per kind of
// resource it holds (the resource type its `schemas` declare). With a
// profile and users and groups mixed in one set, each resource must still
// get its own type's rules: the same answers as matchFilter / applyPatch
// called on that resource alone with the same profile.
// Needs the module built by scripts/build-js. Run: node --test tests/js/
import { test, before } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const OUT = process.env.JS_OUT ?? join(ROOT, "target", "js-core");
const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";

let api;
before(async () => {
  api = await import(pathToFileURL(join(OUT, "scim_mapper_js.js")).href);
  await api.default({ module_or_path: readFileSync(join(OUT, "scim_mapper_js_bg.wasm")) });
});

/** Users and groups interleaved; `displayName` is case-exact nowhere, `id` is. */
function mixed() {
  return Array.from({ length: 12 }, (_, i) =>
    i % 3 === 0
      ? { schemas: [GROUP], id: `G${i}`, displayName: i % 2 ? "Admins" : "ADMINS", members: [{ value: `U${i + 1}` }] }
      : { schemas: [USER], id: `U${i}`, userName: `user${i}`, displayName: i % 2 ? "Ada" : "ADA", title: "Eng",
          meta: { lastModified: `2024-0${1 + (i % 9)}-01T00:00:00Z` } });
}

const FILTERS = ['displayName eq "admins"', 'id eq "g3"', 'id sw "U"', "members pr", 'members[value eq "U4"]',
  'title eq "eng" and displayName eq "ada"', 'meta.lastModified gt "2024-04-01T00:00:00Z"'];

test("ResourceSet.filter with a profile answers like matchFilter on each resource of either type", () => {
  const resources = mixed();
  for (const profile of [undefined, "generic"]) {
    const options = profile ? { profile } : undefined;
    const set = new api.ResourceSet(resources, options);
    for (const f of FILTERS) {
      const expected = resources.flatMap((r, i) => (api.matchFilter(f, r, options) ? [i] : []));
      assert.deepEqual([...set.filter(f)], expected, `${f} (${profile ?? "no profile"})`);
    }
    set.free();
  }
  // The profile matters here (`id` is case-exact), so both kinds were really checked.
  const set = new api.ResourceSet(resources, { profile: "generic" });
  assert.deepEqual([...set.filter('id eq "g3"')], []);
  assert.ok(set.filter('displayName eq "admins"').length > 0);
  set.free();
});

/** applyPatch on one resource: its result, or the error it throws. */
function alone(resource, request, options) {
  try {
    return { result: api.applyPatch(resource, request, options) };
  } catch (error) {
    return { error };
  }
}

test("ResourceSet.applyPatch with a profile patches each resource as applyPatch does", () => {
  const resources = mixed();
  const requests = [
    [{ op: "replace", path: "displayName", value: "Renamed" }],
    [{ op: "add", value: { displayName: "X" } }],
    // Groups have members, users do not: under the profile the first user fails.
    [{ op: "remove", path: 'members[value eq "U4"]' }],
  ];
  let failures = 0;
  for (const profile of [undefined, "generic"]) {
    const options = profile ? { profile } : undefined;
    const set = new api.ResourceSet(resources, options);
    for (const request of requests) {
      const each = resources.map((r) => alone(r, request, options));
      const first = each.findIndex((outcome) => outcome.error);
      if (first >= 0) {
        failures += 1;
        let error;
        assert.throws(() => set.applyPatch(request), (e) => (error = e) instanceof Error);
        assert.equal(error.code, each[first].error.code);
        assert.equal(error.path, `resources[${first}].${each[first].error.path}`);
        continue;
      }
      const patched = set.applyPatch(request);
      assert.deepEqual(patched.toArray(), each.map((outcome) => outcome.result), JSON.stringify(request));
      patched.free();
    }
    set.free();
  }
  assert.equal(failures, 1, "only the members request under the profile fails");
});
