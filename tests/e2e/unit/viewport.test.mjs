// www/src/viewport.js under node's test runner, on a fake tree of boxes: the blocks in view are
// found by a binary search (few box reads), going down into a child that holds the whole view.
import { test } from "node:test";
import assert from "node:assert/strict";
import { blocksInView } from "../../../www/src/viewport.js";

/** A fake element: `children` laid out top to bottom from `top`, each `height` tall. */
function box(name, top, height, children = [], reads = { count: 0 }) {
  return {
    name,
    children,
    ownerDocument: { defaultView: { innerHeight: 1000 } },
    getBoundingClientRect() {
      reads.count += 1;
      return { top, bottom: top + height };
    },
  };
}

function column(count, top, height, reads) {
  return Array.from({ length: count }, (_, i) => box(`p${i}`, top + i * height, height, [], reads));
}

test("the first and last block meeting the view, half a view above and below included", () => {
  const reads = { count: 0 };
  // 10,000 paragraphs of 100 px, scrolled 50,000 px down: p500 is at the top of the view.
  const root = box("article", -50_000, 1_000_000, column(10_000, -50_000, 100, reads), reads);
  const [first, last] = blocksInView(root);
  assert.equal(first.name, "p495", "half a view (500 px) above");
  assert.equal(last.name, "p514", "half a view below the 1,000 px view");
  assert.ok(reads.count < 40, `${reads.count} box reads`);
});

test("an article in one wrapper is looked into; one off screen has no blocks in view", () => {
  const wrapper = box("body", 0, 100_000, column(1000, 0, 100));
  const root = box("article", 0, 100_000, [box("header", -2000, 200), wrapper]);
  assert.deepEqual(blocksInView(root).map((b) => b.name), ["p0", "p14"]);
  const below = box("article", 5000, 100_000, column(1000, 5000, 100));
  assert.equal(blocksInView(below), null);
  const above = box("article", -200_000, 100_000, column(1000, -200_000, 100));
  assert.equal(blocksInView(above), null);
  assert.equal(blocksInView(box("article", 0, 0, [])), null, "no children");
});
