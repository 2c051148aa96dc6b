// The example portal's script: no framework, just the <scim-mapper> element.
import "./scim-mapper-element.js";

const widget = document.getElementById("provisioning");
const log = document.getElementById("event-log");
const SAVED_KEY = "example-portal.scim-config";

// A real portal asks its own backend for a short-lived token here; the
// widget calls this each time it reaches the SCIM API and never stores it.
// This demo answers with the token `scripts/run` gives the local server.
widget.tokenProvider = async () => "scim-mapper-dev-token";

// The portal keeps the configuration (the widget does not persist by itself).
const saved = localStorage.getItem(SAVED_KEY);
if (saved) {
  try {
    widget.config = JSON.parse(saved);
  } catch {
    localStorage.removeItem(SAVED_KEY);
  }
}

function record(text) {
  const item = document.createElement("li");
  item.textContent = `${new Date().toISOString().slice(11, 19)} ${text}`;
  log.prepend(item);
  while (log.children.length > 50) log.lastElementChild.remove();
}

let unsaved = false;
widget.addEventListener("ready", () => record("ready"));
widget.addEventListener("mounterror", (e) => record(`mounterror ${e.detail.code} at ${e.detail.path}: ${e.detail.message}`));
widget.addEventListener("configchange", (e) => {
  unsaved = true;
  const users = e.detail.users?.mappings?.length ?? 0;
  record(`configchange: ${users} user mappings`);
});
widget.addEventListener("syncprogress", (e) => record(`syncprogress ${e.detail.phase}: ${e.detail.done}/${e.detail.total}`));
widget.addEventListener("synccomplete", (e) => {
  const { dryRun, report, errors } = e.detail;
  record(report
    ? `synccomplete${dryRun ? " (dry run)" : ""}: users ${report.users.summary.succeeded + report.users.summary.dryRun}/${report.users.summary.total}`
    : `synccomplete: not started, ${errors.length} error(s)`);
});

document.getElementById("portal-save").addEventListener("click", () => {
  localStorage.setItem(SAVED_KEY, JSON.stringify(widget.config));
  unsaved = false;
  document.getElementById("portal-saved").textContent = "Saved.";
});
document.getElementById("portal-read-only").addEventListener("change", (e) => {
  widget.toggleAttribute("read-only", e.target.checked);
});
window.addEventListener("beforeunload", (e) => {
  if (unsaved) e.preventDefault();
});
