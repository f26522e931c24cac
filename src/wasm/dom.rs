//! Highlighting a live page: collect the text of a subtree, mark entities where they are, undo it.
//!
//! This is Rust rather than JavaScript so that the one walk that builds the analyzed text also
//! keeps the (node, offset) map that marking uses: the offsets the recognizer returns are turned
//! into DOM positions without a second implementation of the text rules to keep in step. Analysis
//! in a worker goes through the same code: `articleText` gives the worker its text, and
//! `markEntities` applies what it found.
//!
//! The DOM is only changed with elements and text nodes (`splitText`, `createElement`,
//! `insertBefore`), never with HTML strings, so article text that looks like markup stays text.

use serde::{Deserialize, Serialize};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, Element, Node, Text};

use super::{round_score, to_js, Filter};
use crate::Label;

/// The attribute that makes `clear` find kashif's marks and no other `<mark>`.
const ID_ATTR: &str = "data-kashif-id";
/// Which neighbours of a mark were split off the same text node, so `clear` merges those back
/// and leaves the page's own adjacent text nodes alone.
const JOIN_ATTR: &str = "data-kashif-join";
const LABEL_ATTR: &str = "data-kashif-label";

#[wasm_bindgen]
extern "C" {
    /// `Text` read and written as JavaScript strings: going through a Rust `String` would turn a
    /// lone surrogate into U+FFFD, and `clear` must give back the exact text.
    #[wasm_bindgen(js_name = Text)]
    type RawText;
    #[wasm_bindgen(method, getter)]
    fn data(this: &RawText) -> js_sys::JsString;
    #[wasm_bindgen(method, js_name = appendData)]
    fn append_data(this: &RawText, data: &js_sys::JsString);
}

/// Elements whose text is not article prose, or that must not be edited: never marked, and
/// treated as a sentence break. The page's own `<mark>`s are skipped; kashif's are read through,
/// so the text of a subtree is the same highlighted or not.
fn is_skipped(element: &Element, tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "textarea"
            | "input"
            | "select"
            | "button"
            | "code"
            | "pre"
            | "kbd"
            | "samp"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "canvas"
    ) || (tag == "mark" && !element.has_attribute(ID_ATTR))
        || element.has_attribute("data-kashif-skip")
        || element.get_attribute("translate").is_some_and(|v| v.eq_ignore_ascii_case("no"))
        || element.get_attribute("contenteditable").is_some_and(|v| !v.eq_ignore_ascii_case("false"))
}

/// Elements that start a new line of text. Decided by tag name rather than computed style: it
/// works on detached trees, costs no style recalculation, and gives the same text in a worker's
/// round trip as inline.
fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "center"
            | "dd"
            | "details"
            | "dialog"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "li"
            | "main"
            | "nav"
            | "ol"
            | "p"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
    )
}

/// One text node of the article and where its text sits in the joined text.
struct Piece {
    node: Text,
    /// Byte offset in `Article::text`.
    byte_start: usize,
    /// UTF-16 offset in `Article::text`.
    start: usize,
    /// Length in UTF-16 units.
    len: usize,
}

/// The text of a subtree as the recognizer sees it, and the map back to its text nodes.
pub(crate) struct Article {
    /// Text nodes in document order; a `'\n'` wherever a block starts or ends.
    pub(crate) text: String,
    pieces: Vec<Piece>,
}

/// Where a walk over the article's subtree stands.
struct Walk {
    /// The next node to visit; `None` once done.
    next: Option<Node>,
    /// UTF-16 length of the text so far.
    units: usize,
    /// Whether a block started or ended since the last text.
    pending_break: bool,
}

impl Walk {
    fn start(root: &Node) -> Walk {
        Walk { next: root.first_child(), units: 0, pending_break: false }
    }
}

/// An entity to mark, in UTF-16 offsets of `Article::text`.
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) label: Label,
    pub(crate) score: f32,
    pub(crate) value: Option<String>,
}

/// What marking an article will do, and how far it got.
pub(crate) struct Plan {
    pub(crate) marked: Vec<Marked>,
    /// In document order.
    segments: Vec<Segment>,
    /// `segments[..pending]` are still to do.
    pending: usize,
}

/// One mark to insert: units `from..to` of a piece's text node, for `marked[index]`.
struct Segment {
    piece: usize,
    index: usize,
    from: usize,
    to: usize,
}

/// What `highlight` and `markEntities` return for each entity they marked.
#[derive(Serialize)]
pub(crate) struct Marked {
    id: usize,
    start: usize,
    end: usize,
    label: &'static str,
    text: String,
    score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    value: Option<String>,
}

