//! Entities, not strings: a text's mentions grouped into the people, places, organisations and
//! other names they refer to ([`Analysis::new`]), and English glosses for them from name lists
//! ([`Glossary`]).
//!
//! This is a layer above the recognizer: it reads entity lists, from
//! [`Recognizer::analyze`] or from anywhere else (the wasm layer groups what it analyzed), and
//! imports nothing from the layers above it.

mod glossary;
mod groups;

use serde::Serialize;

use crate::entity::{Entity, Label};
use crate::error::Result;
use crate::recognizer::Recognizer;

pub use glossary::Glossary;
#[cfg(feature = "train")]
pub(crate) use glossary::{encode, GlossClass, GlossEntry};
pub(crate) use groups::group;

/// One entity of a text: the mentions that name the same thing.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Group {
    /// The group's number in its text: 0, 1, ... in order of first mention.
    pub id: u32,
    /// The label its mentions share.
    pub label: Label,
    /// Its fullest mention, without proclitics (`الصين` for mentions `الصين` and `لصين`), as
    /// written in the text (or with the article restored where the text elides it).
    pub name: String,
    /// Its English name, where a name list knows it ([`Glossary::annotate`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub gloss: Option<String>,
    /// Indices of its mentions in the entity list, ascending.
    pub mentions: Vec<usize>,
}

/// A text's entities together with their grouping.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Analysis {
    /// The entities, as [`Recognizer::analyze`] gives them.
    pub entities: Vec<Entity>,
    /// The groups of the name entities, in order of first mention: `groups[g].id == g`.
    pub groups: Vec<Group>,
    /// The group of each entity, `None` for dates and amounts.
    #[serde(skip)]
    group_of: Vec<Option<u32>>,
}

impl Analysis {
    /// Groups `entities`, found in `text` (byte offsets), by the rules of `groups.rs`.
    pub fn new(text: &str, entities: Vec<Entity>) -> Analysis {
        let groups = group(text, &entities);
        let mut group_of = vec![None; entities.len()];
        for g in &groups {
            for &m in &g.mentions {
                if let Some(slot) = group_of.get_mut(m) {
                    *slot = Some(g.id);
                }
            }
        }
        Analysis { entities, groups, group_of }
    }

    /// The id of the group of entity `index` (an index into `entities`); `None` for a date,
    /// time or amount, or an index out of range.
    pub fn group_of(&self, index: usize) -> Option<u32> {
        self.group_of.get(index).copied().flatten()
    }

    /// The group with id `id`.
    pub fn group(&self, id: u32) -> Option<&Group> {
        self.groups.get(id as usize)
    }

    /// Fills in the groups' English glosses from `glossary` (`text` is the analyzed text).
    pub fn annotate(&mut self, text: &str, glossary: &Glossary) {
        glossary.annotate(text, &self.entities, &mut self.groups);
    }
}

impl Recognizer {
    /// The entities of `text` ([`analyze`](Recognizer::analyze)) grouped into the things they
    /// name ([`Analysis::new`]). Glosses are left empty: the gloss table is not embedded in the library
    /// (see [`Analysis::annotate`]).
    ///
    /// ```
    /// let recognizer = kashif::Recognizer::new().unwrap();
    /// let text = "التقى الوزير سيرجي شويجو نظيره في موسكو، وقال شويجو إن المحادثات مثمرة.";
    /// let analysis = recognizer.analyze_entities(text).unwrap();
    /// let shoigu = analysis.groups.iter().find(|g| g.name == "سيرجي شويجو").unwrap();
    /// assert_eq!(shoigu.mentions.len(), 2);
    /// for (i, entity) in analysis.entities.iter().enumerate() {
    ///     println!("{} {:?}", entity.text(text), analysis.group_of(i));
    /// }
    /// ```
    pub fn analyze_entities(&self, text: &str) -> Result<Analysis> {
        Ok(Analysis::new(text, self.analyze(text)?))
    }
}
