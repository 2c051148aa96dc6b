// <scim-mapper>: the widget as a custom element, for portals that prefer
// markup to a `mount` call. It mounts the app into its own shadow root, so
// the portal's styles and the widget's never mix.
//
//   <scim-mapper base-url="https://app.example/scim/v2" profile="asana" read-only></scim-mapper>
//   element.tokenProvider = async () => (await fetch("/my/token")).text();
//   element.config = {...};            // before or after it is mounted
//   element.addEventListener("configchange", (e) => save(e.detail));
//
// Events (CustomEvent, bubbling, composed): `ready` once mounted,
// `configchange` {detail: config}, `syncprogress` {detail: progress},
// `synccomplete` {detail: {dryRun, report | errors}}, and `mounterror`
// {detail: {code, path, message}} when the options are refused.
import init, { mount } from "./scim-mapper-app.js";

// The wasm beside this file (scim-mapper-app_bg.wasm), fetched once per page.
const ready = init();

const ATTRIBUTES = { "base-url": "baseUrl", profile: "profile", panel: "panel" };

export class ScimMapperElement extends HTMLElement {
  static get observedAttributes() {
    return [...Object.keys(ATTRIBUTES), "read-only"];
  }

  #widget = null;
  #pending = {};
  #source = undefined;
  #tokenProvider = null;
  #starting = null;

  connectedCallback() {
    this.#starting ??= this.#start();
  }

  disconnectedCallback() {
    this.#stop();
  }

  attributeChangedCallback(_name, before, after) {
    // Settings are fixed for a mounted app: mount it again, keeping the configuration.
    if (before !== after && this.#widget) {
      this.#stop();
      this.#starting = this.#start();
    }
  }

  /** The configuration (contract §1) as the admin has it now. */
  get config() {
    return this.#widget ? this.#widget.getConfig() : this.#pending.config;
  }

  /** Replaces the configuration; an invalid one throws (code, path) once mounted. */
  set config(config) {
    if (this.#widget) this.#widget.setConfig(config);
    else this.#pending.config = config;
  }

  /** The directory to preview (a `{users, groups}` object or a JSON/CSV text); read at (re)mount. */
  set source(source) {
    this.#source = source;
  }

  /** `() => string | Promise<string>`: asked for the bearer token whenever the API is reached. */
  get tokenProvider() {
    return this.#tokenProvider;
  }

  set tokenProvider(provider) {
    const hadOne = this.#tokenProvider !== null;
    this.#tokenProvider = typeof provider === "function" ? provider : null;
    // The token field shows only without a provider: remount when that changes.
    if (this.#widget && hadOne !== (this.#tokenProvider !== null)) {
      this.#stop();
      this.#starting = this.#start();
    }
  }

  async #start() {
    await ready;
    if (!this.isConnected || this.#widget) return;
    const options = { ...this.#pending };
    if (this.#source !== undefined) options.source = this.#source;
    for (const [attribute, option] of Object.entries(ATTRIBUTES)) {
      if (this.hasAttribute(attribute)) options[option] = this.getAttribute(attribute);
    }
    options.readOnly = this.hasAttribute("read-only");
    if (this.#tokenProvider) options.getToken = () => this.#tokenProvider();
    try {
      this.#widget = mount(this, options);
      this.#pending = {};
      this.dispatchEvent(new CustomEvent("ready", { bubbles: true, composed: true }));
    } catch (error) {
      const detail = { code: error.code, path: error.path, message: error.message };
      this.dispatchEvent(new CustomEvent("mounterror", { bubbles: true, composed: true, detail }));
    } finally {
      this.#starting = null;
    }
  }

  #stop() {
    if (!this.#widget) return;
    // Kept for a remount: the admin's edits survive a settings change.
    this.#pending.config = this.#widget.getConfig();
    this.#widget.unmount();
    this.#widget = null;
  }
}

if (!customElements.get("scim-mapper")) customElements.define("scim-mapper", ScimMapperElement);