/// An entity handed in by JavaScript, e.g. from `analyze` in a worker.
#[derive(Deserialize)]
struct EntityIn {
    start: usize,
    end: usize,
    label: String,
    #[serde(default = "full_score")]
    score: f32,
    #[serde(default)]
    value: Option<String>,
}

fn full_score() -> f32 {
    1.0
}

fn local_name(element: &Element) -> String {
    element.local_name().to_ascii_lowercase()
}

impl Article {
    /// Walks `root` once, in document order, without recursion (article markup can nest deeply).
    pub(crate) fn collect(root: &Node) -> Article {
        let mut article = Article { text: String::new(), pieces: Vec::new() };
        let mut walk = Walk::start(root);
        article.collect_some(root, &mut walk, usize::MAX);
        article
    }

    /// Goes on with `walk` over up to `count` more nodes of `root`; returns whether it is done.
    /// Slices of a walk give the same article as one whole walk, as long as the subtree does not
    /// change in between.
    fn collect_some(&mut self, root: &Node, walk: &mut Walk, count: usize) -> bool {
        let mut visited = 0;
        while let Some(node) = walk.next.take() {
            if visited >= count {
                walk.next = Some(node);
                return false;
            }
            visited += 1;
            let mut enter = false;
            if let Some(text_node) = node.dyn_ref::<Text>() {
                let data = text_node.data();
                if !data.is_empty() {
                    if walk.pending_break && !self.text.is_empty() {
                        self.text.push('\n');
                        walk.units += 1;
                    }
                    walk.pending_break = false;
                    let byte_start = self.text.len();
                    // A line break inside a paragraph renders as a space; the recognizer would
                    // take it for a sentence break. Same length in bytes and UTF-16 units.
                    self.text.extend(data.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
                    let len = data.encode_utf16().count();
                    self.pieces.push(Piece { node: text_node.clone(), byte_start, start: walk.units, len });
                    walk.units += len;
                }
            } else if let Some(element) = node.dyn_ref::<Element>() {
                let tag = local_name(element);
                if is_skipped(element, &tag) {
                    walk.pending_break = true;
                } else {
                    walk.pending_break |= is_block(&tag);
                    enter = true;
                }
            }
            if enter {
                if let Some(child) = node.first_child() {
                    walk.next = Some(child);
                    continue;
                }
            }
            // Next in document order: a sibling, or the sibling of the nearest ancestor that has
            // one, closing the blocks we climb out of.
            let mut current = node;
            walk.next = loop {
                if let Some(sibling) = current.next_sibling() {
                    break Some(sibling);
                }
                match current.parent_node() {
                    Some(parent) if parent != *root => {
                        if let Some(element) = parent.dyn_ref::<Element>() {
                            walk.pending_break |= is_block(&local_name(element));
                        }
                        current = parent;
                    }
                    _ => break None,
                }
            };
        }
        true
    }

    fn len_utf16(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.start + p.len)
    }

    /// Marks `found` (sorted or not) that pass `filter`, all at once; see [`Article::plan`].
    pub(crate) fn mark(&self, found: &[Found], filter: &Filter, first_id: usize) -> Result<Vec<Marked>, JsError> {
        let mut plan = self.plan(found, filter, first_id);
        self.apply(&mut plan, usize::MAX)?;
        Ok(plan.marked)
    }

    /// Decides what to mark: `found` that pass `filter`, sorted; entities that are out of range,
    /// empty or overlap an earlier one are dropped. Ids count from `first_id` in text order.
    /// Changes nothing yet: [`Article::apply`] does.
    pub(crate) fn plan(&self, found: &[Found], filter: &Filter, first_id: usize) -> Plan {
        let total = self.len_utf16();
        let mut kept: Vec<&Found> = found
            .iter()
            .filter(|f| f.start < f.end && f.end <= total && filter.keeps(f.label, f.score))
            .collect();
        kept.sort_by_key(|f| (f.start, f.end));
        let mut last_end = 0;
        kept.retain(|f| {
            let fits = f.start >= last_end;
            if fits {
                last_end = f.end;
            }
            fits
        });

        let bounds: Vec<usize> = kept.iter().flat_map(|f| [f.start, f.end]).collect();
        let byte_bounds = utf16_to_byte_offsets(&self.text, &bounds);
        let marked: Vec<Marked> = kept
            .iter()
            .enumerate()
            .map(|(index, f)| Marked {
                id: first_id + index,
                start: f.start,
                end: f.end,
                label: f.label.as_str(),
                text: self.text.get(byte_bounds[2 * index]..byte_bounds[2 * index + 1]).unwrap_or("").to_owned(),
                score: round_score(f.score),
                value: f.value.clone(),
            })
            .collect();

        let mut segments = Vec::with_capacity(marked.len());
        for (index, f) in kept.iter().enumerate() {
            let first = self.pieces.partition_point(|p| p.start + p.len <= f.start);
            for (piece_index, piece) in self.pieces.iter().enumerate().skip(first) {
                if piece.start >= f.end {
                    break;
                }
                let from = f.start.max(piece.start) - piece.start;
                let to = f.end.min(piece.start + piece.len) - piece.start;
                if let Some((from, to)) = self.trim_spaces(piece, from, to) {
                    segments.push(Segment { piece: piece_index, index, from, to });
                }
            }
        }
        let pending = segments.len();
        Plan { marked, segments, pending }
    }

