//! The JavaScript API: the only place with `#[wasm_bindgen]`.
//!
//! Everything that crosses the boundary is a plain `Serialize`/`Deserialize` struct converted by
//! `serde-wasm-bindgen`; every error reaches JavaScript as a `JsError` (an `Error` with a message).
//! The release profile aborts on panic, and an abort in wasm is an `unreachable` trap that leaves
//! the instance unusable, so this layer validates what JavaScript hands it instead of unwrapping,
//! and the panic hook below only exists to name the bug in the console should one slip through.
//!
//! Offsets given to JavaScript are UTF-16 code units. wasm-bindgen encodes a JavaScript string
//! for Rust with `TextEncoder`, which turns a lone surrogate into U+FFFD: one UTF-16 unit for one,
//! so UTF-16 offsets computed on the Rust copy index the JavaScript original. Entity text is still
//! sliced from the JavaScript string, so it holds the lone surrogate and not U+FFFD.

mod dom;

use std::cell::OnceCell;
use std::rc::Rc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;

use crate::offsets::byte_to_utf16_offsets;
use crate::{Entity, Label};

thread_local! {
    /// The recognizer behind the free `highlight` function, built on first use: the model is
    /// decoded once per page, not once per call.
    static SHARED: OnceCell<Rc<crate::Recognizer>> = const { OnceCell::new() };
}

#[wasm_bindgen(start)]
fn start() {
    std::panic::set_hook(Box::new(|info| {
        web_sys::console::error_1(&format!("kashif: internal error (a bug): {info}").into());
    }));
}

fn js_error(error: crate::Error) -> JsError {
    JsError::new(&error.to_string())
}

