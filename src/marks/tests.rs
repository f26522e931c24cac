//! The policy, the walk and the planning on a small tree of our own: the same code the browser
//! layer runs on the DOM.

use proptest::prelude::*;

use super::plan::{plan, Filter, Found, Part, Plan, Planner};
use super::policy::{role, ElementView};
use super::text::{TextModel, Tree, Visit, Walk, BLOCK_BREAK};
use crate::Label;

/// A node of [`Arena`].
#[derive(Debug, Clone, PartialEq)]
enum Kind {
    /// UTF-16 units, as the DOM holds them: a mark may end between two halves of a pair.
    Text(Vec<u16>),
    Element {
        name: String,
        attributes: Vec<(String, String)>,
        own_mark: bool,
    },
    Comment,
}

#[derive(Debug, Clone, PartialEq)]
struct Node {
    parent: Option<usize>,
    children: Vec<usize>,
    kind: Kind,
}

/// A tree in a vector; node 0 is the root.
#[derive(Debug, Clone, PartialEq)]
struct Arena {
    nodes: Vec<Node>,
}

/// What a test tree is built from.
enum Spec {
    Text(String),
    Element(String, Vec<(String, String)>, Vec<Spec>),
    Comment,
}

fn t(text: &str) -> Spec {
    Spec::Text(text.to_owned())
}

fn el(name: &str, children: Vec<Spec>) -> Spec {
    Spec::Element(name.to_owned(), Vec::new(), children)
}

fn el_with(name: &str, attributes: &[(&str, &str)], children: Vec<Spec>) -> Spec {
    let attributes = attributes.iter().map(|(n, v)| ((*n).to_owned(), (*v).to_owned())).collect();
    Spec::Element(name.to_owned(), attributes, children)
}

impl Arena {
    fn build(children: Vec<Spec>) -> Arena {
        let mut arena = Arena { nodes: Vec::new() };
        arena.add(None, Spec::Element("div".into(), Vec::new(), children));
        arena
    }

    fn add(&mut self, parent: Option<usize>, spec: Spec) -> usize {
        let id = self.nodes.len();
        let (kind, children) = match spec {
            Spec::Text(text) => (Kind::Text(text.encode_utf16().collect()), Vec::new()),
            Spec::Comment => (Kind::Comment, Vec::new()),
            Spec::Element(name, attributes, children) => (Kind::Element { name, attributes, own_mark: false }, children),
        };
        self.nodes.push(Node { parent, children: Vec::new(), kind });
        if let Some(parent) = parent {
            self.nodes[parent].children.push(id);
        }
        for child in children {
            self.add(Some(id), child);
        }
        id
    }

    fn new_node(&mut self, parent: usize, kind: Kind) -> usize {
        self.nodes.push(Node { parent: Some(parent), children: Vec::new(), kind });
        self.nodes.len() - 1
    }

    fn text(&self, node: usize) -> &[u16] {
        match &self.nodes[node].kind {
            Kind::Text(text) => text,
            _ => &[],
        }
    }

    /// The tree as markup, with `|` between adjacent text nodes so that a split shows.
    fn serialize(&self, node: usize, out: &mut String) {
        match &self.nodes[node].kind {
            Kind::Text(text) => {
                out.push_str(&format!("{text:?}|"));
            }
            Kind::Comment => out.push_str("<!---->"),
            Kind::Element { name, attributes, .. } => {
                out.push_str(&format!("<{name}{attributes:?}>"));
                for &child in &self.nodes[node].children {
                    self.serialize(child, out);
                }
                out.push_str(&format!("</{name}>"));
            }
        }
    }

    fn markup(&self) -> String {
        let mut out = String::new();
        self.serialize(0, &mut out);
        out
    }

