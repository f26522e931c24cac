// Which blocks of an article are on screen, for marking them first: a binary search over the
// article's children by their boxes (a few layout reads, whatever the article's length), going
// down into a child that holds the whole view (an article in one <div>). Read at the start of a
// frame, after the last frame's layout, the boxes cost no extra layout.

/** How far beyond the view, in view heights, a block still counts as in view. */
export const VIEW_MARGIN = 0.5;

/**
 * The first and the last child (or descendant) element of `root` whose box meets the view
 * widened by `margin` view heights above and below, or null when none does. Children are taken
 * to be laid out top to bottom; hidden ones (no box) may shift the range by one.
 */
export function blocksInView(root, margin = VIEW_MARGIN) {
  const height = root.ownerDocument?.defaultView?.innerHeight ?? 0;
  if (!height) return null;
  const top = -margin * height;
  const bottom = (1 + margin) * height;
  let container = root;
  for (let depth = 0; depth < 16; depth++) {
    const children = container.children;
    if (!children.length) return container === root ? null : [container, container];
    const rect = (index) => children[index].getBoundingClientRect();
    // The first child that ends below the top of the view, then the first that starts below
    // its bottom.
    let first = 0;
    let end = children.length;
    while (first < end) {
      const middle = (first + end) >> 1;
      if (rect(middle).bottom <= top) first = middle + 1;
      else end = middle;
    }
    let last = first;
    end = children.length;
    while (last < end) {
      const middle = (last + end) >> 1;
      if (rect(middle).top < bottom) last = middle + 1;
      else end = middle;
    }
    if (last === first) return null;
    if (last - first === 1 && children[first].children.length) {
      container = children[first];
      continue;
    }
    return [children[first], children[last - 1]];
  }
  return [container, container];
}

/**
 * Tells whether the view may have moved since the last `moved()`: the document or an element
 * in it scrolled, or the window was resized. True the first time. `stop()` removes the listeners.
 */
export function viewWatcher(document) {
  let moved = true;
  const onMove = () => {
    moved = true;
  };
  const options = { capture: true, passive: true };
  document.addEventListener("scroll", onMove, options);
  document.defaultView?.addEventListener("resize", onMove, options);
  return {
    moved() {
      const result = moved;
      moved = false;
      return result;
    },
    stop() {
      document.removeEventListener("scroll", onMove, options);
      document.defaultView?.removeEventListener("resize", onMove, options);
    },
  };
}
