// The element's styles: the marks' (in the page's DOM) and the legend's and index's (in the
// shadow root). Every colour is a custom property with a default for light and one for dark
// pages: `light-dark()` follows the page's `color-scheme` (a page declaring `color-scheme: light
// dark` follows the reader's `prefers-color-scheme`); browsers without `light-dark()` follow
// `prefers-color-scheme`. Each default pair is at least 4.5:1 (WCAG AA) between text and
// background (tests/e2e/unit/styles.test.mjs computes it, tests/e2e/theme.test.mjs measures it
// in Chromium). Documented in README.md.

import { LABELS } from "./labels.js";

/** Default colours, `[light, dark]`, by custom property (without the leading `--kashif-`). */
export const COLOURS = Object.freeze({
  // Mark backgrounds (and the legend's swatches, the index's entries), one per label: distinct
  // for the common colour-blindness types.
  per: ["#ffd8a8", "#8a4100"],
  loc: ["#a5d8ff", "#1c5a8c"],
  org: ["#b2f2bb", "#2b6a30"],
  misc: ["#e5dbff", "#5f3dc4"],
  date: ["#ffec99", "#6b5500"],
  time: ["#fcc2d7", "#8c2456"],
  money: ["#c3fae8", "#0b6655"],
  percent: ["#d0bfff", "#4d2f99"],
  // Text on marks and index entries.
  "mark-text": ["#1a1b1e", "#f8f9fa"],
  // The outline of mentions that flash when their index entry is activated.
  flash: ["#c92a2a", "#ffa8a8"],
  // Legend entries and the index's frame.
  "control-background": ["#ffffff", "#1f2226"],
  "control-text": ["#1a1b1e", "#e9ecef"],
  "control-border": ["#868e96", "#868e96"],
  "muted-text": ["#495057", "#ced4da"],
  focus: ["#1864ab", "#74c0fc"],
});

/** The default of custom property `--kashif-<name>`. */
const colour = (name) => `var(--kashif-${name}, light-dark(${COLOURS[name][0]}, ${COLOURS[name][1]}))`;
/** The same for browsers without light-dark(): one of the pair, by `prefers-color-scheme`. */
const fallback = (name, scheme) => `var(--kashif-${name}, ${COLOURS[name][scheme === "dark" ? 1 : 0]})`;

function perLabel(selector, property, value) {
  return LABELS.map((label) => `${selector(label)} { ${property}: ${value(label.toLowerCase())}; }`).join("\n");
}

// Marks sit in the page's own DOM, so their style goes to the document (or the shadow root the
// element lives in) as a constructed stylesheet: it needs no <style> element, so a strict
// style-src allows it. No padding, margin or border: any of those would split the shaping of a
// word whose clitic sits outside the mark (لموسكو) and break the joining of its letters.
function markCSS(value) {
  return `
mark[data-kashif-label] {
  background-color: var(--kashif-mark-colour);
  color: ${value("mark-text")};
  padding: 0;
  margin: 0;
  border: 0;
  border-radius: 0.15em;
  box-decoration-break: clone;
  -webkit-box-decoration-break: clone;
}
${perLabel((label) => `mark[data-kashif-label="${label}"]`, "--kashif-mark-colour", value)}
mark[data-kashif-label]:focus { outline: 0.15em solid ${value("focus")}; }
mark[data-kashif-flash] { animation: kashif-flash 0.6s ease-in-out 3; }
@keyframes kashif-flash { 50% { outline: 0.18em solid ${value("flash")}; } }
@media (prefers-reduced-motion: reduce) {
  mark[data-kashif-flash] { animation: none; outline: 0.18em solid ${value("flash")}; }
}`;
}

function shadowCSS(value) {
  return `
:host { display: block; }
:host([hidden]) { display: none; }
[part~="legend"], [part~="index"] { font-size: 0.9em; color: ${value("control-text")}; }
[part~="legend"] { display: flex; flex-wrap: wrap; gap: 0.4em; margin-block-end: 0.8em; min-block-size: calc(1lh + 0.4em + 2px); }
[part~="legend"][hidden], [part~="index"][hidden] { display: none; }
button { font: inherit; cursor: pointer; }
button:focus-visible, summary:focus-visible { outline: 0.15em solid ${value("focus")}; outline-offset: 0.1em; }
[part~="legend-entry"] {
  display: inline-flex; align-items: center; gap: 0.35em;
  padding-block: 0.2em; padding-inline: 0.6em;
  border: 1px solid ${value("control-border")}; border-radius: 1em;
  background: ${value("control-background")}; color: ${value("control-text")};
}
[part~="legend-entry"][aria-pressed="false"] { border-style: dashed; }
[part~="legend-entry"][aria-pressed="false"] [part~="legend-name"] { text-decoration: line-through; }
[part~="legend-entry"][aria-pressed="false"] [part~="swatch"] { background: transparent; }
[part~="swatch"] {
  inline-size: 0.9em; block-size: 0.9em; border-radius: 0.2em; background: var(--swatch);
  border: 1px solid ${value("control-border")}; box-sizing: border-box;
}
${perLabel((label) => `[data-label="${label}"]`, "--swatch", value)}
[part~="index"] { margin-block-start: 1em; border-block-start: 1px solid ${value("control-border")}; padding-block-start: 0.6em; }
[part~="index-summary"] { cursor: pointer; font-weight: bold; }
[part~="index-group"] { margin-block: 0.4em; }
[part~="index-group"] h3 { font-size: 1em; margin-block: 0.3em; margin-inline: 0; }
[part~="index-group"] ul { list-style: none; margin: 0; padding: 0; display: flex; flex-wrap: wrap; gap: 0.3em; }
[part~="index-entry"] {
  padding-block: 0.1em; padding-inline: 0.5em; border: 0; border-radius: 0.3em;
  background: var(--swatch); color: ${value("mark-text")};
}
[part~="index-entry"] [part~="count"] { margin-inline-start: 0.3em; }
[part~="index-entry"] [part~="gloss"] { margin: 0 0.4em; font-style: italic; }
[part~="index-more"] {
  margin-block-start: 0.3em; padding-block: 0.1em; padding-inline: 0.5em; border-radius: 0.3em;
  border: 1px solid ${value("control-border")}; background: ${value("control-background")}; color: ${value("control-text")};
}`;
}

/** Wraps `css(value)` so that browsers without light-dark() get the media-query fallback. */
function withFallback(css) {
  return `${css(colour)}
@supports not (color: light-dark(#000, #fff)) {
${css((name) => fallback(name, "light"))}
@media (prefers-color-scheme: dark) {
${css((name) => fallback(name, "dark"))}
}
}`;
}

export const MARK_CSS = withFallback(markCSS);
export const SHADOW_CSS = withFallback(shadowCSS);

function sheet(css) {
  const result = new CSSStyleSheet();
  result.replaceSync(css);
  return result;
}

let markSheet;
let shadowSheet;
const styledRoots = new WeakSet();

/** Adds the mark styles to the document or shadow root `root`, once. */
export function styleMarks(root) {
  if (styledRoots.has(root) || !("adoptedStyleSheets" in root)) return;
  markSheet ??= sheet(MARK_CSS);
  root.adoptedStyleSheets = [...root.adoptedStyleSheets, markSheet];
  styledRoots.add(root);
}

/** The shadow root's stylesheet, made once per page. */
export function shadowStyles() {
  shadowSheet ??= sheet(SHADOW_CSS);
  return shadowSheet;
}