    /// Carries out `plan` as the browser layer does: the original text node keeps the first part,
    /// new nodes follow it; returns the groups that `clear` puts back together.
    fn apply(&mut self, model: &TextModel<usize>, plan: &Plan) -> Vec<Vec<usize>> {
        let mut groups = Vec::new();
        for node_plan in &plan.nodes {
            let original = model.pieces[node_plan.piece].node;
            let units = self.text(original).to_vec();
            let parent = self.nodes[original].parent.unwrap();
            let position = self.nodes[parent].children.iter().position(|&c| c == original).unwrap();
            let mut group = Vec::new();
            for (index, part) in node_plan.parts.iter().enumerate() {
                let text = units[part.from..part.to].to_vec();
                let text_node = if index == 0 {
                    self.nodes[original].kind = Kind::Text(text);
                    original
                } else {
                    self.new_node(parent, Kind::Text(text))
                };
                let placed = match part.mark {
                    None => text_node,
                    Some(_) => {
                        let mark = self.new_node(parent, Kind::Element { name: "mark".into(), attributes: Vec::new(), own_mark: true });
                        self.nodes[mark].children.push(text_node);
                        self.nodes[text_node].parent = Some(mark);
                        mark
                    }
                };
                if index == 0 {
                    self.nodes[parent].children[position] = placed;
                } else {
                    self.nodes[parent].children.insert(position + index, placed);
                }
                group.push(placed);
            }
            groups.push(group);
        }
        groups
    }

    /// Puts each group back into its first text node, as `clear` does.
    fn clear(&mut self, groups: &[Vec<usize>]) {
        for group in groups {
            let mut text = Vec::new();
            let mut original = None;
            for &part in group {
                let text_node = match self.nodes[part].kind {
                    Kind::Text(_) => part,
                    _ => self.nodes[part].children[0],
                };
                original.get_or_insert(text_node);
                text.extend_from_slice(self.text(text_node));
            }
            let original = original.unwrap();
            let parent = self.nodes[group[0]].parent.unwrap();
            let position = self.nodes[parent].children.iter().position(|&c| c == group[0]).unwrap();
            self.nodes[parent].children.drain(position..position + group.len());
            self.nodes[parent].children.insert(position, original);
            self.nodes[original].parent = Some(parent);
            self.nodes[original].kind = Kind::Text(text);
        }
    }
}

struct ArenaElement<'a> {
    arena: &'a Arena,
    node: usize,
}

impl ElementView for ArenaElement<'_> {
    fn name(&self) -> String {
        match &self.arena.nodes[self.node].kind {
            Kind::Element { name, .. } => name.clone(),
            _ => String::new(),
        }
    }
    fn attribute(&self, wanted: &str) -> Option<String> {
        match &self.arena.nodes[self.node].kind {
            Kind::Element { attributes, .. } => attributes.iter().find(|(n, _)| n == wanted).map(|(_, v)| v.clone()),
            _ => None,
        }
    }
    fn is_own_mark(&self) -> bool {
        matches!(self.arena.nodes[self.node].kind, Kind::Element { own_mark: true, .. })
    }
}

impl Tree for Arena {
    type Node = usize;
    fn first_child(&self, node: &usize) -> Option<usize> {
        self.nodes[*node].children.first().copied()
    }
    fn next_sibling(&self, node: &usize) -> Option<usize> {
        let parent = self.nodes[*node].parent?;
        let siblings = &self.nodes[parent].children;
        let position = siblings.iter().position(|c| c == node)?;
        siblings.get(position + 1).copied()
    }
    fn parent(&self, node: &usize) -> Option<usize> {
        self.nodes[*node].parent
    }
    fn visit(&self, node: &usize) -> Visit {
        match &self.nodes[*node].kind {
            // As wasm-bindgen hands a DOM string to Rust: a lone surrogate becomes U+FFFD.
            Kind::Text(text) => Visit::Text(String::from_utf16_lossy(text)),
            Kind::Element { .. } => Visit::Element(role(&ArenaElement { arena: self, node: *node })),
            Kind::Comment => Visit::Other,
        }
    }
    fn is_block(&self, node: &usize) -> bool {
        super::policy::is_block(&ArenaElement { arena: self, node: *node }.name())
    }
}

fn text_of(children: Vec<Spec>) -> String {
    let arena = Arena::build(children);
    TextModel::collect(&arena, &0).text
}

fn found(start: usize, end: usize, label: Label) -> Found {
    Found { start, end, label, score: 0.9, value: None, entity: None }
}

/// UTF-16 span of the first `needle` in `haystack`.
fn span_of(haystack: &str, needle: &str) -> (usize, usize) {
    let start = haystack[..haystack.find(needle).unwrap()].encode_utf16().count();
    (start, start + needle.encode_utf16().count())
}

