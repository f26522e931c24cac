// www/src/slices.js under node's test runner, with a simulated clock: slices follow the length of
// the frames they ran in (rendering included), not only their own script time.
import { test } from "node:test";
import assert from "node:assert/strict";
import { TARGET_FRAME_MS, inFrames, nextSize } from "../../../www/src/slices.js";

test("nextSize fills the target frame, grows at most twofold, never below one", () => {
  assert.equal(nextSize(100, TARGET_FRAME_MS * 2), 50);
  assert.equal(nextSize(100, 1), 200);
  assert.equal(nextSize(1, 10_000), 1);
  assert.equal(nextSize(40, 40, 50), 50);
});

/**
 * A simulated page: each unit of work costs `scriptMs` of script and `renderMs` of rendering in
 * the frame that follows; frames are at least 16 ms.
 */
function simulate({ scriptMs, renderMs, units }) {
  let clock = 0;
  let pendingRender = 0;
  const frames = [];
  let frameStart = 0;
  const frame = async () => {
    clock += pendingRender;
    pendingRender = 0;
    clock = Math.max(clock, frameStart + 16);
    frames.push(clock - frameStart);
    frameStart = clock;
    return clock;
  };
  let left = units;
  const sizes = [];
  const step = (size) => {
    const done = Math.min(size, left);
    sizes.push(size);
    left -= done;
    clock += done * scriptMs;
    pendingRender += done * renderMs;
    return left === 0;
  };
  return { frame, now: () => clock, step, frames, sizes, left: () => left };
}

test("inFrames sizes slices by whole frames: rendering that costs ten times the script is counted", async () => {
  const page = simulate({ scriptMs: 0.01, renderMs: 0.1, units: 50_000 });
  const done = await inFrames(page.step, () => false, 32, { frame: page.frame, now: page.now });
  assert.equal(done, true);
  assert.equal(page.left(), 0);
  // After the first frames grow the size, every frame stays near the target.
  const settled = page.frames.slice(8);
  assert.ok(settled.length > 10);
  assert.ok(Math.max(...settled) <= TARGET_FRAME_MS * 2.2, `frames ${settled.map((f) => f.toFixed(0))}`);
  assert.ok(Math.max(...page.frames) <= TARGET_FRAME_MS * 2.2, "no frame far over the target");
});

test("inFrames stops as soon as the work is stale", async () => {
  const page = simulate({ scriptMs: 1, renderMs: 0, units: 1000 });
  let calls = 0;
  const done = await inFrames((size) => {
    calls += 1;
    return page.step(size);
  }, () => calls >= 3, 1, { frame: page.frame, now: page.now });
  assert.equal(done, false);
  assert.equal(calls, 3);
});
