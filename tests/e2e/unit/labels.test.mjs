// www/src/labels.js under node's test runner.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { LABELS, LABEL_NAMES, parseLabels } from "../../../www/src/labels.js";

test("the label list is the one the wasm module's types declare, each with an Arabic name", () => {
  const types = readFileSync(new URL("../../../pkg/kashif.d.ts", import.meta.url), "utf8");
  // The union of label names, written out in Entity's `label` or as a `Label` type.
  const union = types.match(/"PER"(?: \| "[A-Z]+")+/)[0].match(/[A-Z]+/g);
  assert.deepEqual([...LABELS], union);
  for (const label of LABELS) assert.match(LABEL_NAMES[label], /^[\u0600-\u06FF ]+$/, label);
});

test("parseLabels reads spaces, commas and any case; drops unknown and repeated names", () => {
  assert.equal(parseLabels(null), null);
  assert.deepEqual(parseLabels(""), []);
  assert.deepEqual(parseLabels("per, Loc  org,,"), ["PER", "LOC", "ORG"]);
  assert.deepEqual(parseLabels("PER PERSON per money"), ["PER", "MONEY"]);
});