    /// Wraps up to `count` more of the plan's segments in marks, from the end of the text
    /// backwards; returns whether all are done. Backwards, because a text node split at an
    /// offset keeps the text before it: the segments still to do keep their offsets, so a long
    /// article can be marked in several calls without walking it again.
    pub(crate) fn apply(&self, plan: &mut Plan, count: usize) -> Result<bool, JsError> {
        let Some(document) = owner_document(&self.pieces.first().map(|p| p.node.clone().into())) else {
            plan.pending = 0;
            return Ok(true);
        };
        let stop = plan.pending.saturating_sub(count);
        while plan.pending > stop {
            plan.pending -= 1;
            let segment = &plan.segments[plan.pending];
            let piece = &self.pieces[segment.piece];
            wrap(&document, &piece.node, segment.from, segment.to, piece.len, &plan.marked[segment.index])?;
        }
        Ok(plan.pending == 0)
    }

    /// Narrows `[from, to)` (UTF-16, local to `piece`) so that it starts and ends on a letter: a
    /// name continued across `<b>سيرجي</b> شويجو` marks `شويجو`, not its leading space.
    fn trim_spaces(&self, piece: &Piece, from: usize, to: usize) -> Option<(usize, usize)> {
        let text = self.text.get(piece.byte_start..)?;
        let mut unit = 0;
        let mut first = None;
        let mut last = None;
        for c in text.chars() {
            if unit >= to {
                break;
            }
            let width = c.len_utf16();
            if unit >= from && !c.is_whitespace() {
                first.get_or_insert(unit);
                last = Some(unit + width);
            }
            unit += width;
        }
        Some((first?, last?))
    }
}

fn owner_document(node: &Option<Node>) -> Option<Document> {
    let node = node.as_ref()?;
    match node.dyn_ref::<Document>() {
        Some(document) => Some(document.clone()),
        None => node.owner_document(),
    }
}

/// Wraps UTF-16 units `[from, to)` of `node` (whose current length is at least `to`, and whose
/// length before any marking was `len`) in a `<mark>`.
fn wrap(document: &Document, node: &Text, from: usize, to: usize, len: usize, entity: &Marked) -> Result<(), JsError> {
    let dom = |e: JsValue| JsError::new(&format!("cannot mark an entity: {e:?}"));
    let parent = node.parent_node().ok_or_else(|| JsError::new("cannot mark an entity: text node was detached"))?;
    let (Ok(from32), Ok(to32)) = (u32::try_from(from), u32::try_from(to)) else {
        return Err(JsError::new("cannot mark an entity: offset too large"));
    };
    // Segments after this one in the same node were marked already and split off.
    if to < node.length() as usize {
        node.split_text(to32).map_err(dom)?;
    }
    let inner = if from > 0 { node.split_text(from32).map_err(dom)? } else { node.clone() };
    let mark = document.create_element("mark").map_err(dom)?;
    mark.set_attribute(LABEL_ATTR, entity.label).map_err(dom)?;
    mark.set_attribute(ID_ATTR, &entity.id.to_string()).map_err(dom)?;
    let join = match (from > 0, to < len) {
        (true, true) => Some("before after"),
        (true, false) => Some("before"),
        (false, true) => Some("after"),
        (false, false) => None,
    };
    if let Some(join) = join {
        mark.set_attribute(JOIN_ATTR, join).map_err(dom)?;
    }
    let mut title = format!("{} · {:.2}", entity.label, entity.score);
    if let Some(value) = &entity.value {
        title.push_str(" · ");
        title.push_str(value);
    }
    mark.set_attribute("title", &title).map_err(dom)?;
    parent.insert_before(&mark, Some(&inner)).map_err(dom)?;
    mark.append_child(&inner).map_err(dom)?;
    Ok(())
}

