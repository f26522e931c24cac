// kashif/element: the <kashif-article> custom element. Import and call define():
//
//   import { define } from "kashif/element";       // or "./kashif/kashif-article.js", copied
//   define();
//
//   <kashif-article legend index labels="PER LOC ORG" min-score="0.5" anchor="2021-07-28">
//     <p>...article...</p>
//   </kashif-article>
//
// README.md holds the contract: attributes, properties, methods, events, parts, custom
// properties, the skip rules, Trusted Types, the files to copy and the bundler recipes.

export { define } from "./define.js";
export { DEFAULT_WORKER_THRESHOLD, INDEX_TOP, KashifArticleElement } from "./element.js";
export { indexEntries, toCSV, toDisplacy, toKashifJSON } from "./entities.js";
export { load, loadGlossary } from "./kashif-model.js";
export { LABELS, LABEL_NAMES } from "./labels.js";
