// www/src/slices.js under node's test runner, with a simulated clock: slices follow the length of
// the frames they ran in (rendering included), not only their own script time, and a page whose
// every frame costs a fixed time of its own gets large slices, not a frame per unit.
import { test } from "node:test";
import assert from "node:assert/strict";
import { FrameSizer, LONG_FRAME_MS, MAX_FRAME_MS, TARGET_FRAME_MS, inFrames } from "../../../www/src/slices.js";

test("FrameSizer grows while frames are short, at most twofold, and fits a cost per unit", () => {
  const sizer = new FrameSizer(10);
  assert.equal(sizer.next(5), 20);
  assert.equal(sizer.next(10), 40);
  // 0.5 ms per unit, no fixed part: 100 units fill the 50 ms target.
  assert.equal(sizer.next(20), 80);
  assert.equal(sizer.next(40), 100);
  const shrinking = new FrameSizer(1000);
  assert.equal(shrinking.next(500), 500, "a first long frame halves the size to learn the cost");
  assert.ok(shrinking.next(250) <= 100);
  assert.equal(new FrameSizer(1).next(10_000), 1, "never below one");
});

test("a frame over LONG_FRAME_MS halves the next slice where the fit would grow it", () => {
  const sizer = new FrameSizer(100);
  assert.equal(sizer.next(100), 50);
  assert.equal(sizer.next(30), 36);
  // A smaller slice, a longer frame: the fit finds no cost per unit and would double the slice;
  // the long frame halves it instead.
  assert.equal(sizer.next(LONG_FRAME_MS + 20), 18);
  // Where the page's own part of every frame is over the limit, shrinking would only add frames.
  const heavy = new FrameSizer(100);
  heavy.next(LONG_FRAME_MS + 10);
  assert.equal(heavy.next(LONG_FRAME_MS + 20), 100, "no cost per unit, the page's part over the limit: it grows");
});

test("frames that wait for the display all look alike: the script's own time keeps a slice within the target", () => {
  const sizer = new FrameSizer(1000);
  // Every frame 16.7 ms (the refresh), whatever the slice: the fit alone would double it.
  assert.equal(sizer.next(16.7, 2), 2000);
  assert.equal(sizer.next(16.7, 4), 4000);
  assert.equal(sizer.next(16.7, 10), 8000);
  // 8,000 units took 16 ms of script: 25,000 would take the 50 ms target.
  assert.equal(sizer.next(16.7, 16), 16000, "at most twofold");
  assert.equal(sizer.next(40, 40), 20000, "no more than the target's worth of script");
});

/**
 * A simulated page: each unit of work costs `scriptMs` of script and `renderMs` of rendering in
 * the frame that follows, every frame in which something changed costs `fixedMs` more (the
 * page's own layout), and frames are at least 16 ms.
 */
function simulate({ scriptMs, renderMs, fixedMs = 0, units }) {
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
  const step = (size) => {
    const done = Math.min(size, left);
    left -= done;
    clock += done * scriptMs;
    pendingRender += done * renderMs + fixedMs;
    return left === 0;
  };
  return { frame, now: () => clock, step, frames, left: () => left };
}

test("inFrames sizes slices by whole frames: rendering that costs ten times the script is counted", async () => {
  const page = simulate({ scriptMs: 0.01, renderMs: 0.1, units: 50_000 });
  const done = await inFrames(page.step, () => false, 32, { frame: page.frame, now: page.now });
  assert.equal(done, true);
  assert.equal(page.left(), 0);
  const settled = page.frames.slice(8);
  assert.ok(settled.length > 10);
  assert.ok(Math.max(...page.frames) <= TARGET_FRAME_MS * 2.2, `frames ${page.frames.map((f) => f.toFixed(0))}`);
});

test("a fixed cost per frame near the target: large slices, frames within MAX_FRAME_MS, few of them", async () => {
  // As measured on a 10 MB article: about 40 ms of layout for one changed paragraph.
  const page = simulate({ scriptMs: 0.005, renderMs: 0.02, fixedMs: 40, units: 80_000 });
  const done = await inFrames(page.step, () => false, 32, { frame: page.frame, now: page.now });
  assert.equal(done, true);
  assert.ok(Math.max(...page.frames) <= MAX_FRAME_MS + 1, `longest ${Math.max(...page.frames)}`);
  // A frame per unit would be 80,000 frames; sized by the fit it takes a few dozen.
  assert.ok(page.frames.length < 100, `${page.frames.length} frames`);
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