/// Converts sorted UTF-16 offsets of `text` into byte offsets, in one pass; offsets past the end
/// or inside a character give the next character boundary.
fn utf16_to_byte_offsets(text: &str, offsets: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(offsets.len());
    let mut chars = text.char_indices().peekable();
    let mut units = 0;
    for &target in offsets {
        while units < target {
            match chars.next() {
                Some((_, c)) => units += c.len_utf16(),
                None => break,
            }
        }
        out.push(chars.peek().map_or(text.len(), |&(at, _)| at));
    }
    out
}

/// The marks `clear` removes: kashif's, under `root`.
fn kashif_marks(root: &Node) -> Option<web_sys::NodeList> {
    let selector = "mark[data-kashif-id]";
    if let Some(element) = root.dyn_ref::<Element>() {
        element.query_selector_all(selector).ok()
    } else if let Some(document) = root.dyn_ref::<Document>() {
        document.query_selector_all(selector).ok()
    } else if let Some(fragment) = root.dyn_ref::<DocumentFragment>() {
        fragment.query_selector_all(selector).ok()
    } else {
        None
    }
}

/// Removes kashif's marks under `root`, merging back the text nodes that marking split, so the
/// subtree is as it was (same `innerHTML`, same text nodes).
#[wasm_bindgen]
pub fn clear(root: &Node) {
    let Some(marks) = kashif_marks(root) else {
        return;
    };
    for index in 0..marks.length() {
        if let Some(mark) = marks.item(index) {
            unmark(mark);
        }
    }
}

/// Takes one of kashif's marks out, merging back the text nodes that marking split.
fn unmark(mark: Node) {
    let Ok(mark) = mark.dyn_into::<Element>() else {
        return;
    };
    let Some(parent) = mark.parent_node() else {
        return;
    };
    let join = mark.get_attribute(JOIN_ATTR).unwrap_or_default();
    let only_text = match mark.first_child() {
        Some(child) if mark.child_nodes().length() == 1 => child.dyn_into::<Text>().ok(),
        _ => None,
    };
    while let Some(child) = mark.first_child() {
        if parent.insert_before(&child, Some(&mark)).is_err() {
            break;
        }
    }
    // Removing a mark that is still there cannot fail; a page script may have moved it.
    let _ = parent.remove_child(&mark);
    let Some(mut text) = only_text else {
        return;
    };
    if join.contains("before") {
        if let Some(previous) = text.previous_sibling().and_then(|n| n.dyn_into::<Text>().ok()) {
            merge(&previous, &text);
            text = previous;
        }
    }
    if join.contains("after") {
        if let Some(following) = text.next_sibling().and_then(|n| n.dyn_into::<Text>().ok()) {
            merge(&text, &following);
        }
    }
}

/// Appends `second`'s text to `first` and removes `second`.
fn merge(first: &Text, second: &Text) {
    first.unchecked_ref::<RawText>().append_data(&second.unchecked_ref::<RawText>().data());
    second.remove();
}

/// Entities handed in by JavaScript, checked.
fn entities_from_js(entities: JsValue) -> Result<Vec<Found>, JsError> {
    let entities: Vec<EntityIn> = serde_wasm_bindgen::from_value(entities)
        .map_err(|e| JsError::new(&format!("invalid entities: {e}")))?;
    entities
        .into_iter()
        .map(|e| {
            let label = Label::parse(&e.label).ok_or_else(|| JsError::new(&format!("unknown label {:?}", e.label)))?;
            Ok(Found { start: e.start, end: e.end, label, score: e.score, value: e.value })
        })
        .collect()
}

/// Marks entities found elsewhere (by `analyze` in a worker, say) in the text of `root`:
/// `entities` are `{start, end, label, score?, value?}` in UTF-16 offsets of `articleText(root)`.
/// Clears earlier marks first; returns what it marked, each with its `data-kashif-id`.
#[wasm_bindgen(js_name = markEntities, unchecked_return_type = "MarkedEntity[]")]
pub fn mark_entities(
    root: &Node,
    #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue,
    #[wasm_bindgen(unchecked_param_type = "HighlightOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let filter = Filter::from_js(&options)?;
    let found = entities_from_js(entities)?;
    clear(root);
    let marked = Article::collect(root).mark(&found, &filter, 0)?;
    to_js(&marked)
}

/// `markEntities` a slice at a time, for long articles: the page stays responsive between
/// calls to `step`. Clears earlier marks when created; the page must not change the article
/// until `step` returns true (start again if it does).
#[wasm_bindgen]
pub struct Marker {
    article: Article,
    plan: Plan,
}

