//! The JavaScript API: every function and class JavaScript sees is declared here, and only here.
//!
//! Results cross the boundary as plain `Serialize` structs converted by `serde-wasm-bindgen`.
//! Arguments are checked in `convert.rs`: a wrong one throws a `TypeError` naming the function,
//! the argument and what it got; library failures (text too long, bad model file) throw an
//! `Error`. The DOM work is in `dom.rs`, what it reads and marks decided in `crate::marks`; this
//! file imports both and neither imports it.
//!
//! The release profile aborts on panic, and an abort in wasm is an `unreachable` trap that leaves
//! the instance unusable, so this layer validates what JavaScript hands it instead of unwrapping,
//! and the panic hook below only exists to name the bug in the console should one slip through.
//!
//! Offsets given to JavaScript are UTF-16 code units. wasm-bindgen encodes a JavaScript string
//! for Rust with `TextEncoder`, which turns a lone surrogate into U+FFFD: one UTF-16 unit for one,
//! so UTF-16 offsets computed on the Rust copy index the JavaScript original. Entity text is still
//! sliced from the JavaScript string, so it holds the lone surrogate and not U+FFFD.

mod convert;
mod dom;

use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use js_sys::{Array, JsString};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use web_sys::Node;

use crate::marks::plan::{round_score, Filter, Found, Planner};
use crate::offsets::byte_to_utf16_offsets;
use crate::{Analysis, AnalyzeOptions, Entity, Label};
use convert::{
    anchor_arg, bytes_arg, count_arg, entities_arg, filter_arg, function_arg, index_arg, label_arg, library_error, node_arg, strings_arg,
    text_arg, to_js,
};

thread_local! {
    /// The recognizer behind the free `highlight` function, built on first use: the model is
    /// read once per page, not once per call.
    static SHARED: OnceCell<Rc<crate::Recognizer>> = const { OnceCell::new() };
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("kashif: internal error (a bug): {info}").into());
    }));
}

fn shared_recognizer(function: &str) -> Result<Rc<crate::Recognizer>, JsValue> {
    SHARED.with(|cell| {
        if let Some(recognizer) = cell.get() {
            return Ok(Rc::clone(recognizer));
        }
        let recognizer = Rc::new(crate::Recognizer::new().map_err(|e| library_error(function, e))?);
        Ok(Rc::clone(cell.get_or_init(|| recognizer)))
    })
}

/// One entity as JavaScript sees it.
#[derive(Serialize)]
struct JsEntity {
    /// UTF-16 offset of the first unit.
    start: usize,
    /// UTF-16 offset one past the last unit.
    end: usize,
    label: &'static str,
    /// `text.slice(start, end)` of the analyzed JavaScript string.
    #[serde(with = "serde_wasm_bindgen::preserve")]
    text: JsValue,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    /// An unanchored relative date's offset from the article's date (`-P1D`).
    #[serde(skip_serializing_if = "Option::is_none")]
    offset: Option<String>,
    /// A Hijri date as written (its Gregorian value is `value`).
    #[serde(skip_serializing_if = "Option::is_none")]
    hijri: Option<String>,
    /// The id of the entity (group of mentions) it is a mention of; none for dates and amounts.
    #[serde(skip_serializing_if = "Option::is_none")]
    entity: Option<u32>,
}

/// What `analyzeEntities` returns: the mentions, and the things they name.
#[derive(Serialize)]
struct JsAnalysis<'g> {
    entities: Vec<JsEntity>,
    groups: &'g [crate::Group],
}

/// Entities of `text` with their byte offsets turned into UTF-16 offsets, in one pass.
fn utf16_spans(text: &str, entities: &[Entity]) -> Vec<(usize, usize)> {
    // Entities are sorted and non-overlapping, so their starts and ends interleave in order.
    let bytes: Vec<usize> = entities.iter().flat_map(|e| [e.start, e.end]).collect();
    let units = byte_to_utf16_offsets(text, &bytes);
    units.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect()
}

