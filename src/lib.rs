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
//! Every entity comes out in byte offsets of the original text; [`byte_to_char_offsets`] and
//! [`byte_to_utf16_offsets`] convert them for other languages.
#![deny(missing_docs)]

#[cfg(not(target_arch = "wasm32"))]
mod brown;
mod clusters;
mod conll;
mod entity;
mod error;
mod eval;
mod features;
mod gazetteer;
mod hash;
mod model;
#[cfg(not(target_arch = "wasm32"))]
mod newsfane;
mod predictor;
mod recognizer;
mod table;
mod tags;
mod temporal;
mod text;
// DOM-free highlighting (text policy, walk, mark planning): used by the browser layer, tested natively.
#[cfg(any(target_arch = "wasm32", test))]
mod marks;
mod train;

#[cfg(not(target_arch = "wasm32"))]
pub use brown::{brown_clusters, write_clusters, BrownCorpus, BrownOptions, WordCluster};
pub use clusters::Clusters;
pub use conll::{parse_conll, read_conll, running_text, Sentence};
pub use entity::{byte_to_char_offsets, byte_to_utf16_offsets, Entity, Label};
pub use error::{Error, Result};
pub use eval::{chunks, evaluate, Evaluation, Score, Scorer};
pub use gazetteer::NameLists;
pub use model::{Model, FORMAT_VERSION};
#[cfg(not(target_arch = "wasm32"))]
pub use newsfane::{align as align_newsfane, coarse_tag as newsfane_coarse_tag, rejoin as rejoin_newsfane, restore_label};
pub use predictor::Predictor;
pub use recognizer::{Recognizer, MAX_TEXT_BYTES};
pub use text::AlignedText;
pub use train::{add_seen_names, token_nll, train, train_domains, Learner, TrainOptions};

#[cfg(target_arch = "wasm32")]
mod wasm;