#[test]
fn blocks_are_separated_by_a_line_break() {
    let breaking = [
        vec![el("p", vec![t("وصل في 28")]), el("p", vec![t("يوليو 2021 إلى المدينة")])],
        vec![el("table", vec![el("tr", vec![el("td", vec![t("الإيرادات 5")]), el("td", vec![t("مليار دولار")])])])],
        vec![el("ul", vec![el("li", vec![t("أحمد")]), el("li", vec![t("سعيد")])])],
        vec![el("p", vec![t("السطر الأول"), el("br", vec![]), t("السطر الثاني")])],
        vec![el("blockquote", vec![t("قال")]), t("بعدها")],
        vec![el("figure", vec![el("img", vec![]), el("figcaption", vec![t("صورة")])]), t("نص")],
        vec![el("h2", vec![t("عنوان")]), el("div", vec![t("متن")]), el("section", vec![t("قسم")])],
    ];
    for children in breaking {
        let text = text_of(children);
        assert_eq!(text.matches(BLOCK_BREAK).count(), text.split(BLOCK_BREAK).count() - 1);
        assert!(text.contains(BLOCK_BREAK), "{text:?}");
        assert!(!text.starts_with(BLOCK_BREAK) && !text.ends_with(BLOCK_BREAK), "{text:?}");
    }
    assert_eq!(text_of(vec![el("p", vec![t("وصل في 28")]), el("p", vec![t("يوليو 2021")])]), "وصل في 28\nيوليو 2021");
    assert_eq!(text_of(vec![el("p", vec![t("سطر"), el("br", vec![]), t("آخر")])]), "سطر\nآخر");
}

#[test]
fn inline_markup_and_comments_do_not_break() {
    let children = vec![el("p", vec![t("قال "), el("a", vec![el("b", vec![t("سيرجي")])]), Spec::Comment, t(" شويجو"), el("i", vec![])])];
    assert_eq!(text_of(children), "قال سيرجي شويجو");
    assert_eq!(text_of(vec![el("p", vec![t("زار بوتين\nموسكو")])]), "زار بوتين موسكو");
}

#[test]
fn skipped_content_is_not_read() {
    let children = vec![el(
        "p",
        vec![
            el("ruby", vec![t("محمد"), el("rp", vec![t("(")]), el("rt", vec![t("Muhammad")]), el("rp", vec![t(")")])]),
            t(" بن سلمان"),
            el_with("span", &[("aria-hidden", "true")], vec![t("★")]),
            el_with("span", &[("hidden", "")], vec![t("مخفي")]),
            el_with("span", &[("inert", "")], vec![t("خامل")]),
        ],
    )];
    assert_eq!(text_of(children), "محمد بن سلمان");
    let children = vec![
        el("p", vec![t("قبل")]),
        el_with("div", &[("contenteditable", "true")], vec![t("تحرير")]),
        el_with("mark", &[("data-kashif-id", "7"), ("data-kashif-join", "before after")], vec![t("علامة")]),
        el("script", vec![t("var x")]),
        el("template", vec![t("قالب")]),
        el("textarea", vec![t("نص")]),
        el("p", vec![t("بعد")]),
    ];
    assert_eq!(text_of(children), "قبل\nبعد");
}

#[test]
fn a_walk_in_slices_reads_what_one_walk_reads() {
    let arena = Arena::build(vec![
        el("h1", vec![t("عنوان")]),
        el("p", vec![t("قال "), el("b", vec![el("i", vec![t("سيرجي")])]), t(" شويجو"), Spec::Comment]),
        el("ul", vec![el("li", vec![t("أول")]), el("li", vec![el("br", vec![]), t("ثان")])]),
    ]);
    let whole = TextModel::collect(&arena, &0);
    for slice in 1..4 {
        let mut model = TextModel::default();
        let mut walk = Walk::start(&arena, &0);
        let mut calls = 1;
        while !model.collect_some(&arena, &0, &mut walk, slice) {
            calls += 1;
        }
        assert!(walk.is_done());
        assert!(calls > 1);
        assert_eq!(model.text, whole.text);
        assert_eq!(
            model.pieces.iter().map(|p| (p.node, p.start, p.len)).collect::<Vec<_>>(),
            whole.pieces.iter().map(|p| (p.node, p.start, p.len)).collect::<Vec<_>>()
        );
    }
    let mut nothing = TextModel::default();
    assert!(nothing.collect_some(&arena, &0, &mut Walk::done(), usize::MAX));
    assert!(nothing.text.is_empty() && nothing.pieces.is_empty());
}