/// Finds named entities, dates and amounts in Arabic text.
#[wasm_bindgen(js_name = Recognizer)]
pub struct JsRecognizer {
    inner: Rc<crate::Recognizer>,
    /// The gloss table `analyzeEntities` glosses groups with, once the page gave one.
    glossary: RefCell<Option<Rc<crate::Glossary>>>,
}

#[wasm_bindgen(js_class = Recognizer)]
impl JsRecognizer {
    /// A recognizer with the model embedded in the module.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<JsRecognizer, JsValue> {
        Ok(JsRecognizer { inner: shared_recognizer("new Recognizer")?, glossary: RefCell::new(None) })
    }

    /// A recognizer with another model: the bytes of a model file, such as
    /// `kashif-reference.model` (for encyclopedic text) fetched by the page, as an `ArrayBuffer`
    /// (`await response.arrayBuffer()`) or a typed array. A file that is not a kashif model of
    /// this version, or is truncated or corrupted, throws an Error.
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(
        #[wasm_bindgen(unchecked_param_type = "ArrayBuffer | ArrayBufferView")] bytes: JsValue,
    ) -> Result<JsRecognizer, JsValue> {
        const FUNCTION: &str = "Recognizer.fromModel";
        let bytes = bytes_arg(FUNCTION, "bytes", &bytes)?;
        let model = crate::Model::from_bytes(&bytes).map_err(|e| library_error(FUNCTION, e))?;
        Ok(JsRecognizer { inner: Rc::new(crate::Recognizer::with_model(model)), glossary: RefCell::new(None) })
    }

    /// The entities of `text`, in order: `{start, end, label, text, score, value?}` with `start`
    /// and `end` in UTF-16 units, so that `text.slice(start, end) === entity.text`.
    #[wasm_bindgen(unchecked_return_type = "Entity[]")]
    pub fn analyze(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        const FUNCTION: &str = "Recognizer.analyze";
        let text = text_arg(FUNCTION, "text", &text)?;
        let (rust_text, entities) = self.run(FUNCTION, &text, options.as_ref(), None)?;
        let analysis = Analysis::new(&rust_text, entities);
        to_js(&entities_of(&text, &rust_text, &analysis))
    }

    /// Glosses the groups of later `analyzeEntities` calls with `glossary` (the table is
    /// shared, not copied; the `Glossary` stays usable).
    #[wasm_bindgen(js_name = useGlossary)]
    pub fn use_glossary(&self, glossary: &JsGlossary) {
        *self.glossary.borrow_mut() = Some(Rc::clone(&glossary.inner));
    }

    /// The entities of `text` and the things they name: `{entities, groups}`, each entity with
    /// its group's `entity` id, each group `{id, label, name, gloss?, mentions}` (`mentions`
    /// index `entities`). Groups have an English `gloss` once `useGlossary` was given one.
    /// `options.onProgress(done, total)`, when given, is called as `analyzeWithProgress` calls it.
    #[wasm_bindgen(js_name = analyzeEntities, unchecked_return_type = "Analysis")]
    pub fn analyze_entities(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeEntitiesOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        const FUNCTION: &str = "Recognizer.analyzeEntities";
        let text = text_arg(FUNCTION, "text", &text)?;
        // `options.onProgress(done, total)`, as `analyzeWithProgress` calls it (for a worker).
        let on_progress = match options.as_ref().map(|o| js_sys::Reflect::get(o, &"onProgress".into())) {
            Some(Ok(value)) if !value.is_undefined() && !value.is_null() => Some(function_arg(FUNCTION, "options.onProgress", &value)?),
            _ => None,
        };
        let (rust_text, entities) = self.run(FUNCTION, &text, options.as_ref(), on_progress.as_ref())?;
        let mut analysis = Analysis::new(&rust_text, entities);
        if let Some(glossary) = self.glossary.borrow().as_ref() {
            analysis.annotate(&rust_text, glossary);
        }
        to_js(&JsAnalysis { entities: entities_of(&text, &rust_text, &analysis), groups: &analysis.groups })
    }

    /// Like `analyze`, calling `onProgress(done, total)` now and then with how much of the text
    /// (in UTF-16 units, approximately) is done: for long articles analyzed in a worker. The
    /// whole text is analyzed at once, so names it repeats are recognized from one another
    /// exactly as `analyze` does.
    #[wasm_bindgen(js_name = analyzeWithProgress, unchecked_return_type = "Entity[]")]
    pub fn analyze_with_progress(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] text: JsValue,
        #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "(done: number, total: number) => void")] on_progress: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "AnalyzeOptions")] options: Option<JsValue>,
    ) -> Result<JsValue, JsValue> {
        const FUNCTION: &str = "Recognizer.analyzeWithProgress";
        let text = text_arg(FUNCTION, "text", &text)?;
        let on_progress = function_arg(FUNCTION, "onProgress", &on_progress)?;
        let (rust_text, entities) = self.run(FUNCTION, &text, options.as_ref(), Some(&on_progress))?;
        let analysis = Analysis::new(&rust_text, entities);
        to_js(&entities_of(&text, &rust_text, &analysis))
    }
}

