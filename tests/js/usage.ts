// How a portal uses the core module, type-checked by `tsc -p tests/js` against
// the .d.ts that scripts/build-js puts next to it. `@ts-expect-error` lines
// prove the types are real (not `any`): each must be a type error.
import init, {
  applyPatch,
  evaluate,
  matchFilter,
  ResourceSet,
  plan,
  preview,
  validate,
  type Config,
  type Diagnostic,
  type Operation,
  type PreviewItem,
  type ScimMapperError,
  type SourceDirectory,
  type TargetSnapshot,
} from "../../target/js-core/scim_mapper_js.js";

const config: Config = {
  version: 1,
  target: { profile: "asana" },
  users: {
    scoping: [{ clauses: [{ attribute: "department", operator: "EQUALS", value: "Sales" }] }],
    mappings: [
      { target: "userName", source: { type: "direct", attribute: "mail" }, matching: 1 },
      { target: "name.formatted", source: { type: "expression", expression: 'Join(" ", [givenName], [surname])' } },
      { target: "title", source: { type: "constant", value: "Employee" }, applyOn: "create" },
    ],
  },
};
const source: SourceDirectory = {
  users: [{ id: "u1", mail: "ann@example.com", givenName: "Ann", surname: "Lee", department: "Sales" }],
  groups: [{ id: "g1", displayName: "Sales", members: ["u1"] }],
};
const target: TargetSnapshot = { users: [], groups: [] };

export async function run(): Promise<string[]> {
  await init();
  const lines: string[] = [];
  const diagnostics: Diagnostic[] = validate(config);
  for (const d of diagnostics) {
    const severity: "error" | "warning" | "info" = d.severity;
    lines.push(`${severity} ${d.code} at ${d.path}: ${d.message}${d.hint ? ` (${d.hint})` : ""}`);
  }
  const items: PreviewItem[] = preview(config, source, { now: "2026-11-22T12:00:00Z", seed: 1 });
  for (const item of items) {
    if (item.inScope && item.resource) lines.push(`${item.resourceType} ${item.sourceId}: ${JSON.stringify(item.resource)}`);
    if (item.matching) lines.push(`matches on ${item.matching.attribute} = ${item.matching.value}`);
  }
  const ops: Operation[] = plan(config, source, target, { now: Date.now(), links: { users: { u1: "t1" } } });
  for (const op of ops) {
    if (op.request !== null) lines.push(`${op.action}: ${op.request.method} ${op.request.path}`);
    else lines.push(`${op.action}: nothing sent (${op.reason})`);
  }
  try {
    const value = evaluate("ToUpper([givenName])", { givenName: "ann" });
    if (typeof value === "string") lines.push(value);
  } catch (e) {
    const error = e as ScimMapperError;
    lines.push(`${error.code} at ${error.path}: ${error.message}`);
    for (const each of error.errors ?? []) lines.push(each.path);
  }
  const user = { id: "t1", userName: "ann@example.com", active: true };
  if (matchFilter('userName sw "ann"', user, { profile: "generic" })) lines.push("ann matches");
  const patched = applyPatch(user, [{ op: "replace", path: "active", value: false }]);
  lines.push(`active: ${String(patched.active)}`);
  const set = new ResourceSet([user, { ...user, id: "t2", active: false }]);
  const positions: Uint32Array = set.filter("active eq true");
  const inactive: ResourceSet = set.applyPatch({ Operations: [{ op: "replace", path: "active", value: false }] });
  lines.push(`${positions.length} of ${set.length} active; now ${inactive.filter("active eq true").length}`);
  set.free();
  inactive.free();
  return lines;
}

export function typesAreReal(op: Operation, item: PreviewItem, d: Diagnostic): void {
  // @ts-expect-error an action outside the union
  const action: Operation["action"] = "frobnicate";
  // @ts-expect-error request may be null
  const method: string = op.request.method;
  // @ts-expect-error inScope is a boolean
  const inScope: string = item.inScope;
  // @ts-expect-error severity is a union
  const severity: Diagnostic["severity"] = "fatal";
  // @ts-expect-error a mapping source needs a known type
  const bad: Config = { version: 1, target: { profile: "x" }, users: { mappings: [{ target: "a", source: { type: "magic" } }] } };
  // @ts-expect-error evaluate takes an expression string
  evaluate(42, {});
  // @ts-expect-error seed is a number
  preview(config, source, { seed: "1" });
  // @ts-expect-error matchFilter answers a boolean
  const matched: string = matchFilter("title pr", {});
  // @ts-expect-error ResourceSet.filter gives positions, not resources
  const found: object[] = new ResourceSet([]).filter("title pr");
  void [action, method, inScope, severity, bad, d, matched, found];
}