fn shared_recognizer() -> Result<Rc<crate::Recognizer>, JsError> {
    SHARED.with(|cell| {
        if let Some(recognizer) = cell.get() {
            return Ok(Rc::clone(recognizer));
        }
        let recognizer = Rc::new(crate::Recognizer::new().map_err(js_error)?);
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
}

/// Scores cross as short decimals: `0.912` reads better in a tooltip than `0.9120000004768372`.
fn round_score(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// Entities of `text` with their byte offsets turned into UTF-16 offsets, in one pass.
fn utf16_spans(text: &str, entities: &[Entity]) -> Vec<(usize, usize)> {
    // Entities are sorted and non-overlapping, so their starts and ends interleave in order.
    let bytes: Vec<usize> = entities.iter().flat_map(|e| [e.start, e.end]).collect();
    let units = byte_to_utf16_offsets(text, &bytes);
    units.chunks_exact(2).map(|pair| (pair[0], pair[1])).collect()
}

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, JsError> {
    serde_wasm_bindgen::to_value(value).map_err(|e| JsError::new(&e.to_string()))
}

/// Finds named entities, dates and amounts in Arabic text.
#[wasm_bindgen(js_name = Recognizer)]
pub struct JsRecognizer {
    inner: Rc<crate::Recognizer>,
}

#[wasm_bindgen(js_class = Recognizer)]
impl JsRecognizer {
    /// A recognizer with the model embedded in the module.
    #[wasm_bindgen(constructor)]
    pub fn new() -> Result<JsRecognizer, JsError> {
        Ok(JsRecognizer { inner: shared_recognizer()? })
    }

    /// A recognizer with another model: the bytes of a model file, such as
    /// `kashif-reference.model` (for encyclopedic text) fetched by the page. A file that is not a
    /// kashif model of this version, or is truncated or corrupted, throws an Error.
    #[wasm_bindgen(js_name = fromModel)]
    pub fn from_model(bytes: &[u8]) -> Result<JsRecognizer, JsError> {
        let model = crate::Model::from_bytes(bytes).map_err(js_error)?;
        Ok(JsRecognizer { inner: Rc::new(crate::Recognizer::with_model(model)) })
    }

    /// The entities of `text`, in order: `{start, end, label, text, score, value?}` with `start`
    /// and `end` in UTF-16 units, so that `text.slice(start, end) === entity.text`.
    #[wasm_bindgen(unchecked_return_type = "Entity[]")]
    pub fn analyze(&self, text: &js_sys::JsString) -> Result<JsValue, JsError> {
        let rust_text = String::from(text);
        let entities = self.inner.analyze(&rust_text).map_err(js_error)?;
        entities_to_js(text, &rust_text, entities)
    }

    /// Like `analyze`, calling `onProgress(done, total)` now and then with how much of the text
    /// (in UTF-16 units, approximately) is done: for long articles analyzed in a worker. The
    /// whole text is analyzed at once, so names it repeats are recognized from one another
    /// exactly as `analyze` does.
    #[wasm_bindgen(js_name = analyzeWithProgress, unchecked_return_type = "Entity[]")]
    pub fn analyze_with_progress(
        &self,
        text: &js_sys::JsString,
        #[wasm_bindgen(js_name = onProgress, unchecked_param_type = "(done: number, total: number) => void")]
        on_progress: &js_sys::Function,
    ) -> Result<JsValue, JsError> {
        let rust_text = String::from(text);
        let total = text.length();
        let mut failed = None;
        let mut report = |fraction: f32| {
            if failed.is_none() {
                let done = (fraction.clamp(0.0, 1.0) * total as f32).round() as u32;
                if let Err(error) = on_progress.call2(&JsValue::NULL, &done.into(), &total.into()) {
                    failed = Some(error);
                }
            }
        };
        let entities = self.inner.analyze_with_progress(&rust_text, &mut report).map_err(js_error)?;
        if let Some(error) = failed {
            // The callback threw: report that rather than half a result.
            let message = error.as_string().or_else(|| js_sys::Error::from(error).message().as_string());
            return Err(JsError::new(&format!("onProgress failed: {}", message.unwrap_or_default())));
        }
        entities_to_js(text, &rust_text, entities)
    }
}

/// Entities of `rust_text` (the Rust copy of `text`) as JavaScript objects in UTF-16 offsets.
fn entities_to_js(text: &js_sys::JsString, rust_text: &str, entities: Vec<Entity>) -> Result<JsValue, JsError> {
    let spans = utf16_spans(rust_text, &entities);
    let out: Vec<JsEntity> = entities
        .into_iter()
        .zip(spans)
        .map(|(entity, (start, end))| JsEntity {
            start,
            end,
            label: entity.label.as_str(),
            text: text.slice(start as u32, end as u32).into(),
            score: round_score(entity.score),
            value: entity.value,
        })
        .collect();
    to_js(&out)
}

/// What `highlight` and `markEntities` accept.
#[derive(Deserialize, Default)]
#[serde(default, rename_all = "camelCase")]
struct HighlightOptions {
    /// Labels to mark; all when absent.
    labels: Option<Vec<String>>,
    /// Entities scoring below this are not marked.
    min_score: f32,
}

/// Options parsed and checked: label names known, score a number.
pub(crate) struct Filter {
    labels: Option<Vec<Label>>,
    min_score: f32,
}

impl Filter {
    fn from_js(options: &JsValue) -> Result<Filter, JsError> {
        let options: HighlightOptions = if options.is_undefined() || options.is_null() {
            HighlightOptions::default()
        } else {
            serde_wasm_bindgen::from_value(options.clone())
                .map_err(|e| JsError::new(&format!("invalid highlight options: {e}")))?
        };
        if !options.min_score.is_finite() {
            return Err(JsError::new("invalid highlight options: minScore must be a finite number"));
        }
        let labels = match options.labels {
            None => None,
            Some(names) => Some(
                names
                    .iter()
                    .map(|name| {
                        Label::parse(name.trim())
                            .ok_or_else(|| JsError::new(&format!("unknown label {name:?}")))
                    })
                    .collect::<Result<Vec<Label>, JsError>>()?,
            ),
        };
        Ok(Filter { labels, min_score: options.min_score })
    }

    pub(crate) fn keeps(&self, label: Label, score: f32) -> bool {
        score >= self.min_score && self.labels.as_ref().map_or(true, |labels| labels.contains(&label))
    }
}

/// The text that `highlight` analyzes for `root`: its text nodes in document order, with a
/// line break at every block boundary. Offsets given to `markEntities` are UTF-16 offsets of it.
#[wasm_bindgen(js_name = articleText)]
pub fn article_text(root: &web_sys::Node) -> String {
    dom::Article::collect(root).text
}

/// Finds the entities in the text of `root` and marks each in `<mark>` elements; see
/// `markEntities` for what it returns. Marks from an earlier call are cleared first, so calling
/// it twice marks nothing twice.
#[wasm_bindgen(unchecked_return_type = "MarkedEntity[]")]
pub fn highlight(
    root: &web_sys::Node,
    #[wasm_bindgen(unchecked_param_type = "HighlightOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let filter = Filter::from_js(&options)?;
    dom::clear(root);
    let article = dom::Article::collect(root);
    let entities = shared_recognizer()?.analyze(&article.text).map_err(js_error)?;
    let spans = utf16_spans(&article.text, &entities);
    let found: Vec<dom::Found> = entities
        .into_iter()
        .zip(spans)
        .map(|(entity, (start, end))| dom::Found {
            start,
            end,
            label: entity.label,
            score: entity.score,
            value: entity.value,
        })
        .collect();
    let marked = article.mark(&found, &filter, 0)?;
    to_js(&marked)
}

#[wasm_bindgen(typescript_custom_section)]
const TS_TYPES: &str = r#"
/** An entity of an analyzed string; offsets in UTF-16 units. */
export interface Entity {
  start: number;
  end: number;
  label: "PER" | "LOC" | "ORG" | "MISC" | "DATE" | "TIME" | "MONEY" | "PERCENT";
  text: string;
  score: number;
  value?: string;
}
/** An entity that `highlight` or `markEntities` marked; `id` is its `data-kashif-id`. */
export interface MarkedEntity extends Entity {
  id: number;
}
export interface HighlightOptions {
  /** Labels to mark (default: all). */
  labels?: string[];
  /** Entities scoring below this are not marked (default: 0). */
  minScore?: number;
}
/** An entity to mark, e.g. from `analyze` in a worker; offsets in UTF-16 units of `articleText(root)`. */
export interface EntityInput {
  start: number;
  end: number;
  label: string;
  score?: number;
  value?: string;
}
"#;

#[cfg(test)]
mod tests;