impl JsRecognizer {
    /// Analyzes `text` with `options.anchor`, calling `on_progress(done, total)` (UTF-16 units)
    /// now and then when given; gives the Rust copy of the text and its entities. A callback
    /// that throws fails the call rather than giving half a result.
    fn run(
        &self,
        function: &str,
        text: &JsString,
        options: Option<&JsValue>,
        on_progress: Option<&js_sys::Function>,
    ) -> Result<(String, Vec<Entity>), JsValue> {
        let anchor = anchor_arg(function, options)?;
        let rust_text = String::from(text);
        let total = text.length();
        let mut failed = None;
        let mut report = |fraction: f32| {
            if let (Some(callback), None) = (on_progress, failed.as_ref()) {
                let done = (fraction.clamp(0.0, 1.0) * total as f32).round() as u32;
                if let Err(error) = callback.call2(&JsValue::NULL, &done.into(), &total.into()) {
                    failed = Some(error);
                }
            }
        };
        let entities =
            self.inner.analyze_with(&rust_text, &AnalyzeOptions { anchor }, &mut report).map_err(|e| library_error(function, e))?;
        if let Some(error) = failed {
            let message = error.as_string().or_else(|| js_sys::Error::from(error).message().as_string());
            return Err(convert::error(&format!("{function}: onProgress failed: {}", message.unwrap_or_default())));
        }
        Ok((rust_text, entities))
    }
}

/// English glosses of names, from the gloss table (`glosses.bin`, shipped beside the module and
/// fetched only when a page wants glosses): `Glossary.fromBytes(await response.arrayBuffer())`.
#[wasm_bindgen(js_name = Glossary)]
pub struct JsGlossary {
    inner: Rc<crate::Glossary>,
}

#[wasm_bindgen(js_class = Glossary)]
impl JsGlossary {
    /// Reads a gloss table; a file that is not one, or is truncated or corrupted, throws.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "ArrayBuffer | ArrayBufferView")] bytes: JsValue,
    ) -> Result<JsGlossary, JsValue> {
        const FUNCTION: &str = "Glossary.fromBytes";
        let bytes = bytes_arg(FUNCTION, "bytes", &bytes)?;
        let inner = crate::Glossary::from_bytes(&bytes).map_err(|e| library_error(FUNCTION, e))?;
        Ok(JsGlossary { inner: Rc::new(inner) })
    }

    /// The English gloss of a name of the given label, where the lists know exactly one.
    pub fn gloss(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Label")] label: JsValue,
    ) -> Result<Option<String>, JsValue> {
        const FUNCTION: &str = "Glossary.gloss";
        let name = text_arg(FUNCTION, "name", &name)?;
        let label = label_arg(FUNCTION, "label", &label)?;
        Ok(self.inner.gloss(&String::from(&name), label))
    }

    /// The gloss `analyzeEntities` gives a group (once the recognizer uses this table): of the
    /// group's `name`, or else of the mention of most words that has one; `mentions` are the
    /// texts of its mentions. Glosses an analysis made before the table was there, without
    /// analyzing the text again.
    #[wasm_bindgen(js_name = glossGroup)]
    pub fn gloss_group(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] name: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Label")] label: JsValue,
        #[wasm_bindgen(unchecked_param_type = "string[]")] mentions: JsValue,
    ) -> Result<Option<String>, JsValue> {
        const FUNCTION: &str = "Glossary.glossGroup";
        let name = String::from(&text_arg(FUNCTION, "name", &name)?);
        let label = label_arg(FUNCTION, "label", &label)?;
        let mentions = strings_arg(FUNCTION, "mentions", &mentions)?;
        Ok(self.inner.gloss_group(&name, label, mentions.iter().map(String::as_str)))
    }
}

