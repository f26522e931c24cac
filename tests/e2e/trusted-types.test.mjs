// Strict pages: a CSP with no inline script or style and Trusted Types required, with and
// without an allow-list (`trusted-types default myapp`). kashif creates no policy: short articles
// are marked inline, long ones in the worker where the page's default policy lets its URL
// through, and on the main thread (one warning naming the worker) where nothing does.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { newPage, open, referenceArticle, REFERENCE_ENTITIES } from "./browser.mjs";

let session;

before(async () => {
  session = await open();
});

after(async () => {
  await session?.close();
});

/** Opens `fixture`, checks the CSP it was sent with; collects console warnings. */
async function strictPage(fixture, csp) {
  const page = await newPage(session.browser);
  page.warnings = [];
  page.on("console", (message) => {
    if (message.type() === "warning") page.warnings.push(message.text());
  });
  const response = await page.goto(`${session.url}/fixtures/${fixture}`);
  assert.match(response.headers()["content-security-policy"], csp);
  await page.waitForFunction(() => document.documentElement.dataset.ready === "true");
  return page;
}

/** Mounts the short reference article, then a long one (above the worker threshold). */
function shortAndLong(page) {
  return page.evaluate(async (paragraphs) => {
    const short = await mountArticle(paragraphs);
    document.getElementById("host").replaceChildren();
    const long = Array.from({ length: 16 }, () => paragraphs).flat();
    const detail = await mountArticle(long);
    const article = document.querySelector("#host kashif-article");
    let innerHTMLBlocked = false;
    try {
      document.getElementById("host").innerHTML = "<b>x</b>";
    } catch {
      innerHTMLBlocked = true;
    }
    return {
      short,
      long: detail,
      longText: article.text.length,
      threshold: article.workerThreshold,
      marks: article.querySelectorAll("mark[data-kashif-id]").length,
      innerHTMLBlocked,
    };
  }, referenceArticle());
}

function checkMarks(result) {
  assert.ok(result.innerHTMLBlocked, "the page really enforces Trusted Types");
  for (const [label, text] of REFERENCE_ENTITIES) {
    assert.ok(result.short.entities.some((e) => e.label === label && e.text === text), `${text} as ${label}, short article`);
    assert.ok(result.long.entities.some((e) => e.label === label && e.text === text), `${text} as ${label}, long article`);
  }
  assert.equal(result.short.timings.worker, false);
  assert.ok(result.longText > result.threshold, "the long article is above the worker threshold");
  assert.ok(result.marks >= result.long.entities.length, "every entity has its marks in the page");
  assert.ok(result.long.entities.length >= result.short.entities.length * 16 - 16, "every copy of the article is marked");
}

test("strict CSP, Trusted Types required, no policy: short inline, long on the main thread after one warning", async () => {
  for (const [fixture, csp] of [["csp-widget.html", /require-trusted-types-for 'script'$/], ["csp-tt-plain.html", /trusted-types default myapp/]]) {
    const page = await strictPage(fixture, csp);
    const result = await shortAndLong(page);
    checkMarks(result);
    assert.equal(result.long.timings.worker, false, `${fixture}: the worker cannot start without a policy`);
    const warnings = page.warnings.filter((w) => w.startsWith("kashif:"));
    assert.equal(warnings.length, 1, `${fixture}: one warning: ${warnings}`);
    assert.match(warnings[0], /kashif-worker\.js could not start .*main thread/);
    // The browser reports the blocked worker URL itself, once: that is the attempt kashif makes.
    const blocked = page.errors.filter((e) => e.includes("'TrustedScriptURL'"));
    assert.equal(blocked.length, 1, `${fixture}: one attempt to start the worker`);
    assert.deepEqual(page.errors.filter((e) => !e.includes("TrustedHTML") && !blocked.includes(e)), [], `${fixture}: no other errors`);
    await page.context().close();
  }
});

test("allow-list with the page's default policy: the long article goes to the worker", async () => {
  const page = await strictPage("csp-tt-default.html", /trusted-types default myapp/);
  const result = await shortAndLong(page);
  checkMarks(result);
  assert.equal(result.long.timings.worker, true);
  assert.deepEqual(page.warnings.filter((w) => w.startsWith("kashif:")), []);
  assert.deepEqual(page.errors.filter((e) => !e.includes("TrustedHTML")), []);
  await page.context().close();
});

test("under a strict CSP the static article is marked and its markup-like text stays text", async () => {
  const page = await strictPage("csp-widget.html", /require-trusted-types-for 'script'/);
  await page.waitForFunction(() => document.querySelectorAll("#static mark[data-kashif-id]").length > 0);
  const result = await page.evaluate(() => ({
    marks: [...document.querySelectorAll("#static mark")].map((m) => [m.dataset.kashifLabel, m.textContent]),
    injected: document.querySelectorAll("#static img, #static script").length,
    text: document.getElementById("static").textContent,
  }));
  assert.ok(result.marks.some(([l, t]) => l === "LOC" && t === "موسكو"), JSON.stringify(result.marks));
  assert.equal(result.injected, 0);
  assert.ok(result.text.includes("<img src=x onerror=alert(1)>"));
  assert.deepEqual(page.errors, [], "no CSP violations");
  await page.context().close();
});
