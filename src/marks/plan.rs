//! Which pieces of which text nodes to wrap in marks, decided on the text model alone.

use std::ops::Range;

use serde::Serialize;

use super::text::TextModel;
use crate::entity::Label;
use crate::text::offsets::utf16_to_byte_offsets;

/// An entity to mark, in UTF-16 offsets of [`TextModel::text`].
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) label: Label,
    pub(crate) score: f32,
    pub(crate) value: Option<String>,
    /// The id of the entity (group of mentions) this is a mention of, if any.
    pub(crate) entity: Option<u32>,
}

/// Which entities to mark: by label and by score.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    /// Labels to mark; all when `None`.
    pub(crate) labels: Option<Vec<Label>>,
    /// Entities scoring below this are not marked.
    pub(crate) min_score: f32,
}

impl Filter {
    pub(crate) fn keeps(&self, label: Label, score: f32) -> bool {
        score >= self.min_score && self.labels.as_ref().is_none_or(|labels| labels.contains(&label))
    }
}

/// Scores cross as short decimals: `0.912` reads better in a tooltip than `0.9120000004768372`.
pub(crate) fn round_score(score: f32) -> f64 {
    (f64::from(score) * 1000.0).round() / 1000.0
}

/// A confidence written to two decimals, as `{:.2}` writes it (`0.87`, `0.01` for 0.005), with
/// integers: formatting a float brings about 10 KB (gzip) of code into the wasm. The rounding is
/// of the float's exact value, half to even, as `{:.2}`'s. A score outside 0..=1 (one given to
/// `markEntities`) is shown as the nearest confidence, 0 or 1.
pub(crate) struct Hundredths(pub(crate) f64);

impl std::fmt::Display for Hundredths {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Not `clamp`: it keeps -0.0, and NaN.
        let x = if self.0 > 0.0 { self.0.min(1.0) } else { 0.0 };
        // x = mantissa / 2^shift exactly (x ≤ 1), so 100·x = 100·mantissa / 2^shift.
        let bits = x.to_bits();
        let biased = ((bits >> 52) & 0x7ff) as u32;
        let fraction = bits & ((1 << 52) - 1);
        let (mantissa, shift) = if biased == 0 { (fraction, 1074) } else { (fraction | (1 << 52), 1075 - biased) };
        let scaled = mantissa * 100;
        let n = if shift == 0 {
            scaled
        } else if shift > 61 {
            // 100·mantissa < 2^60: under half a hundredth.
            0
        } else {
            let (whole, rest, half) = (scaled >> shift, scaled & ((1 << shift) - 1), 1u64 << (shift - 1));
            whole + u64::from(rest > half || (rest == half && whole % 2 == 1))
        };
        write!(f, "{}.{:02}", n / 100, n % 100)
    }
}

/// What `highlight` and `markEntities` return for each entity they marked.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Marked {
    /// Its marks' `data-kashif-id`.
    pub(crate) id: usize,
    pub(crate) start: usize,
    pub(crate) end: usize,
    pub(crate) label: &'static str,
    pub(crate) text: String,
    pub(crate) score: f64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) value: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) entity: Option<u32>,
}

/// One run of a text node once marked: UTF-16 units `from..to` of the node's text, wrapped in a
/// mark for `Plan::marked[mark]` or left as plain text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Part {
    pub(crate) from: usize,
    pub(crate) to: usize,
    pub(crate) mark: Option<usize>,
}

/// How one text node is cut: its parts, in order, tile the node's text exactly.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NodePlan {
    /// Index in [`TextModel::pieces`].
    pub(crate) piece: usize,
    pub(crate) parts: Vec<Part>,
}

/// What marking an article will do.
#[derive(Debug, Clone)]
pub(crate) struct Plan {
    pub(crate) marked: Vec<Marked>,
    /// The text nodes that get at least one mark, in document order.
    pub(crate) nodes: Vec<NodePlan>,
}

/// UTF-16 offsets of the block breaks of `model`: the units between two pieces.
fn block_breaks<N>(model: &TextModel<N>) -> Vec<usize> {
    model.pieces.windows(2).filter(|pair| pair[0].start + pair[0].len < pair[1].start).map(|pair| pair[0].start + pair[0].len).collect()
}

