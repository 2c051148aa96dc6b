// Types of the scim-mapper core ES module (contract §5), written by hand:
// wasm-bindgen would only say `any`. Built by scripts/build-js into
// target/js-core/ beside scim_mapper_js.js.

/** Where the module's .wasm comes from: a URL, a fetch Response, its bytes, or a compiled module. */
export type InitInput =
  | RequestInfo
  | URL
  | Response
  | BufferSource
  | WebAssembly.Module;

/**
 * Loads the WebAssembly module; call it once before anything else. Without
 * an argument it fetches `scim_mapper_js_bg.wasm` next to the .js file.
 */
export default function init(options?: {
  module_or_path?: InitInput | Promise<InitInput>;
}): Promise<void>;

/** Synchronous `init` for bytes or a compiled module already at hand. */
export function initSync(options: { module: BufferSource | WebAssembly.Module }): void;

/** What every function throws: a JS Error with a stable code and a location. */
export type ScimMapperError = Error & {
  /** Stable machine-readable code, e.g. `expr.syntax`, `config.type`, `source.missing`, `argument.type`. */
  code: string;
  /** Where: a JSON path (`$.users.mappings[2].source`), a text position (`column 14`, `line 3, column 5`), or an argument name (`sourceUser`). */
  path: string;
  /** For a broken configuration: every located error, the first of which is thrown. */
  errors?: { code: string; path: string; message: string }[];
};

/** The optional trailing options object (an extension of the contract). */
export interface CallOptions {
  /** What `Now()` returns and when `deleteAfterDays` has passed: Unix milliseconds or RFC 3339 text. Default: `Date.now()`. */
  now?: string | number;
  /** Seed of `Guid()` and `RandomString()`, for repeatable output (a non-negative safe integer). Default: from the clock. */
  seed?: number;
}

/** `plan`'s options: also the links earlier runs made (source id → target id). */
export interface PlanOptions extends CallOptions {
  links?: { users?: Record<string, string>; groups?: Record<string, string> };
}

// ---- The mapping configuration (contract §1) ----

export type ScopingOperator =
  | "EQUALS"
  | "NOT EQUALS"
  | "IS TRUE"
  | "IS FALSE"
  | "IS NULL"
  | "IS NOT NULL"
  | "REGEX MATCH"
  | "NOT REGEX MATCH"
  | "GREATER_THAN"
  | "GREATER_THAN_OR_EQUALS"
  | "LESS_THAN"
  | "LESS_THAN_OR_EQUALS"
  | "ENDS_WITH"
  | "STARTS_WITH"
  | "INCLUDES"
  | "IS IN"
  | "IS NOT IN"
  | "IS MEMBER OF";

/** One condition: Entra's attribute/operator/value, or an RFC 7644 filter. Operators are case-insensitive. */
export type ScopingClause =
  | { attribute?: string; operator: ScopingOperator | (string & {}); value?: unknown }
  | { scimFilter: string };

/** Clauses inside one scoping filter are AND-ed; the filters of a list are OR-ed; an empty list means everyone. */
export interface ScopingFilter {
  clauses: ScopingClause[];
}

export type MappingSource =
  | { type: "direct"; attribute: string }
  | { type: "constant"; value: unknown }
  | { type: "expression"; expression: string }
  | { type: "none" };

export interface AttributeMapping {
  /** A SCIM attribute path: `userName`, `name.formatted`, `addresses[type eq "work"].country`, or a full URN. */
  target: string;
  source: MappingSource;
  /** Default `always`. */
  applyOn?: "always" | "create";
  /** Used only when the source value is null or absent, only on create. */
  default?: unknown;
  /** Matching precedence, 1 first. */
  matching?: number;
}

export interface ResourceMapping {
  enabled?: boolean;
  scoping?: ScopingFilter[];
  mappings?: AttributeMapping[];
}

export interface Config {
  $schema?: string;
  version: 1;
  target: {
    profile: string;
    baseUrl?: string;
    /** The server's own schemas, used instead of the profile's (what GET /Schemas and /ResourceTypes returned). */
    discovered?: { schemas: object[] | object; resourceTypes: object[] | object; patchSupported?: boolean };
  };
  verifiedDomains?: string[];
  actions?: { create?: boolean; update?: boolean; deactivate?: boolean; delete?: boolean };
  deprovision?: {
    onOutOfScope?: "deactivate" | "delete" | "none";
    deleteAfterDays?: number | null;
  };
  users?: ResourceMapping;
  groups?: ResourceMapping;
}

// ---- Inputs (contract §2 and §3) ----

/** One source record: an `id` and any flat or nested attributes (multi-valued as arrays). */
export interface SourceRecord {
  id: string;
  [attribute: string]: unknown;
}

export interface SourceGroup extends SourceRecord {
  displayName?: string;
  /** Ids of member users. */
  members?: string[];
}

/** The admin's directory. `preview`, `plan` and `validate` also accept the text of a JSON or CSV export. */
export interface SourceDirectory {
  users: SourceRecord[];
  groups?: SourceGroup[];
}