#[test]
fn an_entity_across_a_block_is_not_marked() {
    let arena = Arena::build(vec![el("p", vec![t("وصل في 28")]), el("p", vec![t("يوليو 2021 إلى المدينة")])]);
    let model = TextModel::collect(&arena, &0);
    let (start, _) = span_of(&model.text, "28");
    let (_, end) = span_of(&model.text, "2021");
    let (inside, inside_end) = span_of(&model.text, "يوليو 2021");
    let planned = plan(&model, &[found(start, end, Label::Date), found(inside, inside_end, Label::Date)], &Filter::default(), 0);
    assert_eq!(planned.marked.len(), 1, "the date across two paragraphs is dropped; the one inside is kept");
    assert_eq!(planned.marked[0].text, "يوليو 2021");
}

#[test]
fn marks_leave_edge_spaces_out_and_tile_each_node() {
    let arena = Arena::build(vec![el("p", vec![t("قال "), el("b", vec![t("سيرجي")]), t(" شويجو أمس")])]);
    let model = TextModel::collect(&arena, &0);
    let (start, end) = span_of(&model.text, "سيرجي شويجو");
    let planned = plan(&model, &[found(start, end, Label::Per)], &Filter::default(), 3);
    assert_eq!(planned.marked[0].id, 3);
    assert_eq!(planned.nodes.len(), 2);
    assert_eq!(planned.nodes[0].parts, [Part { from: 0, to: 5, mark: Some(0) }]);
    assert_eq!(
        planned.nodes[1].parts,
        [Part { from: 0, to: 1, mark: None }, Part { from: 1, to: 6, mark: Some(0) }, Part { from: 6, to: 10, mark: None }]
    );
}

#[test]
fn filters_overlaps_and_bad_spans() {
    let arena = Arena::build(vec![el("p", vec![t("زار بوتين موسكو")])]);
    let model = TextModel::collect(&arena, &0);
    let spans = [found(4, 9, Label::Per), found(6, 12, Label::Loc), found(10, 100, Label::Loc), found(3, 3, Label::Loc)];
    assert_eq!(plan(&model, &spans, &Filter::default(), 0).marked.len(), 1);
    let only_loc = Filter { labels: Some(vec![Label::Loc]), min_score: 0.0 };
    let planned = plan(&model, &spans, &only_loc, 0);
    assert_eq!(planned.marked.iter().map(|m| m.text.as_str()).collect::<Vec<_>>(), ["تين مو"]);
    let strict = Filter { labels: None, min_score: 0.95 };
    assert!(plan(&model, &spans, &strict, 0).marked.is_empty());
}

/// Random article-like trees: paragraphs of inline pieces, with astral characters, spaces and
/// line breaks inside text nodes.
fn tree_strategy() -> impl Strategy<Value = Vec<Vec<(String, bool)>>> {
    let unit = prop_oneof![Just("ب"), Just("وت"), Just("ين"), Just(" "), Just("😀"), Just("2021"), Just("\n"), Just("\u{00A0}"), Just("ـ")];
    let text = proptest::collection::vec(unit, 0..8).prop_map(|units| units.concat());
    let paragraph = proptest::collection::vec((text, proptest::bool::ANY), 1..5);
    proptest::collection::vec(paragraph, 1..6)
}