/// Decides what to mark, all at once: [`Planner::plan`] over every entity [`Planner::new`]
/// keeps.
#[cfg(test)]
pub(crate) fn plan<N>(model: &TextModel<N>, found: &[Found], filter: &Filter, first_id: usize) -> Plan {
    let planner = Planner::new(model, found.to_vec(), filter, first_id);
    planner.plan(model, 0..planner.len())
}

/// The entities to mark, sorted, planned a range at a time: a huge article is planned in
/// slices, in any order (the part on screen first), each costing time linear in the text its
/// entities span. The plans of ranges cut at [`Planner::is_cut`] boundaries add up to the plan of
/// the whole: ids are the same, and no text node is cut by two of them.
pub(crate) struct Planner {
    kept: Vec<Found>,
    first_id: usize,
}

impl Planner {
    /// Keeps the `found` that pass `filter`, sorted; entities that are out of range, empty, span
    /// a block break (a paragraph, a table cell, a `<br>`...) or overlap an earlier one are
    /// dropped. Ids count from `first_id` in text order.
    pub(crate) fn new<N>(model: &TextModel<N>, mut found: Vec<Found>, filter: &Filter, first_id: usize) -> Planner {
        let total = model.len_utf16();
        let breaks = block_breaks(model);
        let crosses_a_block = |f: &Found| {
            let next = breaks.partition_point(|&b| b < f.start);
            breaks.get(next).is_some_and(|&b| b < f.end)
        };
        found.retain(|f| f.start < f.end && f.end <= total && filter.keeps(f.label, f.score) && !crosses_a_block(f));
        found.sort_by_key(|f| (f.start, f.end));
        let mut last_end = 0;
        found.retain(|f| {
            let fits = f.start >= last_end;
            if fits {
                last_end = f.end;
            }
            fits
        });
        Planner { kept: found, first_id }
    }

    /// How many entities are kept.
    pub(crate) fn len(&self) -> usize {
        self.kept.len()
    }

    /// The first piece that entity `index` reaches into (it may start in the block break before).
    fn first_piece<N>(&self, model: &TextModel<N>, index: usize) -> usize {
        let start = self.kept[index].start;
        model.pieces.partition_point(|p| p.start + p.len <= start)
    }

    /// The last piece that entity `index` reaches into.
    fn last_piece<N>(&self, model: &TextModel<N>, index: usize) -> usize {
        let end = self.kept[index].end;
        model.pieces.partition_point(|p| p.start < end).saturating_sub(1)
    }

    /// Whether ranges may be cut before entity `index`: it shares no text node with the one
    /// before it.
    pub(crate) fn is_cut<N>(&self, model: &TextModel<N>, index: usize) -> bool {
        index == 0 || index >= self.kept.len() || self.last_piece(model, index - 1) < self.first_piece(model, index)
    }

    /// The nearest cut at or before `index`.
    pub(crate) fn cut_before<N>(&self, model: &TextModel<N>, mut index: usize) -> usize {
        index = index.min(self.kept.len());
        while !self.is_cut(model, index) {
            index -= 1;
        }
        index
    }

    /// The nearest cut at or after `index`.
    pub(crate) fn cut_after<N>(&self, model: &TextModel<N>, mut index: usize) -> usize {
        while !self.is_cut(model, index) {
            index += 1;
        }
        index.min(self.kept.len())
    }

    /// The entities that start in the UTF-16 range `from..to` of the text, widened to cuts.
    pub(crate) fn range_of_text<N>(&self, model: &TextModel<N>, from: usize, to: usize) -> Range<usize> {
        let first = self.kept.partition_point(|f| f.start < from);
        let last = self.kept.partition_point(|f| f.start < to).max(first);
        self.cut_before(model, first)..self.cut_after(model, last)
    }

