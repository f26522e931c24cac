// How every script and test of the project launches Debian's Chromium through playwright-core.

import { chromium } from "playwright-core";

export const CHROMIUM = process.env.CHROMIUM ?? "/usr/bin/chromium";

/**
 * Playwright's own --disable-features list (playwright-core 1.65.1, pinned in package-lock.json;
 * tests/e2e/unit/chromium.test.mjs checks it against the installed copy). Chromium keeps only the
 * last --disable-features switch, so the one passed here must repeat it.
 */
export const PLAYWRIGHT_DISABLED_FEATURES = [
  "AvoidUnnecessaryBeforeUnloadCheckSync", "DestroyProfileOnBrowserClose", "HttpsUpgrades",
  "HttpsFirstBalancedModeAutoEnable", "LensOverlay", "MediaRouter", "PaintHolding",
  "ThirdPartyStoragePartitioning", "AvoidCorsURLLoaderRestartOnRedirect", "TcpPortRandomizationWin",
  "OptimizationHints", "NetworkTimeServiceQuerying", "AimEnabled", "PreconnectToSearch",
  "msForceBrowserSignIn", "msEdgeUpdateLaunchServicesPreferredVersion",
];

/**
 * Features of the browser's own interface that cost the page under test. Chromium 156 loads its
 * omnibox popup, a WebUI page (chrome://omnibox-popup.top-chrome, some 300 modules) in a renderer
 * of its own, for every new window: every fresh context of a test or of the benchmark. On a 2-core
 * machine that renderer took 170–620 ms of CPU during each load of the demo page, as much as the
 * page's own renderer, and its first highlight came 100–250 ms later (docs/EXPERIMENTS.md,
 * "Startup before DOMContentLoaded"). A reader's browser has its window open long before.
 */
export const DISABLED_FEATURES = [...PLAYWRIGHT_DISABLED_FEATURES, "WebUIOmniboxPopup", "WebUIOmniboxAimPopup"];

// Without the networking flags Chromium keeps trying to reach the network, which is not there.
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
  `--disable-features=${DISABLED_FEATURES.join(",")}`,
];

/** Headless Chromium with the project's flags. */
export function launchChromium() {
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}