/// The entities of an analysis of `rust_text` (the Rust copy of `text`) as JavaScript objects
/// in UTF-16 offsets.
fn entities_of(text: &JsString, rust_text: &str, analysis: &Analysis) -> Vec<JsEntity> {
    let spans = utf16_spans(rust_text, &analysis.entities);
    analysis
        .entities
        .iter()
        .zip(spans)
        .enumerate()
        .map(|(i, (entity, (start, end)))| JsEntity {
            start,
            end,
            label: entity.label.as_str(),
            text: text.slice(start as u32, end as u32).into(),
            score: round_score(entity.score),
            value: entity.value.clone(),
            offset: entity.timex.as_ref().and_then(|t| t.offset()).map(|o| o.to_string()),
            hijri: entity.timex.as_ref().and_then(|t| t.hijri()).map(|(from, to)| match to {
                Some(to) => format!("{from}/{to}"),
                None => from.to_string(),
            }),
            entity: analysis.group_of(i),
        })
        .collect()
}

/// The labels kashif gives, in order: `["PER", "LOC", "ORG", "MISC", "DATE", "TIME", "MONEY",
/// "PERCENT"]` (the names the statistical model predicts, then the rule-based ones).
#[wasm_bindgen(unchecked_return_type = "Label[]")]
pub fn labels() -> Array {
    Label::ALL.iter().map(|label| JsValue::from_str(label.as_str())).collect()
}

/// `text` with the Arabic folding the recognizer matches names with: alef, yeh, kaf and teh
/// marbuta variants folded, diacritics, tatweel and bidi controls dropped, Arabic-Indic digits
/// made ASCII, wide spaces made plain spaces. For grouping mentions; never for display.
#[wasm_bindgen(js_name = foldArabic)]
pub fn fold_arabic(#[wasm_bindgen(unchecked_param_type = "string")] text: JsValue) -> Result<String, JsValue> {
    let text = text_arg("foldArabic", "text", &text)?;
    Ok(crate::AlignedText::new(&String::from(&text)).normalized().to_string())
}

/// The text that `highlight` analyzes for `root`: its text nodes in document order, with a
/// line break at every block boundary (see the skip and block rules in the documentation).
/// Offsets given to `markEntities` are UTF-16 offsets of it.
#[wasm_bindgen(js_name = articleText)]
pub fn article_text(#[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue) -> Result<String, JsValue> {
    let root = node_arg("articleText", "root", &root)?;
    Ok(dom::collect(&root).text)
}

/// The `<mark>` elements kashif created under `root` (and has not cleared), in document order;
/// a page's own `<mark>`s, whatever their attributes, are not among them.
#[wasm_bindgen(js_name = kashifMarks, unchecked_return_type = "HTMLElement[]")]
pub fn kashif_marks(#[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue) -> Result<Array, JsValue> {
    let root = node_arg("kashifMarks", "root", &root)?;
    Ok(dom::own_marks(&root).into_iter().collect())
}