fn build_random(paragraphs: &[Vec<(String, bool)>]) -> Arena {
    let children = paragraphs
        .iter()
        .map(|pieces| {
            let inline = pieces.iter().map(|(text, bold)| if *bold { el("b", vec![t(text)]) } else { t(text) }).collect();
            el("p", inline)
        })
        .collect();
    Arena::build(children)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn planning_covers_every_entity_once_and_undoing_gives_back_the_tree(
        paragraphs in tree_strategy(),
        spans in proptest::collection::vec((0usize..200, 1usize..30), 0..12),
    ) {
        let mut arena = build_random(&paragraphs);
        let original = arena.markup();
        let model = TextModel::collect(&arena, &0);
        let total = model.len_utf16();
        let found: Vec<Found> = spans.iter().map(|&(start, len)| found(start % (total + 1), start % (total + 1) + len, Label::Per)).collect();
        let planned = plan(&model, &found, &Filter::default(), 0);
        let units: Vec<u16> = model.text.encode_utf16().collect();

        // Each planned node's parts tile it, in order, with no empty part.
        for node in &planned.nodes {
            let len = model.pieces[node.piece].len;
            let mut cursor = 0;
            for part in &node.parts {
                prop_assert_eq!(part.from, cursor);
                prop_assert!(part.to > part.from);
                cursor = part.to;
            }
            prop_assert_eq!(cursor, len);
        }
        // Every non-space unit of a marked entity inside a text node is in exactly one mark, of
        // that entity; nothing else is marked; marks start and end on non-space characters.
        let mut owner = vec![None; total];
        for node in &planned.nodes {
            let start = model.pieces[node.piece].start;
            for part in &node.parts {
                if let Some(mark) = part.mark {
                    let solid = |u: usize| !char::decode_utf16([units[u]]).next().is_some_and(|c| c.is_ok_and(char::is_whitespace));
                    prop_assert!(solid(start + part.from) && solid(start + part.to - 1));
                    for owned in &mut owner[start + part.from..start + part.to] {
                        prop_assert_eq!(*owned, None);
                        *owned = Some(mark);
                    }
                }
            }
        }
        let in_piece: Vec<bool> = {
            let mut inside = vec![false; total];
            for piece in &model.pieces {
                inside[piece.start..piece.start + piece.len].iter_mut().for_each(|u| *u = true);
            }
            inside
        };
        // Units whose whole character lies inside a span are "inside" it; a mark may take in
        // the rest of a character an entity edge cuts.
        let starts: Vec<bool> = model.text.chars().flat_map(|c| (0..c.len_utf16()).map(|u| u == 0)).chain([true]).collect();
        let char_end = |unit: usize| (unit + 1..=total).find(|&u| starts[u]).unwrap_or(total);
        let char_start = |unit: usize| (0..=unit).rev().find(|&u| starts[u]).unwrap_or(0);
        for (index, marked) in planned.marked.iter().enumerate() {
            prop_assert!(!units[marked.start..marked.end].contains(&(BLOCK_BREAK as u16)));
            for unit in marked.start..marked.end {
                let space = char::decode_utf16([units[unit]]).next().is_some_and(|c| c.is_ok_and(char::is_whitespace));
                if in_piece[unit] && !space && char_start(unit) >= marked.start && char_end(unit) <= marked.end {
                    prop_assert_eq!(owner[unit], Some(index));
                }
            }
        }
        for (unit, owned) in owner.iter().enumerate() {
            if let Some(index) = owned {
                let m = &planned.marked[*index];
                prop_assert!(char_start(unit) < m.end && char_end(unit) > m.start);
            }
        }

        // Marked, the tree reads the same text (kashif's marks are read through); cleared, it is
        // the tree it was, text node for text node.
        let groups = arena.apply(&model, &planned);
        prop_assert_eq!(TextModel::collect(&arena, &0).text, model.text.clone());
        arena.clear(&groups);
        prop_assert_eq!(arena.markup(), original);
    }
}

/// A plan with each part's mark given by entity id, and its entities by id: plans of ranges are
/// compared with the whole plan in these terms.
type Flat = (Vec<(usize, Vec<(usize, usize, Option<usize>)>)>, Vec<(usize, usize, usize, String)>);

fn flat(plans: &[Plan]) -> Flat {
    let mut nodes = Vec::new();
    let mut marked = Vec::new();
    for plan in plans {
        for node in &plan.nodes {
            nodes.push((node.piece, node.parts.iter().map(|p| (p.from, p.to, p.mark.map(|m| plan.marked[m].id))).collect()));
        }
        marked.extend(plan.marked.iter().map(|m| (m.id, m.start, m.end, m.text.clone())));
    }
    nodes.sort_by_key(|n| n.0);
    marked.sort_by_key(|m| m.0);
    (nodes, marked)
}

