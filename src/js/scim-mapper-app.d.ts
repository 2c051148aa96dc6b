// Types of the app module (contract §5), written by hand: Trunk builds it
// into dist/scim-mapper-app.js beside this file. It is the core module's
// API (./scim-mapper.d.ts) plus the two functions that need a browser:
// `sync` (a run through fetch) and `mount` (the whole app in an element).

import type {
  Action,
  Config,
  InitInput,
  ScimMapperError,
  SourceDirectory,
} from "./scim-mapper";

export * from "./scim-mapper";

/**
 * Loads the WebAssembly module; call it once before anything else. Without
 * an argument it fetches `scim-mapper-app_bg.wasm` next to the .js file.
 */
export default function init(options?: {
  module_or_path?: InitInput | Promise<InitInput>;
}): Promise<void>;

// ---- sync ----

export interface SyncOptions {
  /** The SCIM base URL, e.g. `https://app.asana.com/api/1.0/scim` (or a same-origin proxy). */
  baseUrl: string;
  /** The bearer token. Sent only in the Authorization header; never in the report or an error. */
  token: string;
  /** Send reads only; every write is logged as what it would have sent. Enforced below the planner. Default false. */
  dryRun?: boolean;
  /** Requests in flight at once, 1 to 16. Default 4. */
  concurrency?: number;
  /** Called after every completed operation. A throwing callback does not stop the run. */
  onProgress?: (progress: Progress) => void;
  /** Cancels the run after the requests in flight (an extension of the contract). */
  signal?: AbortSignal;
  /** The `links` of an earlier report, so objects created then are recognised (an extension). */
  links?: Links;
}

/** Source id → target id, for users and groups. */
export interface Links {
  users: Record<string, string>;
  groups: Record<string, string>;
}

export interface ActionProgress {
  done: number;
  total: number;
}

/** A running sync: counts, rate and ETA. */
export interface Progress {
  phase: "users" | "groups";
  done: number;
  total: number;
  failed: number;
  /** Only the actions the plan contains. */
  perAction: Partial<Record<Action, ActionProgress>>;
  ratePerSecond: number;
  /** Null until a rate exists. */
  etaSeconds: number | null;
  elapsedMs: number;
}

/** How one operation ended. */
export type Outcome =
  | { kind: "succeeded"; status: number; targetId: string | null; note: string | null }
  | { kind: "failed"; status: number | null; message: string }
  | { kind: "dryRun"; wouldSend: string }
  | { kind: "cancelled"; message: string }
  | { kind: "skipped"; reason: string };

export interface OperationResult {
  /** Index of the operation in the plan. */
  index: number;
  action: Action;
  resourceType: "User" | "Group";
  sourceId: string | null;
  targetId: string | null;
  outcome: Outcome;
  /** HTTP requests sent for it, retries and recovery included. */
  requests: number;
}

/** One HTTP request of a run (the provisioning log). */
export interface LogEntry {
  /** ISO 8601 UTC with milliseconds. */
  time: string;
  operation: number;
  resourceType: "User" | "Group";
  sourceId: string | null;
  targetId: string | null;
  action: Action;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  path: string;
  /** Null when no HTTP answer arrived (network error, timeout, dry run). */
  status: number | null;
  /** 1 for the first try, 2 for the first retry… */
  attempt: number;
  durationMs: number;
  outcome: "ok" | "retry" | "failed" | "recovered" | "dryRun" | "cancelled";
  retryInMs: number | null;
  /** What went wrong (SCIM `detail`, network error…). */
  error: string | null;
}

export interface Summary {
  total: number;
  succeeded: number;
  failed: number;
  dryRun: number;
  cancelled: number;
  skipped: number;
  requests: number;
  retries: number;
}

/** One phase of a run (users, then groups). */
export interface ExecutionReport {
  results: OperationResult[];
  /** Why the phase ended before its last operation (401/403, quarantine, cancel). */
  stopped: { reason: "unauthorized" | "quarantine" | "cancelled"; message: string } | null;
  log: LogEntry[];
  /** Source id → target id of the objects this phase created or linked. */
  created: Record<string, string>;
  summary: Summary;
  elapsedMs: number;
}

/** What `sync` resolves to. */
export interface SyncReport {
  dryRun: boolean;
  /** What the target held before the run. */
  imported: { users: number; groups: number };
  users: ExecutionReport;
  /** Null when groups are not provisioned or the user phase stopped. */
  groups: ExecutionReport | null;
  /** Pass as `links` to the next run. */
  links: Links;
}

/**
 * Imports what the target holds, plans, and runs both phases through fetch
 * with retries. Rejects with a ScimMapperError before anything is sent (bad
 * argument or configuration, failed import); what happens during the run
 * (401, quarantine, failed operations) is in the report.
 */
export function sync(
  config: Config | object,
  source: SourceDirectory | string,
  options: SyncOptions,
): Promise<SyncReport>;

// ---- mount ----

export type PanelName =
  | "connection"
  | "source"
  | "mappings"
  | "expressions"
  | "scoping"
  | "groups"
  | "validation"
  | "preview"
  | "import"
  | "sync";

/** `mount`'s options; an unknown key throws `options.unknown`. */
export interface MountOptions {
  /** The configuration to start from. Default: the starter for `profile`. */
  config?: Config | object;
  /** The directory to preview. Default: the built-in sample directory. */
  source?: SourceDirectory | string;
  /** The SCIM base URL when the configuration names none. Default: `<origin>/scim`. */
  baseUrl?: string;
  /** A token to start with (kept in memory only). Prefer `getToken`. */
  token?: string;
  /** Asked for the bearer token each time the API is reached; the token field is then hidden. */
  getToken?: () => string | Promise<string>;
  /** Built-in profile of the starter configuration. */
  profile?: "generic" | "asana";
  /** No configuration edit, dry runs only. */
  readOnly?: boolean;
  /** The panel shown first. */
  panel?: PanelName;
  /** Save the configuration in localStorage and restore it. Default: `standalone` (a portal keeps it). */
  persist?: boolean;
  /** Render in a shadow root so no style leaks either way. Default: not `standalone`. */
  shadow?: boolean;
  /** The app owns the document, as the admin page does: page landmarks (header, main, h1) and the open panel in the URL hash. Default false. */
  standalone?: boolean;
}

/** `synccomplete`'s detail. */
export interface SyncComplete {
  dryRun: boolean;
  /** The run's outcome (absent when nothing could be sent). */
  report?: Omit<SyncReport, "dryRun" | "imported">;
  /** Why nothing was sent (absent when the run happened). */
  errors?: { code: string; path: string; message: string }[];
}

/** The events a mounted app dispatches on its element (bubbling, composed). */
export interface WidgetEventMap {
  configchange: CustomEvent<Config>;
  syncprogress: CustomEvent<Progress>;
  synccomplete: CustomEvent<SyncComplete>;
}

/** The handle `mount` returns. */
export class Widget {
  private constructor();
  /** The element mounted into; its events fire there. */
  readonly element: HTMLElement;
  /** The configuration as the admin has it now. */
  getConfig(): Config;
  /** Replaces the configuration; an invalid one throws a ScimMapperError and changes nothing. */
  setConfig(config: Config | object): void;
  /** Removes the app from the element. */
  unmount(): void;
  /** Frees the handle (wasm-bindgen); `unmount` first. */
  free(): void;
}

/** Renders the whole app inside `element`. Throws a ScimMapperError for bad options. */
export function mount(element: HTMLElement, options?: MountOptions): Widget;