/// Finds the entities in the text of `root` and marks each in `<mark>` elements; see
/// `markEntities` for what it returns. Marks from an earlier call are cleared first, so calling
/// it twice marks nothing twice.
#[wasm_bindgen(unchecked_return_type = "MarkedEntity[]")]
pub fn highlight(
    #[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HighlightOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    const FUNCTION: &str = "highlight";
    let root = node_arg(FUNCTION, "root", &root)?;
    let filter = filter_arg(FUNCTION, options.as_ref())?;
    let anchor = anchor_arg(FUNCTION, options.as_ref())?;
    dom::clear(&root);
    let article = dom::collect(&root);
    let entities = shared_recognizer(FUNCTION)?
        .analyze_with(&article.text, &AnalyzeOptions { anchor }, &mut |_| {})
        .map_err(|e| library_error(FUNCTION, e))?;
    let analysis = Analysis::new(&article.text, entities);
    let spans = utf16_spans(&article.text, &analysis.entities);
    let found: Vec<Found> = analysis
        .entities
        .iter()
        .zip(spans)
        .enumerate()
        .map(|(i, (entity, (start, end)))| Found {
            start,
            end,
            label: entity.label,
            score: entity.score,
            value: entity.value.clone(),
            entity: analysis.group_of(i),
        })
        .collect();
    mark_all(&article, &found, &filter)
}

fn mark_all(article: &dom::Article, found: &[Found], filter: &Filter) -> Result<JsValue, JsValue> {
    let mut marking = dom::Marking::new(Planner::new(article, found.to_vec(), filter, 0));
    marking.step(article, usize::MAX)?;
    to_js(&marking.marked().collect::<Vec<_>>())
}

/// Removes kashif's marks under `root`, merging back the text nodes that marking split, so the
/// subtree is as it was (same `innerHTML`, same text nodes). A page's own `<mark>`s stay.
#[wasm_bindgen]
pub fn clear(#[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue) -> Result<(), JsValue> {
    let root = node_arg("clear", "root", &root)?;
    dom::clear(&root);
    Ok(())
}

/// Marks entities found elsewhere (by `analyze` in a worker, say) in the text of `root`:
/// `entities` are `{start, end, label, score?, value?}` in UTF-16 offsets of `articleText(root)`.
/// Clears earlier marks first; returns what it marked, each with its `data-kashif-id`.
#[wasm_bindgen(js_name = markEntities, unchecked_return_type = "MarkedEntity[]")]
pub fn mark_entities(
    #[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue,
    #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "HighlightOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsValue> {
    const FUNCTION: &str = "markEntities";
    let root = node_arg(FUNCTION, "root", &root)?;
    let found = entities_arg(FUNCTION, &entities)?;
    let filter = filter_arg(FUNCTION, options.as_ref())?;
    dom::clear(&root);
    mark_all(&dom::collect(&root), &found, &filter)
}

/// `markEntities` a slice at a time, for long articles: the page stays responsive between
/// calls to `step`. Clears earlier marks when created; the page must not change the article
/// until `step` returns true (start again if it does).
#[wasm_bindgen]
pub struct Marker {
    article: dom::Article,
    marking: dom::Marking,
}

