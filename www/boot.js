// Starts the wasm app. Trunk's own loader is an inline script, which the
// page's Content-Security-Policy refuses; this file is the same, as a file.
const tag = document.querySelector("script[data-wasm]");
const { default: init } = await import(tag.dataset.js);
const wasm = await init({ module_or_path: tag.dataset.wasm });
// The wasm memory, for benchmarks that report the heap size (scripts/bench).
globalThis.scimMapperWasmMemory = wasm.memory;
