// A TypeScript page author's code against the package's types, compiled with `strict` (no
// emit): tests/e2e/bundlers.test.mjs runs tsc on it. Every use here must type-check, and the
// lines marked @ts-expect-error must not.
import init, { Recognizer, articleText, type Entity, type MarkedEntity } from "kashif";
import { define, LABEL_NAMES, type KashifArticleElement, type Label } from "kashif/element";
import { load } from "kashif/model";

define();
define("news-article", customElements);

const article = document.createElement("kashif-article");
const typed: KashifArticleElement = article;
typed.labels = ["PER", "LOC"];
typed.labels = "ORG";
typed.labels = null;
const labels: Label[] | null = typed.labels;
typed.minScore = 0.5;
typed.legend = true;
typed.index = true;
typed.model = null;
typed.workerThreshold = 10000;
// @ts-expect-error: not a label
typed.labels = ["PERSON"];
// @ts-expect-error: a number
typed.minScore = "high";

article.addEventListener("kashif-highlighted", (event) => {
  const entities: MarkedEntity[] = event.detail.entities;
  const worker: boolean = event.detail.timings.worker;
  console.log(entities.length, worker, LABEL_NAMES[entities[0].label]);
});
article.addEventListener("kashif-progress", (event) => console.log(event.detail.done / event.detail.total));
article.addEventListener("kashif-error", (event) => console.error(event.detail.message));
document.addEventListener("kashif-highlighted", (event) => console.log(event.detail.timings.analysis));

const found = document.querySelector("kashif-article");
if (found) {
  void found.refresh().then((marked) => marked.map((entity) => entity.id));
  const csv: string = found.toCSV();
  const ents = found.toDisplacy().ents.map((e) => [e.start, e.end, e.label] as const);
  found.flash([1, 2]);
  console.log(csv, ents, found.text.length, found.timings?.modelLoad);
}

async function lowLevel(text: string): Promise<Entity[]> {
  await init();
  const recognizer = new Recognizer();
  const kind: Label = recognizer.analyze(text)[0]?.label ?? "PER";
  console.log(kind, articleText(document.body));
  const { recognizer: shared, loadMs } = await load();
  console.log(loadMs);
  return shared.analyze(text);
}
void lowLevel("زار الوزير القاهرة");
void labels;