    /// Plans the marking of the kept entities `range` (cut at both ends, see
    /// [`Planner::is_cut`]): `Part::mark` indexes the plan's own `marked`, whose ids are those
    /// of the whole. Whitespace at either end of an entity's part of a text node stays outside
    /// the mark: a name continued across `<b>سيرجي</b> شويجو` marks `شويجو`, not its leading
    /// space.
    pub(crate) fn plan<N>(&self, model: &TextModel<N>, range: Range<usize>) -> Plan {
        let range = range.start.min(self.kept.len())..range.end.min(self.kept.len());
        let kept = &self.kept[range.clone()];
        let Some(head) = kept.first() else {
            return Plan { marked: Vec::new(), nodes: Vec::new() };
        };
        // Byte offsets from the last piece starting at or before the first entity: the text is
        // read from there on only, not from the start of the article.
        let base = model.pieces.partition_point(|p| p.start <= head.start).saturating_sub(1);
        let (base_units, base_bytes) = model.pieces.get(base).map_or((0, 0), |p| (p.start, p.byte_start));
        let bounds: Vec<usize> = kept.iter().flat_map(|f| [f.start - base_units, f.end - base_units]).collect();
        let byte_bounds = utf16_to_byte_offsets(model.text.get(base_bytes..).unwrap_or(""), &bounds);
        let marked: Vec<Marked> = kept
            .iter()
            .enumerate()
            .map(|(index, f)| Marked {
                id: self.first_id + range.start + index,
                start: f.start,
                end: f.end,
                label: f.label.as_str(),
                text: model.text.get(base_bytes + byte_bounds[2 * index]..base_bytes + byte_bounds[2 * index + 1]).unwrap_or("").to_owned(),
                score: round_score(f.score),
                value: f.value.clone(),
                entity: f.entity,
            })
            .collect();

        // Each entity's share of each text node, in document order: (piece, from, to, entity).
        let mut segments: Vec<(usize, usize, usize, usize)> = Vec::with_capacity(kept.len());
        let mut first = base;
        for (index, f) in kept.iter().enumerate() {
            first += model.pieces[first..].partition_point(|p| p.start + p.len <= f.start);
            for (piece_index, piece) in model.pieces.iter().enumerate().skip(first) {
                if piece.start >= f.end {
                    break;
                }
                let from = f.start.max(piece.start) - piece.start;
                let to = f.end.min(piece.start + piece.len) - piece.start;
                segments.push((piece_index, from, to, index));
            }
        }

        let mut nodes = Vec::new();
        let mut rest = &segments[..];
        while let Some(&(piece, ..)) = rest.first() {
            let same = rest.iter().take_while(|s| s.0 == piece).count();
            let (these, others) = rest.split_at(same);
            rest = others;
            let parts = cut(model, piece, these);
            if parts.iter().any(|p| p.mark.is_some()) {
                nodes.push(NodePlan { piece, parts });
            }
        }
        Plan { marked, nodes }
    }
}

/// The parts of piece `piece` given its sorted, disjoint `segments`, each trimmed of whitespace
/// at both ends (and dropped if nothing else is left): one pass over the piece's text.
fn cut<N>(model: &TextModel<N>, piece: usize, segments: &[(usize, usize, usize, usize)]) -> Vec<Part> {
    let info = &model.pieces[piece];
    let reach = segments.last().map_or(0, |s| s.2);
    // For each UTF-16 unit up to the last segment's end (and the rest of the character there):
    // whether it belongs to a non-space character, and whether it starts one.
    let mut solid = Vec::with_capacity(reach + 1);
    let mut starts = Vec::with_capacity(reach + 1);
    for c in model.text.get(info.byte_start..).unwrap_or("").chars() {
        if solid.len() >= reach {
            break;
        }
        let keep = !c.is_whitespace();
        for unit in 0..c.len_utf16() {
            solid.push(keep);
            starts.push(unit == 0);
        }
    }
    let units = solid.len();
    let mut parts = Vec::with_capacity(2 * segments.len() + 1);
    let mut cursor = 0;
    for &(_, from, to, entity) in segments {
        let to = to.min(units);
        let Some(mut first) = (from.max(cursor)..to).find(|&u| solid[u]) else {
            continue;
        };
        let mut last = (first..to).rev().find(|&u| solid[u]).map_or(first, |u| u) + 1;
        // An entity edge inside a surrogate pair takes the whole character: a mark never splits
        // one, so the marked page reads the same text.
        while first > cursor && !starts[first] {
            first -= 1;
        }
        while last < units && !starts[last] {
            last += 1;
        }
        if first > cursor {
            parts.push(Part { from: cursor, to: first, mark: None });
        }
        parts.push(Part { from: first, to: last, mark: Some(entity) });
        cursor = last;
    }
    if cursor < info.len {
        parts.push(Part { from: cursor, to: info.len, mark: None });
    }
    parts
}
