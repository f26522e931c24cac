//! The live page: the DOM read through [`Tree`], plans carried out, marks taken out again.
//! Which text to read and what to mark is decided in `crate::marks`, without a DOM; this file
//! only reads nodes and moves them.
//!
//! kashif knows its own marks by a private registry (a `WeakMap` from each mark it created to
//! the run of nodes it cut one text node into), not by attributes: a page's own
//! `<mark data-kashif-id>` is page content like any other, skipped when reading and left alone by
//! `clear`. The registry holds its marks weakly: a page that drops an article drops its marks.
//!
//! Marking one text node costs time linear in its length: its parts are sliced from its data
//! once and inserted as one `DocumentFragment`; clearing puts each cut node back together in one
//! step (`data` set once), where splitting and merging one piece at a time copies the rest of
//! the node again for every mark. The DOM is only changed with elements and text nodes, never
//! with HTML strings, so article text that looks like markup stays text.

use std::collections::VecDeque;
use std::ops::Range;

use js_sys::{Array, JsString, Reflect, WeakMap};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, DocumentFragment, Element, Node, Text};

use crate::marks::plan::{Marked, Part, Plan, Planner};
use crate::marks::policy::{self, ElementView};
use crate::marks::text::{TextModel, Tree, Visit, Walk};

#[wasm_bindgen]
extern "C" {
    /// `Text` read and written as JavaScript strings: going through a Rust `String` would turn a
    /// lone surrogate into U+FFFD, and `clear` must give back the exact text.
    #[wasm_bindgen(js_name = Text)]
    type RawText;
    #[wasm_bindgen(method, getter)]
    fn data(this: &RawText) -> JsString;
    #[wasm_bindgen(method, setter)]
    fn set_data(this: &RawText, data: &JsString);
}

thread_local! {
    /// Each mark this instance created, to the run it belongs to: `[original text node, part,
    /// part, ...]`, the parts (text nodes and marks) in document order.
    static REGISTRY: WeakMap = WeakMap::new();
}

const ELEMENT_NODE: u16 = 1;
const TEXT_NODE: u16 = 3;
const CDATA_SECTION_NODE: u16 = 4;
const DOCUMENT_NODE: u16 = 9;
const DOCUMENT_FRAGMENT_NODE: u16 = 11;

fn group_of(node: &JsValue) -> Option<Array> {
    REGISTRY.with(|registry| {
        let group = registry.get(node.unchecked_ref());
        group.is_object().then(|| group.unchecked_into())
    })
}

/// Whether `node` is a mark that this instance created and has not cleared.
pub(crate) fn is_own_mark(node: &JsValue) -> bool {
    REGISTRY.with(|registry| registry.has(node.unchecked_ref()))
}

struct DomElement<'a>(&'a Element);

impl ElementView for DomElement<'_> {
    fn name(&self) -> String {
        self.0.local_name().to_ascii_lowercase()
    }
    fn attribute(&self, name: &str) -> Option<String> {
        self.0.get_attribute(name)
    }
    fn has_attributes(&self) -> bool {
        self.0.has_attributes()
    }
    fn is_own_mark(&self) -> bool {
        is_own_mark(self.0)
    }
}

/// The DOM as the walk reads it. Node kinds by `nodeType`, not `instanceof`, so that nodes of
/// another window (an iframe's) read the same.
pub(crate) struct Dom;

impl Tree for Dom {
    type Node = Node;
    fn first_child(&self, node: &Node) -> Option<Node> {
        node.first_child()
    }
    fn next_sibling(&self, node: &Node) -> Option<Node> {
        node.next_sibling()
    }
    fn parent(&self, node: &Node) -> Option<Node> {
        node.parent_node()
    }
    fn visit(&self, node: &Node) -> Visit {
        match node.node_type() {
            TEXT_NODE | CDATA_SECTION_NODE => Visit::Text(node.unchecked_ref::<Text>().data()),
            ELEMENT_NODE => Visit::Element(policy::role(&DomElement(node.unchecked_ref()))),
            _ => Visit::Other,
        }
    }
    fn is_block(&self, node: &Node) -> bool {
        node.node_type() == ELEMENT_NODE && policy::is_block(&DomElement(node.unchecked_ref()).name())
    }
}

