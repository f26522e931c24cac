//! The article text of a tree, and the map back to its text nodes: one walk in document order,
//! over any tree that implements [`Tree`] (the DOM in the browser, a small arena in tests).

use super::policy::Role;

/// What the walk reads of a node.
pub(crate) enum Visit {
    /// A text node and its data.
    Text(String),
    /// An element and what the policy makes of it.
    Element(Role),
    /// Comments, processing instructions and the like: ignored.
    Other,
}

/// A tree the walk can read.
pub(crate) trait Tree {
    /// A handle to one node.
    type Node: Clone + PartialEq;
    fn first_child(&self, node: &Self::Node) -> Option<Self::Node>;
    fn next_sibling(&self, node: &Self::Node) -> Option<Self::Node>;
    fn parent(&self, node: &Self::Node) -> Option<Self::Node>;
    /// What `node` is, for entering it.
    fn visit(&self, node: &Self::Node) -> Visit;
    /// Whether `node` is a block element, for leaving it.
    fn is_block(&self, node: &Self::Node) -> bool;
}

/// What stands between the texts of two blocks in the article text: a line break, which ends
/// every sentence and every entity in the recognizer.
pub(crate) const BLOCK_BREAK: char = '\n';

/// One text node of the article and where its text sits in the joined text.
#[derive(Debug, Clone)]
pub(crate) struct Piece<N> {
    pub(crate) node: N,
    /// Byte offset in [`TextModel::text`].
    pub(crate) byte_start: usize,
    /// UTF-16 offset in [`TextModel::text`].
    pub(crate) start: usize,
    /// Length in UTF-16 units.
    pub(crate) len: usize,
}

/// The text of a subtree as the recognizer sees it, and its text nodes.
#[derive(Debug, Clone)]
pub(crate) struct TextModel<N> {
    /// Text nodes in document order, with [`BLOCK_BREAK`] wherever a block starts or ends
    /// between two of them; line breaks inside a text node read as spaces.
    pub(crate) text: String,
    pub(crate) pieces: Vec<Piece<N>>,
}

impl<N> Default for TextModel<N> {
    fn default() -> Self {
        TextModel { text: String::new(), pieces: Vec::new() }
    }
}

/// Where a walk over a subtree stands: it can go on a slice at a time.
pub(crate) struct Walk<N> {
    /// The next node to visit; `None` once done.
    next: Option<N>,
    /// UTF-16 length of the text so far.
    units: usize,
    /// Whether a block started or ended since the last text.
    pending_break: bool,
}

impl<N> Walk<N> {
    /// A walk over the content of `root` (the root itself is not looked at).
    pub(crate) fn start<T: Tree<Node = N>>(tree: &T, root: &N) -> Walk<N> {
        Walk { next: tree.first_child(root), units: 0, pending_break: false }
    }

    /// A walk with nothing to read.
    pub(crate) fn done() -> Walk<N> {
        Walk { next: None, units: 0, pending_break: false }
    }

    pub(crate) fn is_done(&self) -> bool {
        self.next.is_none()
    }
}

impl<N: Clone + PartialEq> TextModel<N> {
    /// The whole text of `root`, in one walk.
    pub(crate) fn collect<T: Tree<Node = N>>(tree: &T, root: &N) -> TextModel<N> {
        let mut model = TextModel::default();
        let mut walk = Walk::start(tree, root);
        model.collect_some(tree, root, &mut walk, usize::MAX);
        model
    }

    /// Goes on with `walk` over up to `count` more nodes of `root`; returns whether it is done.
    /// Without recursion: article markup can nest deeply. Slices of a walk give the same model as
    /// one whole walk, as long as the tree does not change in between.
    pub(crate) fn collect_some<T: Tree<Node = N>>(&mut self, tree: &T, root: &N, walk: &mut Walk<N>, count: usize) -> bool {
        let mut visited = 0;
        while let Some(node) = walk.next.take() {
            if visited >= count {
                walk.next = Some(node);
                return false;
            }
            visited += 1;
            let mut enter = false;
            match tree.visit(&node) {
                Visit::Text(data) => {
                    if !data.is_empty() {
                        self.push_text(&node, &data, walk);
                    }
                }
                Visit::Element(Role::Skip { breaks }) => walk.pending_break |= breaks,
                Visit::Element(Role::Read { block }) => {
                    walk.pending_break |= block;
                    enter = true;
                }
                Visit::Other => {}
            }
            if enter {
                if let Some(child) = tree.first_child(&node) {
                    walk.next = Some(child);
                    continue;
                }
            }
            // Next in document order: a sibling, or the sibling of the nearest ancestor that has
            // one, closing the blocks we climb out of.
            let mut current = node;
            walk.next = loop {
                if let Some(sibling) = tree.next_sibling(&current) {
                    break Some(sibling);
                }
                match tree.parent(&current) {
                    Some(parent) if parent != *root => {
                        walk.pending_break |= tree.is_block(&parent);
                        current = parent;
                    }
                    _ => break None,
                }
            };
        }
        true
    }

    fn push_text(&mut self, node: &N, data: &str, walk: &mut Walk<N>) {
        if walk.pending_break && !self.text.is_empty() {
            self.text.push(BLOCK_BREAK);
            walk.units += 1;
        }
        walk.pending_break = false;
        let byte_start = self.text.len();
        // A line break inside a paragraph renders as a space; the recognizer would take it for
        // a block break. Same length in bytes and UTF-16 units.
        self.text.extend(data.chars().map(|c| if c == '\n' || c == '\r' { ' ' } else { c }));
        let len = data.encode_utf16().count();
        self.pieces.push(Piece { node: node.clone(), byte_start, start: walk.units, len });
        walk.units += len;
    }
}

impl<N> TextModel<N> {
    /// Length of the text in UTF-16 units.
    pub(crate) fn len_utf16(&self) -> usize {
        self.pieces.last().map_or(0, |p| p.start + p.len)
    }
}
