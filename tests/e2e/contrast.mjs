// WCAG 2 contrast ratios between sRGB colours ("#rrggbb" or "rgb(r, g, b)"), for the styles' unit
// test and the theme test, which measures the element in Chromium.

/** Relative luminance of `#rrggbb` (or `rgb(r, g, b)`), as WCAG 2 defines it. */
export function luminance(colour) {
  const channels = String(colour).startsWith("#")
    ? [1, 3, 5].map((at) => Number.parseInt(colour.slice(at, at + 2), 16))
    : String(colour).match(/[\d.]+/g).slice(0, 3).map(Number);
  const [r, g, b] = channels.map((value) => {
    const c = value / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** The contrast ratio of two colours, 1 to 21. */
export function contrast(a, b) {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}