#[wasm_bindgen]
impl Marker {
    /// Plans the marking of `entities` (as for `markEntities`) in `root`; marks nothing yet.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue,
        #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "HighlightOptions")] options: Option<JsValue>,
    ) -> Result<Marker, JsValue> {
        const FUNCTION: &str = "new Marker";
        let root = node_arg(FUNCTION, "root", &root)?;
        let found = entities_arg(FUNCTION, &entities)?;
        let filter = filter_arg(FUNCTION, options.as_ref())?;
        dom::clear(&root);
        let article = dom::collect(&root);
        let marking = dom::Marking::new(Planner::new(&article, found, &filter, 0));
        Ok(Marker { article, marking })
    }

    /// Plans and inserts up to `count` more marks (`Infinity` for all), in reading order from the
    /// start of the article (after those `prefer` puts first), cutting a long text node over
    /// several calls if need be (the page shows all of the text between calls); returns true
    /// once all are in. Each call's work is linear in the text its marks span.
    pub fn step(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue) -> Result<bool, JsValue> {
        let count = count_arg("Marker.step", "count", &count)?;
        self.marking.step(&self.article, count)
    }

    /// Marks the entities that start between the start of `first` and the end of `last` (nodes
    /// of the article, in document order: the blocks on screen, say) before the others, which
    /// keep their order. May be called between any two steps.
    pub fn prefer(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Node")] first: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Node")] last: JsValue,
    ) -> Result<(), JsValue> {
        let first = node_arg("Marker.prefer", "first", &first)?;
        let last = node_arg("Marker.prefer", "last", &last)?;
        let text = dom::text_range(&self.article, &first, &last);
        let range = self.marking.planner().range_of_text(&self.article, text.start, text.end);
        self.marking.prefer(range);
        Ok(())
    }

    /// The marks the last `step` inserted, in the order inserted.
    #[wasm_bindgen(unchecked_return_type = "HTMLElement[]")]
    pub fn placed(&self) -> Array {
        self.marking.placed().clone()
    }

    /// The entities marked so far (all once `step` has returned true), in text order, each with
    /// its `data-kashif-id`.
    #[wasm_bindgen(unchecked_return_type = "MarkedEntity[]")]
    pub fn entities(&self) -> Result<JsValue, JsValue> {
        to_js(&self.marking.marked().collect::<Vec<_>>())
    }

    /// How many entities are being marked.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> usize {
        self.marking.planner().len()
    }

    /// `entities().slice(start, end)` once all are marked, without converting the others: a long
    /// list can be read a slice at a time. (Before, the entities not marked yet are left out.)
    #[wasm_bindgen(js_name = entitiesSlice, unchecked_return_type = "MarkedEntity[]")]
    pub fn entities_slice(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] start: JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] end: JsValue,
    ) -> Result<JsValue, JsValue> {
        let start = index_arg("Marker.entitiesSlice", "start", &start)?;
        let end = index_arg("Marker.entitiesSlice", "end", &end)?.min(self.count());
        to_js(&(start.min(end)..end).filter_map(|index| self.marking.marked_at(index)).collect::<Vec<_>>())
    }
}

/// `Marker` built in slices, for long articles on the main thread: clears earlier marks, reads
/// the article's text and takes the entities to mark, each a bounded amount of work per call, so
/// that the page can handle input and paint in between. The page must not change the article
/// until the marker is done (start again if it does).
///
/// ```js
/// const reader = new Reader(root);
/// while (!reader.clear(64)) await yieldToEventLoop();
/// while (!reader.read(256)) await yieldToEventLoop();
/// const text = reader.text();  // === articleText(root)
/// reader.addEntities(someEntities); // as many calls as wanted
/// const marker = reader.marker(options); // consumes the reader; then marker.step(n)...
/// ```
#[wasm_bindgen]
pub struct Reader {
    root: Node,
    marks: Option<web_sys::NodeList>,
    next_mark: u32,
    walk: crate::marks::text::Walk<Node>,
    article: dom::Article,
    found: Vec<Found>,
}

#[wasm_bindgen]
impl Reader {
    /// A reader of the article under `root`; does nothing yet.
    #[wasm_bindgen(constructor)]
    pub fn new(#[wasm_bindgen(unchecked_param_type = "Node")] root: JsValue) -> Result<Reader, JsValue> {
        let root = node_arg("new Reader", "root", &root)?;
        Ok(Reader {
            marks: dom::marks_under(&root),
            next_mark: 0,
            walk: dom::start_walk(&root),
            article: dom::Article::default(),
            found: Vec::new(),
            root,
        })
    }

    /// Removes up to `count` more of the marks of an earlier highlighting; returns true once all
    /// are gone. Must be done before `read`.
    pub fn clear(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue) -> Result<bool, JsValue> {
        let count = count_arg("Reader.clear", "count", &count)?;
        let Some(marks) = &self.marks else {
            return Ok(true);
        };
        let stop = self.next_mark.saturating_add(u32::try_from(count).unwrap_or(u32::MAX)).min(marks.length());
        while self.next_mark < stop {
            if let Some(mark) = marks.item(self.next_mark) {
                dom::unmark(&mark);
            }
            self.next_mark += 1;
        }
        if self.next_mark >= marks.length() {
            self.marks = None;
            // Clearing puts text nodes back together: the walk starts from the restored subtree.
            self.walk = dom::start_walk(&self.root);
            return Ok(true);
        }
        Ok(false)
    }

