// Long work on the main thread, cut into slices sized by frames: each slice runs at the start of
// an animation frame, and the next slice is sized from how long the whole frame took (the
// slice, then the style, layout and paint it caused), so that marking thousands of paragraphs
// never holds a frame for long. Nothing here touches the DOM; timing sources are injectable for
// the unit tests (tests/e2e/unit/slices.test.mjs).

/** The frame length slices aim at, in milliseconds: well under the 200 ms a reader notices. */
export const TARGET_FRAME_MS = 50;

/** The most a slice grows from one frame to the next: the first slices run colder code. */
const GROWTH = 2;

/**
 * Resolves at the start of the next animation frame with its timestamp, or after a macrotask
 * where frames do not run (a hidden tab, a worker, node).
 */
export function nextFrame() {
  const hidden = globalThis.document?.visibilityState === "hidden";
  if (typeof globalThis.requestAnimationFrame === "function" && !hidden) {
    return new Promise((resolve) => requestAnimationFrame(() => resolve(performance.now())));
  }
  return yieldToEventLoop().then(() => performance.now());
}

/** Lets the browser handle input (and paint, when it is due) before going on. */
export function yieldToEventLoop() {
  if (globalThis.scheduler?.yield) return globalThis.scheduler.yield();
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The next slice's size, from this one's `size` and the length of the frame it ran in
 * (`frameMs`, script and rendering): scaled to fill `target`, grown at most `GROWTH` times, at
 * least 1.
 */
export function nextSize(size, frameMs, target = TARGET_FRAME_MS) {
  const scaled = (size * target) / Math.max(frameMs, 1);
  return Math.max(1, Math.round(Math.min(size * GROWTH, scaled)));
}

/**
 * Calls `step(size)` once per frame until it returns true, each `size` from the last frame's
 * length. Resolves to true when done, or to false as soon as `stale()` says the work is no
 * longer wanted. `frame` (resolving to a timestamp at a frame's start) and `now` are for tests.
 */
export async function inFrames(step, stale, size, { frame = nextFrame, now = () => performance.now(), target = TARGET_FRAME_MS } = {}) {
  let frameStart = await frame();
  if (stale()) return false;
  for (;;) {
    const started = now();
    if (step(size)) return true;
    const scriptMs = now() - started;
    const next = await frame();
    if (stale()) return false;
    // The frame's length counts our slice and the rendering it caused; where no frame ran (a
    // hidden tab), the script's time is all there is to go by.
    size = nextSize(size, Math.max(scriptMs, next - frameStart), target);
    frameStart = next;
  }
}
