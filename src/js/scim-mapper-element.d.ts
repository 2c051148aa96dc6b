// Types of www/scim-mapper-element.js: the <scim-mapper> custom element.

import type { Config, SourceDirectory } from "./scim-mapper";
import type { WidgetEventMap } from "./scim-mapper-app";

export interface ScimMapperElementEventMap extends HTMLElementEventMap, WidgetEventMap {
  /** Mounted (after the wasm loaded). */
  ready: CustomEvent<undefined>;
  /** The attributes or properties were refused (e.g. an unknown profile). */
  mounterror: CustomEvent<{ code: string; path: string; message: string }>;
}

/**
 * `<scim-mapper base-url="…" profile="asana|generic" panel="mappings" read-only>`:
 * the app in the element's shadow root. Changing an attribute remounts it
 * and keeps the configuration.
 */
export class ScimMapperElement extends HTMLElement {
  /** The configuration now; set it before or after mounting (throws when invalid once mounted). */
  get config(): Config | undefined;
  set config(config: Config | object);
  /** The directory to preview, read when (re)mounted. */
  set source(source: SourceDirectory | string);
  /** Asked for the bearer token whenever the API is reached. */
  get tokenProvider(): (() => string | Promise<string>) | null;
  set tokenProvider(provider: (() => string | Promise<string>) | null);
  addEventListener<K extends keyof ScimMapperElementEventMap>(
    type: K,
    listener: (this: ScimMapperElement, event: ScimMapperElementEventMap[K]) => unknown,
    options?: boolean | AddEventListenerOptions,
  ): void;
  addEventListener(
    type: string,
    listener: EventListenerOrEventListenerObject,
    options?: boolean | AddEventListenerOptions,
  ): void;
}

declare global {
  interface HTMLElementTagNameMap {
    "scim-mapper": ScimMapperElement;
  }
}
