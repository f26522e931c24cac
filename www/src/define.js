// Registering <kashif-article>, apart from the class so that importing the class defines nothing.

import { KashifArticleElement } from "./element.js";

/**
 * Registers the element as `tag` (default `kashif-article`) in `registry` (default the page's
 * `customElements`); returns its constructor. Safe to call more than once: a tag already defined
 * is left as it is.
 */
export function define(tag = "kashif-article", registry = globalThis.customElements) {
  const existing = registry.get(tag);
  if (existing) return existing;
  // One class can be registered under one name only: other names get a subclass.
  const constructor = tag === "kashif-article" ? KashifArticleElement : class extends KashifArticleElement {};
  registry.define(tag, constructor);
  return constructor;
}
