// Starts the admin page. Trunk's own loader is an inline script, which the
// page's Content-Security-Policy refuses; this file does the same, as a
// file, then mounts the app the way a portal would, but standalone: owning
// the page (landmarks, the panel in the URL hash), no shadow root, the
// configuration saved.
const tag = document.querySelector("script[data-wasm]");
const scimMapper = await import(tag.dataset.js);
const wasm = await scimMapper.default({ module_or_path: tag.dataset.wasm });
// The wasm memory, for benchmarks that report the heap size (scripts/bench).
globalThis.scimMapperWasmMemory = wasm.memory;
scimMapper.mount(document.getElementById("app"), { standalone: true });
