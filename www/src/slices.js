// Long work on the main thread, cut into slices sized by frames: each slice runs at the start of
// an animation frame, and the next slice is sized from how long the whole frames took (the
// slice, then the style, layout and paint it caused; FrameSizer), so that marking thousands of
// paragraphs never holds a frame for long, nor takes a frame per mark. Nothing here touches the DOM; timing sources are injectable for
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
 * The longest frame slices allow themselves where the page's own cost per frame is high, under
 * the 200 ms a reader notices. (100 ms measured no better on a 10 MB article: its longest frames
 * are the page's layout varying, and it took 26.6 s to the last mark against 14-17 s.)
 */
export const MAX_FRAME_MS = 150;

/**
 * A frame this long is one a reader notices: the slice after it is at most half as large,
 * whatever the fit says (the page's layout varies, and a fit over the last frames lags), unless
 * the page's own part of a frame is most of that already.
 */
export const LONG_FRAME_MS = 200;

/**
 * Sizes slices from the frames they ran in. A frame's length is modelled as a fixed part (the
 * page's own style and layout, which on a very long article costs tens of milliseconds for a
 * single changed paragraph) plus a part per unit of work, fitted over the last frames; the next
 * size fills `target`, or, where the fixed part alone is near the target, spends about as long
 * on the work as the fixed part costs (up to MAX_FRAME_MS): shrinking slices would only add
 * frames that each pay the fixed part again.
 */
export class FrameSizer {
  #seen = [];

  constructor(size, target = TARGET_FRAME_MS) {
    this.size = Math.max(1, Math.round(size));
    this.target = target;
  }

  /**
   * Records that a slice of the current size took a frame of `frameMs`, `scriptMs` of it its
   * own script; returns the next size. The next slice's script is kept within the target too
   * (scaled from this one's): frames that wait for the display's refresh all look alike, and
   * would let a slice grow past it unseen.
   */
  next(frameMs, scriptMs = 0) {
    this.#seen.push([this.size, frameMs]);
    if (this.#seen.length > 6) this.#seen.shift();
    const { perUnit, fixed } = this.#fit();
    let size;
    if (perUnit === null) {
      // No cost per unit known yet: grow while frames are short, halve once to learn it.
      size = frameMs < this.target ? this.size * GROWTH : this.size / 2;
    } else if (perUnit === 0) {
      // Larger slices did not make frames longer: the frame's cost is the page's, not ours.
      size = this.size * GROWTH;
    } else {
      const budget = Math.max(this.target, Math.min(2 * fixed, MAX_FRAME_MS), fixed + this.target / 2);
      size = (budget - fixed) / perUnit;
    }
    // A long frame halves the slice where a smaller one can bring the frame back under the
    // limit: where the page's own part alone is over it, smaller slices would only add frames.
    const shrink = frameMs > LONG_FRAME_MS && (perUnit === null || fixed < LONG_FRAME_MS * 0.75);
    const ceiling = shrink ? this.size / 2 : this.size * GROWTH;
    if (scriptMs > 0) size = Math.min(size, (this.size * this.target) / scriptMs);
    this.size = Math.max(1, Math.round(Math.min(size, ceiling)));
    return this.size;
  }

  /**
   * Least squares over the frames seen: `{perUnit, fixed}`; perUnit is null while every slice
   * seen had the same size, 0 where larger slices did not take longer.
   */
  #fit() {
    const n = this.#seen.length;
    const meanSize = this.#seen.reduce((sum, [size]) => sum + size, 0) / n;
    const meanFrame = this.#seen.reduce((sum, [, frame]) => sum + frame, 0) / n;
    let spread = 0;
    let covariance = 0;
    for (const [size, frame] of this.#seen) {
      spread += (size - meanSize) ** 2;
      covariance += (size - meanSize) * (frame - meanFrame);
    }
    if (spread === 0) return { perUnit: null, fixed: 0 };
    if (covariance <= 0) return { perUnit: 0, fixed: meanFrame };
    const perUnit = covariance / spread;
    return { perUnit, fixed: Math.max(0, meanFrame - perUnit * meanSize) };
  }
}

/**
 * Calls `step(size)` once per frame until it returns true, each `size` from the last frame's
 * length. Resolves to true when done, or to false as soon as `stale()` says the work is no
 * longer wanted. `frame` (resolving to a timestamp at a frame's start) and `now` are for tests.
 */
export async function inFrames(step, stale, size, { frame = nextFrame, now = () => performance.now(), target = TARGET_FRAME_MS } = {}) {
  const sizer = new FrameSizer(size, target);
  let frameStart = await frame();
  if (stale()) return false;
  for (;;) {
    const started = now();
    if (step(sizer.size)) return true;
    const scriptMs = now() - started;
    const next = await frame();
    if (stale()) return false;
    // The frame's length counts our slice and the rendering it caused; where no frame ran (a
    // hidden tab), the script's time is all there is to go by.
    sizer.next(Math.max(scriptMs, next - frameStart), scriptMs);
    frameStart = next;
  }
}