#[test]
fn ranges_are_widened_to_whole_text_nodes() {
    // Two entities in one text node, one in the next paragraph: no cut between the first two.
    let arena = Arena::build(vec![el("p", vec![t("زار بوتين موسكو")]), el("p", vec![t("ثم بكين")])]);
    let model = TextModel::collect(&arena, &0);
    let spans = [found(4, 9, Label::Per), found(10, 15, Label::Loc), found(19, 23, Label::Loc)];
    let planner = Planner::new(&model, spans.to_vec(), &Filter::default(), 0);
    assert_eq!((0..=3).map(|i| planner.is_cut(&model, i)).collect::<Vec<_>>(), [true, false, true, true]);
    assert_eq!(planner.cut_after(&model, 1), 2);
    assert_eq!(planner.cut_before(&model, 1), 0);
    // The text of the second paragraph, then the first entity's start: the whole first node.
    assert_eq!(planner.range_of_text(&model, 16, 23), 2..3);
    assert_eq!(planner.range_of_text(&model, 4, 5), 0..2);
    let second = planner.plan(&model, 2..3);
    assert_eq!((second.marked[0].id, second.marked[0].text.as_str()), (2, "بكين"));
    assert_eq!(second.nodes[0].parts[1], Part { from: 3, to: 7, mark: Some(0) });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn plans_of_ranges_in_any_order_add_up_to_the_whole_plan(
        paragraphs in tree_strategy(),
        spans in proptest::collection::vec((0usize..200, 1usize..30), 0..16),
        cuts in proptest::collection::vec(0usize..16, 0..5),
        reversed in proptest::bool::ANY,
    ) {
        let arena = build_random(&paragraphs);
        let model = TextModel::collect(&arena, &0);
        let total = model.len_utf16();
        let found: Vec<Found> = spans.iter().map(|&(start, len)| found(start % (total + 1), start % (total + 1) + len, Label::Per)).collect();
        let whole = plan(&model, &found, &Filter::default(), 5);
        let planner = Planner::new(&model, found, &Filter::default(), 5);
        let mut bounds: Vec<usize> = cuts.iter().map(|&c| planner.cut_after(&model, c)).chain([0, planner.len()]).collect();
        bounds.sort_unstable();
        bounds.dedup();
        let mut plans: Vec<Plan> = bounds.windows(2).map(|pair| planner.plan(&model, pair[0]..pair[1])).collect();
        if reversed {
            plans.reverse();
        }
        // No text node is planned twice, and together the ranges plan what the whole does.
        let (nodes, marked) = flat(&plans);
        prop_assert!(nodes.windows(2).all(|pair| pair[0].0 < pair[1].0));
        prop_assert_eq!((nodes, marked), flat(&[whole]));
    }
}

/// What the tooltip shows: the score as `{:.2}` writes it, once brought into 0..=1.
fn two_decimals(score: f64) -> String {
    let confidence = if score > 0.0 { score.min(1.0) } else { 0.0 };
    format!("{confidence:.2}")
}

#[test]
fn hundredths_as_format_writes_them() {
    let scores = [
        0.0,
        -0.0,
        0.125,
        0.135,
        0.005,
        0.015,
        0.994,
        0.995,
        0.999,
        1.0,
        1.5,
        -0.001,
        -3.456,
        12.5,
        0.87,
        1e30,
        f64::MIN_POSITIVE,
        5e-324,
        f64::INFINITY,
        f64::NAN,
    ];
    for score in scores.into_iter().chain((0..=2000).map(|k| f64::from(k as f32 / 2000.0))) {
        assert_eq!(super::plan::Hundredths(score).to_string(), two_decimals(score), "{score}");
    }
    assert_eq!(super::plan::Hundredths(0.005).to_string(), "0.01");
    assert_eq!(super::plan::Hundredths(0.125).to_string(), "0.12");
    assert_eq!(super::plan::Hundredths(7.0).to_string(), "1.00");
}

proptest! {
    #[test]
    fn hundredths_match_format(score in prop_oneof![0.0f64..=1.0, -2.0f64..2.0, proptest::num::f64::ANY]) {
        prop_assert_eq!(super::plan::Hundredths(score).to_string(), two_decimals(score));
    }
}
