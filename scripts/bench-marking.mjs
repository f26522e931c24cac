// Benchmark (not a test): how marking and clearing scale with the length of one text node.
// Prints, from headless Chromium, the time `markEntities` and `clear` take for one long
// paragraph and for the same text in paragraphs of about 600 UTF-16 units, at 150K and 400K
// units and 1 MB (1,048,576 units), and the ratio single/paragraphs (the target is <= 2); and
// the same marking in slices of 256 marks (`Marker.step`), in all and its longest slice.
// Entities come from `analyze` first and are not timed. The script's time (the call) and the
// layout it causes (forced right after, by reading offsetHeight) are timed apart: the page pays
// for both, and layout grows with the number of marks on the page, not with kashif's code. Text: the reference article of ../shared/data,
// repeated (read at run time, never copied into the project).
//
//   bash scripts/build-wasm.sh && node scripts/bench-marking.mjs [--pkg DIR] [--runs N]
//
// --pkg points at another build of the package (e.g. one of an older commit) to compare.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { openKashif, ROOT } from "./browser-harness.mjs";

const { values } = parseArgs({ options: { pkg: { type: "string" }, runs: { type: "string" }, sizes: { type: "string" } } });
const runs = Number(values.runs ?? 3);
const sizes = (values.sizes ?? "150000,400000,1048576").split(",").map(Number);
const article = readFileSync(join(ROOT, "../shared/data/articles/xinhua-2021-07-28-ar.txt"), "utf8")
  .split("\n").map((line) => line.trim()).filter(Boolean);

const { page, errors, close } = await openKashif({ pkg: values.pkg ?? join(ROOT, "pkg") });
try {
  console.log(`package: ${values.pkg ?? "pkg/"}; median of ${runs} runs; script time (+ the layout it forces)`);
  for (const size of sizes) {
    const result = await page.evaluate(async ({ article, size, runs }) => {
      // Paragraphs of the article, repeated up to `size` units in all.
      const paragraphs = [];
      let units = 0;
      for (let i = 0; units < size; i++) {
        const line = article[i % article.length];
        const piece = line.slice(0, Math.min(line.length, size - units));
        paragraphs.push(piece);
        units += piece.length + 1;
      }
      const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
      const recognizer = new kashif.Recognizer();
      const measure = (build) => {
        const root = document.createElement("div");
        document.body.replaceChildren(root);
        build(root);
        const entities = recognizer.analyze(kashif.articleText(root));
        const original = root.innerHTML;
        const [mark, markLayout, clear, clearLayout] = [[], [], [], []];
        let marks = 0;
        const time = (work, script, layout) => {
          let started = performance.now();
          const result = work();
          script.push(performance.now() - started);
          started = performance.now();
          void document.body.offsetHeight;
          layout.push(performance.now() - started);
          return result;
        };
        void document.body.offsetHeight;
        for (let run = 0; run < runs; run++) {
          const marked = time(() => kashif.markEntities(root, entities), mark, markLayout);
          marks = root.querySelectorAll("mark").length;
          time(() => kashif.clear(root), clear, clearLayout);
          if (root.innerHTML !== original) throw new Error("clear did not restore the article");
          if (!marked.length) throw new Error("nothing marked");
        }
        // The same marking in slices of 256 marks, as the element does for long articles: a long
        // text node is cut over several calls, each copying the text not yet cut.
        let started = performance.now();
        const marker = new kashif.Marker(root, entities);
        let longest = 0;
        for (let done = false; !done; ) {
          const step = performance.now();
          done = marker.step(256);
          longest = Math.max(longest, performance.now() - step);
        }
        const sliced = performance.now() - started;
        marker.free();
        kashif.clear(root);
        if (root.innerHTML !== original) throw new Error("clear did not restore the article");
        root.remove();
        return {
          sliced, longest,
          mark: median(mark), markLayout: median(markLayout), clear: median(clear), clearLayout: median(clearLayout),
          marks, entities: entities.length,
        };
      };
      const single = measure((root) => {
        const p = document.createElement("p");
        p.textContent = paragraphs.join(" ");
        root.append(p);
      });
      const split = measure((root) => {
        for (const text of paragraphs) {
          const p = document.createElement("p");
          p.textContent = text;
          root.append(p);
        }
      });
      return { units: paragraphs.join(" ").length, paragraphs: paragraphs.length, single, split };
    }, { article, size, runs });
    const ms = (t) => `${t.toFixed(0)} ms`;
    const line = (r) => `mark ${ms(r.mark)} (+${ms(r.markLayout)} layout), clear ${ms(r.clear)} (+${ms(r.clearLayout)} layout)`;
    const ratio = (a, b) => (a / b).toFixed(2);
    const { single, split } = result;
    console.log(`${result.units} units, ${single.marks} marks (${single.entities} entities)`);
    console.log(`  one paragraph:    ${line(single)}`);
    console.log(`  ${result.paragraphs} paragraphs: ${line(split)}`);
    console.log(`  in slices of 256 marks: one paragraph ${ms(single.sliced)} in all (longest slice ${ms(single.longest)}),`
      + ` paragraphs ${ms(split.sliced)} (longest ${ms(split.longest)})`);
    console.log(`  one paragraph / paragraphs: mark ${ratio(single.mark, split.mark)} (with layout ${ratio(single.mark + single.markLayout, split.mark + split.markLayout)}),`
      + ` clear ${ratio(single.clear, split.clear)} (with layout ${ratio(single.clear + single.clearLayout, split.clear + split.clearLayout)})`);
  }
  if (errors.length) throw new Error(`page errors: ${errors.join("; ")}`);
} finally {
  await close();
}