/** A SCIM resource as the target returned it. */
export interface ScimResource {
  id?: string;
  schemas?: string[];
  [attribute: string]: unknown;
}

/** What GET /Users and GET /Groups returned, all pages merged. */
export interface TargetSnapshot {
  users?: ScimResource[];
  groups?: ScimResource[];
}

// ---- Outputs ----

export interface Diagnostic {
  severity: "error" | "warning" | "info";
  /** Stable code, e.g. `mapping.unknownTarget` (see src/mapping/validate/codes.md). */
  code: string;
  /** JSON path into the configuration (`$.users.mappings[0].target`) or the source (`$.users[3].mail`). */
  path: string;
  message: string;
  /** What to do about it, when there is something obvious. */
  hint?: string;
}

export interface PreviewItem {
  sourceId: string;
  /** Position in the directory's `users` or `groups`. */
  sourceIndex: number;
  inScope: boolean;
  /** What let the record in or kept it out. */
  scopeReason: string;
  resourceType: "User" | "Group";
  /** The body of the POST that would create it; null when out of scope. */
  resource: ScimResource | null;
  /** The value that would find an existing target object. */
  matching: { attribute: string; value: string } | null;
  /** Group members whose users have no target id yet (absent when none). */
  pendingMembers?: string[];
  diagnostics: Diagnostic[];
}

export type Action = "create" | "update" | "deactivate" | "delete" | "link" | "noop" | "skip";

export interface PlannedRequest {
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  /** Relative to the SCIM base URL, e.g. `/Users/2819c223`. */
  path: string;
  body: unknown | null;
}

export interface Operation {
  action: Action;
  resourceType: "User" | "Group";
  sourceId: string | null;
  targetId: string | null;
  /** Null for operations that send nothing. */
  request: PlannedRequest | null;
  /** Why, in words for the admin. */
  reason: string;
}

/** An expression's value as JSON: string, number, boolean, array or null. */
export type ExpressionValue = string | number | boolean | null | ExpressionValue[];

// ---- The functions; each throws a ScimMapperError on bad input ----

/** The configuration's findings; with `source`, also what the directory reveals. */
export function validate(config: Config | object, source?: SourceDirectory | string | null): Diagnostic[];

/** Every source user, then every group, as it would be sent. */
export function preview(
  config: Config | object,
  source: SourceDirectory | string,
  options?: CallOptions,
): PreviewItem[];

/** The operations a sync would send to a target holding `target`. */
export function plan(
  config: Config | object,
  source: SourceDirectory | string,
  /** The snapshot, or the JSON text of a snapshot file. */
  target: TargetSnapshot | object | string,
  options?: PlanOptions,
): Operation[];

/** One Entra-style expression against one user record (every attribute null without one). */
export function evaluate(
  expression: string,
  sourceUser?: SourceRecord | object | null,
  options?: CallOptions,
): ExpressionValue;

// ---- SCIM core extensions (beyond contract §5): filters and PATCH ----

/** `matchFilter`/`applyPatch`/`ResourceSet` options. */
export interface ScimOptions {
  /** A built-in target profile (`generic`, `asana`) whose schema decides case-exactness and types. Default: none (strings compare case-insensitively, ISO 8601 strings chronologically). */
  profile?: string;
}

/** A PATCH request: the PatchOp envelope or a bare Operations array. Op names in any case. */
export type PatchRequest =
  | { schemas?: string[]; Operations: PatchOperation[] }
  | PatchOperation[];

export interface PatchOperation {
  op: "add" | "remove" | "replace" | (string & {});
  path?: string;
  value?: unknown;
}

/** Whether one SCIM resource matches an RFC 7644 filter (throws `filter.syntax` at `column N`). */
export function matchFilter(filter: string, resource: ScimResource | object, options?: ScimOptions): boolean;

/** The resource after a PATCH request; the input is not changed. Throws the SCIM `scimType` as `code`, `Operations[i].…` as `path`. */
export function applyPatch<T extends ScimResource | object>(
  resource: T,
  request: PatchRequest,
  options?: ScimOptions,
): ScimResource;

/**
 * SCIM resources copied into the module's memory once, so that many filters
 * or PATCH requests run over them without converting each resource on each
 * call. Call `free()` when done (wasm memory is not garbage-collected).
 */
export class ResourceSet {
  /** An array of resource objects, or its JSON text (faster to copy in). */
  constructor(resources: (ScimResource | object)[] | string, options?: ScimOptions);
  /** How many resources the set holds. */
  readonly length: number;
  /** Positions (ascending) of the resources matching the filter, parsed once. */
  filter(filter: string): Uint32Array;
  /** A new set with `request` applied to every resource; throws at the first failure (`resources[i].Operations[j]…`). */
  applyPatch(request: PatchRequest): ResourceSet;
  /** The resource at `index`; `undefined` past the end. */
  get(index: number): ScimResource | undefined;
  /** Every resource as plain objects. */
  toArray(): ScimResource[];
  /** Releases the wasm memory the set holds. */
  free(): void;
}