    /// Reads up to `count` more nodes of the article; returns true once it has read all.
    pub fn read(&mut self, #[wasm_bindgen(unchecked_param_type = "number")] count: JsValue) -> Result<bool, JsValue> {
        let count = count_arg("Reader.read", "count", &count)?;
        if self.marks.is_some() {
            return Err(convert::error("Reader.read: clear must finish before read"));
        }
        Ok(self.article.collect_some(&dom::Dom, &self.root, &mut self.walk, count))
    }

    /// The text read so far: once `read` has returned true, `articleText(root)`.
    pub fn text(&self) -> String {
        self.article.text.clone()
    }

    /// Adds entities to mark, `{start, end, label, score?, value?}` in UTF-16 offsets of the text.
    #[wasm_bindgen(js_name = addEntities)]
    pub fn add_entities(&mut self, #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue) -> Result<(), JsValue> {
        self.found.extend(entities_arg("Reader.addEntities", &entities)?);
        Ok(())
    }

    /// Plans the marking of the entities added that pass `options`, as `new Marker` does, and
    /// hands over to the `Marker` that does it. The reader is used up.
    pub fn marker(
        self,
        #[wasm_bindgen(unchecked_optional_param_type = "HighlightOptions")] options: Option<JsValue>,
    ) -> Result<Marker, JsValue> {
        if self.marks.is_some() || !self.walk.is_done() {
            return Err(convert::error("Reader.marker: clear and read must finish before marker"));
        }
        let filter = filter_arg("Reader.marker", options.as_ref())?;
        let marking = dom::Marking::new(Planner::new(&self.article, self.found, &filter, 0));
        Ok(Marker { article: self.article, marking })
    }
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** What kashif labels: names, then dates, times, amounts and percentages. */
export type Label = "PER" | "LOC" | "ORG" | "MISC" | "DATE" | "TIME" | "MONEY" | "PERCENT";
/** An entity of an analyzed string; offsets in UTF-16 units. */
export interface Entity {
  start: number;
  end: number;
  label: Label;
  text: string;
  score: number;
  /** Dates and times: TIMEX3 (docs/TEMPORAL.md); amounts: `3500000000 USD`, `12.5`. */
  value?: string;
  /** An unanchored relative date's offset from the article's date, e.g. "-P1D". */
  offset?: string;
  /** A Hijri date as written; `value` is its Gregorian value. */
  hijri?: string;
  /** The id of the group (`Analysis.groups`) it is a mention of; none for dates and amounts. */
  entity?: number;
}
/** An entity that `highlight` or `markEntities` marked; `id` is its marks' `data-kashif-id`. */
export interface MarkedEntity extends Entity {
  id: number;
}
/** Options of `analyze` and `analyzeWithProgress`. */
export interface AnalyzeOptions {
  /** The article's date, which relative dates (اليوم, أمس, a bare weekday or month) resolve
   *  against: "YYYY-MM-DD" or a Date. Default: the dateline's date, when the text opens with one. */
  anchor?: string | Date;
}
export interface AnalyzeEntitiesOptions extends AnalyzeOptions {
  /** Called now and then with how much of the text (UTF-16 units, approximately) is done. */
  onProgress?: (done: number, total: number) => void;
}
/** One thing a text names, however often and however it is written. */
export interface Group {
  id: number;
  label: Label;
  /** The fullest mention, without clitics. */
  name: string;
  /** An English name, where the name lists know exactly one (see `useGlossary`). */
  gloss?: string;
  /** Indices of its mentions in `entities`. */
  mentions: number[];
}
/** What `analyzeEntities` returns. */
export interface Analysis {
  entities: Entity[];
  groups: Group[];
}
export interface HighlightOptions extends AnalyzeOptions {
  /** Labels to mark (default: all). */
  labels?: Label[];
  /** Entities scoring below this are not marked (default: 0). */
  minScore?: number;
}
/** An entity to mark, e.g. from `analyze` in a worker; offsets in UTF-16 units of `articleText(root)`. */
export interface EntityInput {
  start: number;
  end: number;
  label: Label;
  score?: number;
  value?: string;
  entity?: number;
}
"#;

#[cfg(test)]
mod tests;
