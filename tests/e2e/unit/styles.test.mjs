// www/src/styles.js under node's test runner: every default colour pair reads at WCAG AA, and
// every colour is a custom property (the README lists them).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { COLOURS, MARK_CSS, SHADOW_CSS } from "../../../www/src/styles.js";
import { LABELS } from "../../../www/src/labels.js";
import { contrast } from "../contrast.mjs";

const LIGHT = 0;
const DARK = 1;

test("text on marks and index entries: at least 4.5:1 on every label's colour, light and dark", () => {
  for (const scheme of [LIGHT, DARK]) {
    for (const label of LABELS) {
      const ratio = contrast(COLOURS["mark-text"][scheme], COLOURS[label.toLowerCase()][scheme]);
      assert.ok(ratio >= 4.5, `${label} ${scheme ? "dark" : "light"}: ${ratio.toFixed(2)}`);
    }
  }
});

test("legend and index text on their background: at least 4.5:1, light and dark", () => {
  for (const scheme of [LIGHT, DARK]) {
    for (const text of ["control-text", "muted-text"]) {
      const ratio = contrast(COLOURS[text][scheme], COLOURS["control-background"][scheme]);
      assert.ok(ratio >= 4.5, `${text} ${scheme}: ${ratio.toFixed(2)}`);
    }
    // Borders and the focus ring are not text: 3:1 (WCAG 1.4.11).
    for (const line of ["control-border", "focus"]) {
      assert.ok(contrast(COLOURS[line][scheme], COLOURS["control-background"][scheme]) >= 3, `${line} ${scheme}`);
    }
  }
});

test("every colour in the styles comes from a custom property, each documented", () => {
  const readme = readFileSync(new URL("../../../www/README.md", import.meta.url), "utf8");
  for (const css of [MARK_CSS, SHADOW_CSS]) {
    // Literal colours appear only as a custom property's fallback.
    const bare = css.replace("@supports not (color: light-dark(#000, #fff))", "").replace(/var\(--kashif-[a-z-]+, (light-dark\(#[0-9a-f]{6}, #[0-9a-f]{6}\)|#[0-9a-f]{6})\)/g, "");
    assert.doesNotMatch(bare, /#[0-9a-f]{3,8}\b|rgb\(|hsl\(/i);
  }
  for (const name of Object.keys(COLOURS)) assert.ok(readme.includes(`--kashif-${name}`), `--kashif-${name} in www/README.md`);
});