/// Whether the root handed in is out of bounds as a whole: editable (itself, by an ancestor or
/// `designMode`) or carrying one of the policy's excluding attributes.
fn root_is_excluded(root: &Node) -> bool {
    let flag = |target: &JsValue, key: &str| Reflect::get(target, &key.into()).ok();
    if root.node_type() == ELEMENT_NODE {
        let element: &Element = root.unchecked_ref();
        return policy::is_excluded_by_attributes(&DomElement(element))
            || flag(root, "isContentEditable").and_then(|v| v.as_bool()).unwrap_or(false);
    }
    if root.node_type() == DOCUMENT_NODE {
        return flag(root, "designMode").and_then(|v| v.as_string()).is_some_and(|m| m == "on");
    }
    false
}

/// The text model of `root`.
pub(crate) type Article = TextModel<Node>;

/// A walk over `root`: none at all when the root is excluded.
pub(crate) fn start_walk(root: &Node) -> Walk<Node> {
    if root_is_excluded(root) {
        Walk::done()
    } else {
        Walk::start(&Dom, root)
    }
}

/// The whole text model of `root`, in one walk.
pub(crate) fn collect(root: &Node) -> Article {
    if root_is_excluded(root) {
        Article::default()
    } else {
        Article::collect(&Dom, root)
    }
}

fn owner_document(node: &Node) -> Option<Document> {
    if node.node_type() == DOCUMENT_NODE {
        Some(node.clone().unchecked_into())
    } else {
        node.owner_document()
    }
}

fn dom_error(e: JsValue) -> JsValue {
    let message = e.dyn_ref::<js_sys::Error>().map(|e| String::from(e.message())).unwrap_or_else(|| format!("{e:?}"));
    js_sys::Error::new(&format!("kashif: cannot mark an entity: {message}")).into()
}

/// A `<mark>` for `entity`.
fn make_mark(document: &Document, entity: &Marked) -> Result<Element, JsValue> {
    let mark = document.create_element("mark").map_err(dom_error)?;
    mark.set_attribute("data-kashif-label", entity.label).map_err(dom_error)?;
    mark.set_attribute("data-kashif-id", &entity.id.to_string()).map_err(dom_error)?;
    let mut title = format!("{} · {}", entity.label, crate::marks::plan::Hundredths(entity.score));
    if let Some(value) = &entity.value {
        title.push_str(" · ");
        title.push_str(value);
    }
    mark.set_attribute("title", &title).map_err(dom_error)?;
    Ok(mark)
}

/// A text node being cut: how far it got. The parts not placed yet are all in `rest`, a text
/// node that stands where they will go, so the page reads the whole text between two slices.
struct Cutting {
    /// Index in `Plan::nodes`.
    node: usize,
    /// The node's text before any cut.
    data: JsString,
    /// Parts placed so far.
    placed: usize,
    /// `[original text node, part, part, ..., rest]`: what `unmark` puts back together. The
    /// registry maps each mark of the node to this one array, which grows as parts are placed.
    group: Array,
    rest: Text,
}

/// The plan of one range of entities being carried out.
struct Batch {
    /// The planner's index of the first entity planned.
    first: usize,
    plan: Plan,
    /// The next node of `plan.nodes` to start on.
    next: usize,
}

/// Plans and carries out the marking of a [`Planner`]'s entities a slice at a time: each call
/// plans a range of about `count` entities and places their marks, cutting a long text node over
/// several calls if need be. Ranges go in document order, except those [`Marking::prefer`] puts
/// first. Planning and marking one text node in one call costs time linear in its length; in `c`
/// calls, `c` times its length at most (the text not yet cut is copied once per call).
pub(crate) struct Marking {
    planner: Planner,
    /// Ranges of the planner's entities not planned yet, in the order they will be marked; each
    /// cut at both ends (`Planner::is_cut`).
    pending: VecDeque<Range<usize>>,
    batch: Option<Batch>,
    cutting: Option<Cutting>,
    /// The entities marked so far, by index in the planner.
    marked: Vec<Option<Marked>>,
    /// The marks the last `step` placed, in the order placed.
    placed: Array,
}

