// How a portal uses the app module (sync, mount) and the <scim-mapper>
// element, type-checked by `tsc -p tests/js` against the .d.ts files that
// the Trunk build puts in dist/. `@ts-expect-error` lines prove the types
// are real: each must be a type error.
import init, {
  mount,
  preview,
  sync,
  type Config,
  type Progress,
  type SyncReport,
  type Widget,
} from "../../dist/scim-mapper-app.js";
import type { ScimMapperElement } from "../../dist/scim-mapper-element.js";

export async function embed(host: HTMLElement, config: Config): Promise<Widget> {
  await init();
  const widget = mount(host, {
    config,
    profile: "asana",
    readOnly: false,
    panel: "mappings",
    getToken: async () => "token-from-the-portal",
  });
  widget.element.addEventListener("configchange", (event) => {
    const changed = (event as CustomEvent<Config>).detail;
    console.log(changed.version);
  });
  const now: Config = widget.getConfig();
  widget.setConfig({ ...now, verifiedDomains: ["example.com"] });
  // @ts-expect-error: an unknown panel name
  mount(host, { panel: "settings" });
  // @ts-expect-error: readOnly is a boolean
  mount(host, { readOnly: "yes" });
  return widget;
}

export async function provision(config: Config): Promise<number> {
  const progress: Progress[] = [];
  const report: SyncReport = await sync(config, { users: [{ id: "u1", mail: "a@example.com" }] }, {
    baseUrl: "https://app.example/scim/v2",
    token: "t",
    dryRun: true,
    concurrency: 2,
    onProgress: (p) => progress.push(p),
    signal: new AbortController().signal,
  });
  const failed = report.users.results.filter((r) => r.outcome.kind === "failed").length;
  const statuses: (number | null)[] = report.users.log.map((entry) => entry.status);
  // @ts-expect-error: the options are required (baseUrl, token)
  await sync(config, { users: [] });
  // @ts-expect-error: a log entry has no `token`
  report.users.log[0].token;
  console.log(preview(config, { users: [] }).length, statuses.length, progress.length);
  return failed + (report.groups?.summary.failed ?? 0);
}

export function element(): ScimMapperElement {
  const widget = document.createElement("scim-mapper");
  widget.tokenProvider = () => "t";
  widget.addEventListener("synccomplete", (event) => {
    console.log(event.detail.dryRun, event.detail.report?.users.summary.succeeded);
  });
  widget.addEventListener("mounterror", (event) => console.log(event.detail.code));
  // @ts-expect-error: tokenProvider is a function
  widget.tokenProvider = "t";
  return widget;
}
