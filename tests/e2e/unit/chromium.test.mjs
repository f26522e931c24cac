// scripts/chromium.mjs: its --disable-features switch, the only one Chromium keeps (the last),
// repeats Playwright's own list as the installed playwright-core writes it, and adds the omnibox
// popup's WebUI features.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { CHROMIUM_ARGS, DISABLED_FEATURES, PLAYWRIGHT_DISABLED_FEATURES } from "../../../scripts/chromium.mjs";

test("the --disable-features switch holds Playwright's list, as the installed playwright-core has it, and the WebUI popup's", () => {
  const root = dirname(createRequire(import.meta.url).resolve("playwright-core/package.json"));
  const bundle = readFileSync(join(root, "lib", "coreBundle.js"), "utf8");
  const list = bundle.match(/disabledFeatures = \[([\s\S]*?)\]\.filter\(Boolean\)/);
  assert.ok(list, "playwright-core's disabledFeatures list was found (its bundle changed: look again)");
  const installed = [...list[1].replace(/\/\/.*$/gm, "").matchAll(/"([^"]+)"/g)].map(([, name]) => name);
  assert.ok(installed.length > 5, `${installed.length} features read`);
  assert.deepEqual([...PLAYWRIGHT_DISABLED_FEATURES].sort(), [...installed].sort());
  const switches = CHROMIUM_ARGS.filter((arg) => arg.startsWith("--disable-features="));
  assert.deepEqual(switches, [`--disable-features=${DISABLED_FEATURES.join(",")}`]);
  for (const name of [...installed, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"]) assert.ok(DISABLED_FEATURES.includes(name), name);
});