impl Marking {
    pub(crate) fn new(planner: Planner) -> Marking {
        let count = planner.len();
        Marking {
            pending: (count > 0).then_some(0..count).into_iter().collect(),
            marked: vec![None; count],
            planner,
            batch: None,
            cutting: None,
            placed: Array::new(),
        }
    }

    pub(crate) fn planner(&self) -> &Planner {
        &self.planner
    }

    /// The entities marked so far (all of them once `step` has returned true), in text order.
    pub(crate) fn marked(&self) -> impl Iterator<Item = &Marked> {
        self.marked.iter().flatten()
    }

    /// Entity `index` of the planner, once marked.
    pub(crate) fn marked_at(&self, index: usize) -> Option<&Marked> {
        self.marked.get(index).and_then(Option::as_ref)
    }

    /// The marks the last `step` placed.
    pub(crate) fn placed(&self) -> &Array {
        &self.placed
    }

    /// Marks the entities of `range` (cut at both ends, as `Planner::range_of_text` gives) not
    /// planned yet before the others, which keep their order; the range being marked is finished
    /// first.
    pub(crate) fn prefer(&mut self, range: Range<usize>) {
        let mut first = VecDeque::new();
        let mut rest = VecDeque::new();
        for pending in self.pending.drain(..) {
            let inside = pending.start.max(range.start)..pending.end.min(range.end);
            if inside.is_empty() {
                rest.push_back(pending);
                continue;
            }
            let before = pending.start..inside.start;
            let after = inside.end..pending.end;
            first.push_back(inside);
            rest.extend([before, after].into_iter().filter(|r| !r.is_empty()));
        }
        first.append(&mut rest);
        self.pending = first;
    }

    /// The next batch: about `count` entities from the first pending range, up to a cut.
    fn plan_next(&mut self, article: &Article, count: usize) -> Option<Batch> {
        let range = self.pending.pop_front()?;
        let end = self.planner.cut_after(article, range.start.saturating_add(count.max(1)).min(range.end));
        if end < range.end {
            self.pending.push_front(end..range.end);
        }
        Some(Batch { first: range.start, plan: self.planner.plan(article, range.start..end), next: 0 })
    }

    /// Goes on, placing up to `count` marks (and the text between them); returns whether every
    /// mark is in.
    pub(crate) fn step(&mut self, article: &Article, count: usize) -> Result<bool, JsValue> {
        self.placed = Array::new();
        let Some(document) = article.pieces.first().and_then(|p| owner_document(&p.node)) else {
            self.pending.clear();
            self.batch = None;
            return Ok(true);
        };
        let mut budget = count;
        while budget > 0 {
            if self.batch.is_none() {
                self.batch = self.plan_next(article, budget);
            }
            let Some(batch) = &mut self.batch else {
                break;
            };
            if self.cutting.is_none() && batch.next >= batch.plan.nodes.len() {
                self.finish_batch();
                continue;
            }
            let mut cutting = match self.cutting.take() {
                Some(cutting) => cutting,
                None => {
                    let node = batch.next;
                    batch.next += 1;
                    let Some(piece) = article.pieces.get(batch.plan.nodes[node].piece) else {
                        continue;
                    };
                    let original: Text = piece.node.clone().unchecked_into();
                    let group = Array::new();
                    group.push(&original);
                    Cutting { node, data: original.unchecked_ref::<RawText>().data(), placed: 0, group, rest: original }
                }
            };
            let parts = &batch.plan.nodes[cutting.node].parts;
            // Parts up to the `budget`-th mark from here, and the text after it.
            let mut end = cutting.placed;
            let mut marks = 0;
            while let Some(part) = parts.get(end) {
                if part.mark.is_some() {
                    if marks == budget {
                        break;
                    }
                    marks += 1;
                }
                end += 1;
            }
            place(&document, &mut cutting, &parts[..end], parts.len(), &batch.plan.marked, &self.placed)?;
            budget -= marks;
            if end < parts.len() {
                self.cutting = Some(cutting);
            }
        }
        if self.cutting.is_none() && self.batch.as_ref().is_some_and(|b| b.next >= b.plan.nodes.len()) {
            self.finish_batch();
        }
        Ok(self.cutting.is_none() && self.batch.is_none() && self.pending.is_empty())
    }

