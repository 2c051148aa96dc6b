// End-to-end harness: a fresh scim2-server (Asana-like schema) on a free
// 127.0.0.1 port, the built app (dist/) served by a tiny static server that
// proxies /scim/ to it (as Trunk and the README's nginx do), and headless
// Chromium through playwright-core. Everything started here is stopped by
// `stop()` and, as a last resort, when the process exits.
import { spawn } from "node:child_process";
import { createServer, request as httpRequest } from "node:http";
import { readFile, stat, mkdir } from "node:fs/promises";
import { createServer as createNetServer } from "node:net";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { before, after } from "node:test";

const here = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(here, "..", "..");
export const DIST = path.join(ROOT, "dist");
export const ARTIFACTS = path.join(here, "artifacts");
const VENV = path.join(ROOT, ".tools", "venv", "bin");
const FIXTURES = path.join(ROOT, "tests", "fixtures", "asana-server");

const children = new Set();
process.on("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createNetServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, headers, child, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`scim2-server exited with ${child.exitCode}`);
    try {
      const res = await fetch(url, { headers });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`timed out waiting for ${url}`);
}

/** Starts scim2-server; resolves to { baseUrl, token, stop }. */
export async function startScimServer(token = "e2e-token") {
  const port = await freePort();
  const child = spawn(
    path.join(VENV, "scim2-server"),
    [
      "--hostname", "127.0.0.1", "--port", String(port), "--bearer-token", token,
      "--schema", path.join(FIXTURES, "schemas.json"),
      "--resource-type", path.join(FIXTURES, "resource-types.json"),
      "--service-provider-config", path.join(FIXTURES, "service-provider-config.json"),
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  children.add(child);
  let log = "";
  child.stderr.on("data", (d) => { log = (log + d).slice(-4000); });
  const baseUrl = `http://127.0.0.1:${port}/v2`;
  try {
    await waitFor(`${baseUrl}/ServiceProviderConfig`, { Authorization: `Bearer ${token}` }, child);
  } catch (e) {
    child.kill("SIGKILL");
    throw new Error(`${e.message}\n${log}`);
  }
  return {
    baseUrl, token,
    stop: () => new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", resolve);
      child.kill("SIGTERM");
      children.delete(child);
    }),
  };
}

const TYPES = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm",
  ".css": "text/css", ".json": "application/json", ".png": "image/png", ".svg": "image/svg+xml" };

/**
 * Serves dist/ on a free port and proxies /scim/* to `backend` (…/v2/*).
 * Test-only routes: /test/status/NNN/* answers that status with a SCIM error
 * body; /test/hang/* never answers. Unknown paths get index.html (SPA host).
 */
export async function startWebServer(backend, { faults = null } = {}) {
  const port = await freePort();
  const sockets = new Set();
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://x");
    if (url.pathname.startsWith("/scim/")) {
      if (faults && faults.inject(req, res)) return;
      return proxy(req, res, backend + url.pathname.slice("/scim".length) + url.search);
    }
    const status = url.pathname.match(/^\/test\/status\/(\d{3})\//);
    if (status) {
      res.writeHead(Number(status[1]), { "Content-Type": "application/scim+json" });
      return res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: status[1], detail: "injected by the test server" }));
    }
    if (url.pathname.startsWith("/test/hang/")) return; // never answers
    let file = path.join(DIST, path.normalize(decodeURIComponent(url.pathname)).replace(/^(\.\.[/\\])+/, ""));
    try {
      if ((await stat(file)).isDirectory()) file = path.join(file, "index.html");
    } catch {
      file = path.join(DIST, "index.html");
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { "Content-Type": TYPES[path.extname(file)] ?? "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  server.on("connection", (s) => { sockets.add(s); s.on("close", () => sockets.delete(s)); });
  await new Promise((resolve) => server.listen(port, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }),
  };
}

function proxy(req, res, target) {
  const upstream = httpRequest(target, { method: req.method, headers: { ...req.headers, host: new URL(target).host } }, (up) => {
    res.writeHead(up.statusCode, up.headers);
    up.pipe(res);
  });
  upstream.on("error", () => { res.writeHead(502).end("bad gateway"); });
  req.pipe(upstream);
}

export async function launchBrowser() {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"],
  });
}

/**
 * Opens the app. `problems` collects what must never happen: uncaught errors,
 * wasm panics, CSP violations (failed requests the test provokes are fine).
 */
export async function openApp(browser, url, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const problems = [];
  page.on("console", (msg) => {
    if (msg.type() === "error" && /Content.Security.Policy|panicked|unreachable/i.test(msg.text())) problems.push(msg.text());
  });
  page.on("pageerror", (err) => problems.push(String(err)));
  await page.goto(url);
  await page.getByRole("heading", { name: "scim-mapper", level: 1 }).waitFor();
  return { page, context, problems };
}

export async function screenshot(page, name) {
  await mkdir(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true });
}

/**
 * Fault injection for the proxy: a share of the write requests (never GETs)
 * answer 429 with Retry-After, 503, or lose the connection, before they reach
 * the server — so a correct client retries them all and creates no duplicate.
 * Deterministic (seeded), and it counts what it did.
 */
export function faultInjector({ percent = 10, seed = 7 } = {}) {
  let state = seed;
  const next = () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
  const injected = { throttled: 0, unavailable: 0, dropped: 0 };
  return {
    injected,
    total: () => injected.throttled + injected.unavailable + injected.dropped,
    inject(req, res) {
      if (req.method === "GET" || next() * 100 >= percent) return false;
      req.resume();
      const kind = Math.floor(next() * 3);
      if (kind === 0) {
        injected.throttled += 1;
        res.writeHead(429, { "Content-Type": "application/scim+json", "Retry-After": "1" });
        res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "429", detail: "injected throttle" }));
      } else if (kind === 1) {
        injected.unavailable += 1;
        res.writeHead(503, { "Content-Type": "application/scim+json" });
        res.end(JSON.stringify({ schemas: ["urn:ietf:params:scim:api:messages:2.0:Error"], status: "503", detail: "injected outage" }));
      } else {
        // The connection dies mid-answer. (Dying before any byte is not
        // observable: Chromium silently re-sends on a fresh connection.)
        injected.dropped += 1;
        res.writeHead(200, { "Content-Type": "application/scim+json", "Content-Length": "1000" });
        res.write('{"schemas": [');
        setTimeout(() => req.socket.destroy(), 10);
      }
      return true;
    },
  };
}

/**
 * Registers the `before`/`after` hooks a test file needs: scim2-server with
 * `token` (none when `token` is null: nothing then reaches a SCIM API), the
 * static + proxy web server (with `faults`, if any) and Chromium; all are
 * stopped after the file's tests, on failure too. `assign` receives
 * `{scim, web, browser}` once they run, for the file's own variables.
 */
export function useServers({ token = null, faults = null } = {}, assign) {
  const started = {};
  before(async () => {
    if (token !== null) started.scim = await startScimServer(token);
    // Without a SCIM server, the proxy points at a closed port.
    const backend = started.scim ? `${started.scim.baseUrl}/` : "http://127.0.0.1:9/v2/";
    started.web = await startWebServer(backend, { faults });
    started.browser = await launchBrowser();
    assign(started);
  });
  after(async () => {
    await started.browser?.close();
    await started.web?.stop();
    await started.scim?.stop();
  });
}