#[wasm_bindgen]
impl Marker {
    /// Plans the marking of `entities` (as for `markEntities`) in `root`; marks nothing yet.
    #[wasm_bindgen(constructor)]
    pub fn new(
        root: &Node,
        #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue,
        #[wasm_bindgen(unchecked_param_type = "HighlightOptions | undefined")] options: JsValue,
    ) -> Result<Marker, JsError> {
        let filter = Filter::from_js(&options)?;
        let found = entities_from_js(entities)?;
        clear(root);
        let article = Article::collect(root);
        let plan = article.plan(&found, &filter, 0);
        Ok(Marker { article, plan })
    }

    /// Inserts up to `count` more marks, from the end of the article backwards; returns true
    /// once all are in.
    pub fn step(&mut self, count: usize) -> Result<bool, JsError> {
        self.article.apply(&mut self.plan, count)
    }

    /// The entities being marked, each with its `data-kashif-id`.
    #[wasm_bindgen(unchecked_return_type = "MarkedEntity[]")]
    pub fn entities(&self) -> Result<JsValue, JsError> {
        to_js(&self.plan.marked)
    }

    /// How many entities are being marked.
    #[wasm_bindgen(getter)]
    pub fn count(&self) -> usize {
        self.plan.marked.len()
    }

    /// `entities().slice(start, end)`, without converting the others: a long list can be read
    /// a slice at a time.
    #[wasm_bindgen(js_name = entitiesSlice, unchecked_return_type = "MarkedEntity[]")]
    pub fn entities_slice(&self, start: usize, end: usize) -> Result<JsValue, JsError> {
        let end = end.min(self.plan.marked.len());
        to_js(&&self.plan.marked[start.min(end)..end])
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
    walk: Walk,
    article: Article,
    found: Vec<Found>,
}

#[wasm_bindgen]
impl Reader {
    /// A reader of the article under `root`; does nothing yet.
    #[wasm_bindgen(constructor)]
    pub fn new(root: &Node) -> Reader {
        Reader {
            root: root.clone(),
            marks: kashif_marks(root),
            next_mark: 0,
            walk: Walk::start(root),
            article: Article { text: String::new(), pieces: Vec::new() },
            found: Vec::new(),
        }
    }

    /// Removes up to `count` more of the marks of an earlier highlighting; returns true once all
    /// are gone. Must be done before `read`.
    pub fn clear(&mut self, count: usize) -> bool {
        let Some(marks) = &self.marks else {
            return true;
        };
        let stop = self.next_mark.saturating_add(u32::try_from(count).unwrap_or(u32::MAX)).min(marks.length());
        while self.next_mark < stop {
            if let Some(mark) = marks.item(self.next_mark) {
                unmark(mark);
            }
            self.next_mark += 1;
        }
        if self.next_mark >= marks.length() {
            self.marks = None;
            // Clearing splices text nodes together: the walk starts from the merged subtree.
            self.walk = Walk::start(&self.root);
            return true;
        }
        false
    }

    /// Reads up to `count` more nodes of the article; returns true once it has read all.
    pub fn read(&mut self, count: usize) -> Result<bool, JsError> {
        if self.marks.is_some() {
            return Err(JsError::new("Reader: clear must finish before read"));
        }
        Ok(self.article.collect_some(&self.root, &mut self.walk, count))
    }

    /// The text read so far: once `read` has returned true, `articleText(root)`.
    pub fn text(&self) -> String {
        self.article.text.clone()
    }

    /// Adds entities to mark, `{start, end, label, score?, value?}` in UTF-16 offsets of the text.
    #[wasm_bindgen(js_name = addEntities)]
    pub fn add_entities(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "EntityInput[]")] entities: JsValue,
    ) -> Result<(), JsError> {
        self.found.extend(entities_from_js(entities)?);
        Ok(())
    }

    /// Plans the marking of the entities added that pass `options`, as `new Marker` does, and
    /// hands over to the `Marker` that does it. The reader is used up.
    pub fn marker(
        self,
        #[wasm_bindgen(unchecked_param_type = "HighlightOptions | undefined")] options: JsValue,
    ) -> Result<Marker, JsError> {
        if self.marks.is_some() || self.walk.next.is_some() {
            return Err(JsError::new("Reader: clear and read must finish before marker"));
        }
        let filter = Filter::from_js(&options)?;
        let plan = self.article.plan(&self.found, &filter, 0);
        Ok(Marker { article: self.article, plan })
    }
}
