//! kashif (كاشف, "the one who reveals"): named entities in Arabic news text, found on the
//! reader's machine.
//!
//! ```
//! let recognizer = kashif::Recognizer::new().unwrap();
//! let text = "التقى وزير الخارجية الروسي سيرغي لافروف نظيره الصيني في موسكو.";
//! for entity in recognizer.analyze(text).unwrap() {
//!     println!("{} {}", entity.label, entity.text(text));
//! }
//! ```
//!
//! The statistical model is a linear sequence labeller (a CRF over BIO tags, Viterbi
//! decoding) embedded in the crate; rules add dates, times, money and percentages.
//! Every entity comes out in byte offsets of the original text; [`offsets`] converts them for
//! other languages.
//!
//! The pipeline, one module a stage, each using only the ones before it: `base` (hashing, the
//! key table, the byte codec) → `text` (aligned normalization, tokens, clitics) → `model` (the
//! model as data: tags, name lists, clusters, format) → `features` → `predictor` (the model
//! compiled: weights, decoding, marginals) → `recognizer` (entities, with `temporal`'s dates and
//! amounts) → `entities` (mentions grouped into the things they name, [`Analysis`], and their
//! English glosses, [`Glossary`]) → `wasm` (the JavaScript bindings). Training, evaluation and corpus reading are the
//! [`train`] module, behind the `train` cargo feature: the default library carries none of it.
#![deny(missing_docs)]

mod base;
mod entities;
mod entity;
mod error;
mod features;
mod model;
mod predictor;
mod recognizer;
mod temporal;
mod text;
pub mod timex;
// DOM-free highlighting (text policy, walk, mark planning): used by the browser layer, tested natively.
#[cfg(any(target_arch = "wasm32", test))]
mod marks;

#[cfg(feature = "train")]
pub mod train;

#[cfg(target_arch = "wasm32")]
mod wasm;

pub use entities::{Analysis, Glossary, Group};
pub use entity::{Entity, Label};
pub use error::{Error, Result};
pub use model::Model;
pub use recognizer::{AnalyzeOptions, Recognizer, MAX_TEXT_BYTES};
pub use text::offsets;
pub use text::AlignedText;