    /// Ends the batch, all of it placed: its entities join the list.
    fn finish_batch(&mut self) {
        if let Some(batch) = self.batch.take() {
            for (index, entity) in batch.plan.marked.into_iter().enumerate() {
                if let Some(slot) = self.marked.get_mut(batch.first + index) {
                    *slot = Some(entity);
                }
            }
        }
    }
}

/// Places `parts[cutting.placed..]` (the prefix of the node's `total` parts given) where
/// `cutting.rest` stands: the rest node takes the first of them, new nodes follow, inserted at
/// once, and a new rest node holds the text of the parts still to come.
fn place(
    document: &Document,
    cutting: &mut Cutting,
    parts: &[Part],
    total: usize,
    marked: &[Marked],
    placed: &Array,
) -> Result<(), JsValue> {
    let rest = cutting.rest.clone();
    let parent = rest.parent_node().ok_or_else(|| dom_error("the text node was detached".into()))?;
    let data = &cutting.data;
    let slice = |from: usize, to: usize| data.slice(from as u32, to as u32);
    let text_node = |from: usize, to: usize| {
        let text = document.create_text_node("");
        text.unchecked_ref::<RawText>().set_data(&slice(from, to));
        text
    };
    if cutting.placed > 0 {
        // The rest node is about to become a part: it is pushed again below as what it becomes.
        cutting.group.pop();
    }
    let fragment: DocumentFragment = document.create_document_fragment();
    let mut first: Node = rest.clone().into();
    let mut marks = Vec::new();
    for (index, part) in parts.iter().enumerate().skip(cutting.placed) {
        let leading = index == cutting.placed;
        let text = if leading {
            rest.unchecked_ref::<RawText>().set_data(&slice(part.from, part.to));
            rest.clone()
        } else {
            text_node(part.from, part.to)
        };
        let placed: Node = match part.mark.and_then(|m| marked.get(m)) {
            None => text.into(),
            Some(entity) => {
                let mark = make_mark(document, entity)?;
                if leading {
                    parent.insert_before(&mark, Some(&rest)).map_err(dom_error)?;
                }
                mark.append_child(&text).map_err(dom_error)?;
                placed.push(&mark);
                marks.push(mark.clone());
                mark.into()
            }
        };
        if leading {
            first = placed.clone();
        } else {
            fragment.append_child(&placed).map_err(dom_error)?;
        }
        cutting.group.push(&placed);
    }
    cutting.placed = parts.len();
    if parts.len() < total {
        let from = parts.last().map_or(0, |p| p.to);
        let length = data.length() as usize;
        let next_rest = text_node(from, length);
        fragment.append_child(&next_rest).map_err(dom_error)?;
        cutting.group.push(&next_rest);
        cutting.rest = next_rest;
    }
    parent.insert_before(&fragment, first.next_sibling().as_ref()).map_err(dom_error)?;
    REGISTRY.with(|registry| {
        for mark in &marks {
            registry.set(mark, &cutting.group);
        }
    });
    Ok(())
}

/// Every `<mark>` under `root`, kashif's and the page's, in document order (a static list).
pub(crate) fn marks_under(root: &Node) -> Option<web_sys::NodeList> {
    match root.node_type() {
        // `querySelectorAll` of an element, a document or a fragment: the same method, called on
        // the node whatever its window (an iframe's nodes are no `instanceof` of ours).
        ELEMENT_NODE | DOCUMENT_NODE | DOCUMENT_FRAGMENT_NODE => root.unchecked_ref::<Element>().query_selector_all("mark").ok(),
        _ => None,
    }
}

/// kashif's marks under `root`, in document order.
pub(crate) fn own_marks(root: &Node) -> Vec<Element> {
    let Some(marks) = marks_under(root) else {
        return Vec::new();
    };
    (0..marks.length()).filter_map(|i| marks.item(i)).filter(|m| is_own_mark(m)).map(JsCast::unchecked_into).collect()
}

/// Removes kashif's marks under `root`, putting the text nodes it cut back together, so the
/// subtree is as it was (same markup, same text nodes: the original ones).
pub(crate) fn clear(root: &Node) {
    if let Some(marks) = marks_under(root) {
        for index in 0..marks.length() {
            if let Some(mark) = marks.item(index) {
                unmark(&mark);
            }
        }
    }
}

/// If `mark` is one of kashif's, puts back the whole text node it was cut from.
pub(crate) fn unmark(mark: &Node) {
    let Some(group) = group_of(mark) else {
        return;
    };
    let original: Text = group.get(0).unchecked_into();
    let parts: Vec<Node> = group.iter().skip(1).map(JsCast::unchecked_into).collect();
    REGISTRY.with(|registry| {
        for part in &parts {
            registry.delete(part);
        }
    });
    // The text a part holds: a text node's data, or the one text node inside a mark.
    let text_of = |part: &Node| -> Option<JsString> {
        if part.node_type() == TEXT_NODE {
            return Some(part.unchecked_ref::<RawText>().data());
        }
        let child = part.first_child()?;
        (child.node_type() == TEXT_NODE && child.next_sibling().is_none()).then(|| child.unchecked_ref::<RawText>().data())
    };
    let Some(first) = parts.first() else {
        return;
    };
    let parent = first.parent_node();
    let intact = parent.is_some()
        && parts.windows(2).all(|pair| pair[0].next_sibling().as_ref() == Some(&pair[1]))
        && (original.parent_node().as_ref() == Some(first) || original.unchecked_ref::<Node>() == first);
    let texts: Option<Vec<JsString>> = if intact { parts.iter().map(text_of).collect() } else { None };
    match (parent, texts) {
        (Some(parent), Some(texts)) => {
            let joined = texts.iter().fold(JsString::from(""), |all, text| all.concat(text));
            original.unchecked_ref::<RawText>().set_data(&joined);
            // Cannot fail: `first` is a child of `parent`, and `original` is `first` or in it.
            let _ = parent.insert_before(&original, Some(first));
            for part in &parts {
                if part != original.unchecked_ref::<Node>() {
                    let _ = parent.remove_child(part);
                }
            }
        }
        _ => {
            // The page changed the marked run: take the marks out, leave the text as it stands.
            for part in parts.iter().filter(|p| p.node_type() == ELEMENT_NODE) {
                if let Some(parent) = part.parent_node() {
                    while let Some(child) = part.first_child() {
                        if parent.insert_before(&child, Some(part)).is_err() {
                            break;
                        }
                    }
                    let _ = parent.remove_child(part);
                }
            }
        }
    }
}

const DOCUMENT_POSITION_PRECEDING: u16 = 2;
const DOCUMENT_POSITION_CONTAINED_BY: u16 = 16;

/// The UTF-16 range of `article`'s text from the start of `first` to the end of `last` (nodes
/// of the article, `first` not after `last`): a binary search over its text nodes by document
/// position, a few DOM calls whatever the article's length.
pub(crate) fn text_range(article: &Article, first: &Node, last: &Node) -> Range<usize> {
    let pieces = &article.pieces;
    let before_first = |node: &Node| first.compare_document_position(node) & DOCUMENT_POSITION_PRECEDING != 0;
    let up_to_last = |node: &Node| {
        let position = last.compare_document_position(node);
        position == 0 || position & (DOCUMENT_POSITION_PRECEDING | DOCUMENT_POSITION_CONTAINED_BY) != 0
    };
    let from = pieces.partition_point(|p| before_first(&p.node));
    let to = pieces.partition_point(|p| up_to_last(&p.node)).max(from);
    let start = |index: usize| pieces.get(index).map_or(article.len_utf16(), |p| p.start);
    start(from)..start(to)
}
