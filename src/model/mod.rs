//! The model as data: weights, transitions, name lists and clusters, in a versioned binary
//! format that lays its tables out as lookups use them (see [`crate::base::table::KeyTable`]),
//! so that the embedded model is used where it lies in the program's data.

pub(crate) mod clusters;
pub(crate) mod names;
pub(crate) mod tags;

use crate::base::codec::{checksum, put_signed, put_varint, Reader};
use crate::base::table::KeyTable;
use crate::error::{Error, Result};
use clusters::Clusters;
use names::NameLists;
use tags::NUM_TAGS;

const MAGIC: &[u8; 8] = b"KASHIF\0M";
/// Softmax temperatures outside this range (in weight units) make confidences meaningless.
const MIN_TEMPERATURE: f32 = 1e-3;
const MAX_TEMPERATURE: f32 = 1e9;

/// Format version; bump it whenever features, hashing or layout change. Version 2 stores the
/// tables as lookups use them; version 1 stored them varint-coded, to be rebuilt at load.
const FORMAT_VERSION: u32 = 2;

/// One feature's weights, one per tag, in fixed point: eight bits are enough for a linear
/// model's weights and keep the table small enough to stay in cache.
pub(crate) type Row = [i8; NUM_TAGS];

/// A trained sequence-labelling model.
#[derive(Debug, Clone, Default)]
pub struct Model {
    /// Free text: what the model was trained on, when, and its scores.
    pub card: String,
    /// Feature key → weights per tag.
    pub(crate) weights: KeyTable<'static, Row>,
    /// Transition weights: `transitions[prev][next]`, row `NUM_TAGS` being the sentence start.
    pub(crate) transitions: [[i32; NUM_TAGS]; NUM_TAGS + 1],
    /// Divides scores before turning them into probabilities.
    pub(crate) temperature: f32,
    pub(crate) names: NameLists<'static>,
    pub(crate) clusters: Clusters<'static>,
}

/// Bytes aligned for the tables read in place from them (see [`Reader::pod_slice`]).
#[repr(C, align(8))]
struct Aligned<B: ?Sized>(B);

/// The model embedded in the crate (see `models/README.md`).
static EMBEDDED: &Aligned<[u8]> = &Aligned(*include_bytes!("../../models/kashif.model"));

impl Model {
    /// Version of the binary format this build reads and writes; bumped whenever features,
    /// hashing or layout change.
    pub const FORMAT_VERSION: u32 = FORMAT_VERSION;

    /// The model embedded in the crate; its tables are used where they lie, not copied.
    pub fn embedded() -> Result<Model> {
        Model::parse(&EMBEDDED.0)
    }

    /// Multiplies the softmax temperature used for confidence scores (for calibration).
    pub fn scale_temperature(&mut self, factor: f32) {
        if factor.is_finite() && factor > 0.0 {
            self.temperature = (self.temperature * factor).clamp(MIN_TEMPERATURE, MAX_TEMPERATURE);
        }
    }

    /// Makes every token's `O` tag cheaper or dearer by `amount`, in units of the current
    /// temperature: a positive amount trades precision for recall. Every token enters exactly
    /// one transition (from the start or from the previous tag), so lowering the transitions
    /// into `O` lowers each token's `O` score by the same amount.
    pub fn penalize_outside(&mut self, amount: f32) {
        if !amount.is_finite() {
            return;
        }
        let delta = (amount * self.temperature).round() as i32;
        for row in self.transitions.iter_mut() {
            let w = &mut row[crate::model::tags::OUTSIDE as usize];
            *w = w.saturating_sub(delta);
        }
    }

    /// Number of features with weights.
    pub fn num_features(&self) -> usize {
        self.weights.len()
    }

    /// Serializes the model: magic, version, card, temperature and transitions, then the
    /// weight, name and cluster tables at 4-byte boundaries (see `KeyTable::encode`), then a
    /// checksum of all that.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        put_varint(&mut out, self.card.len() as u64);
        out.extend_from_slice(self.card.as_bytes());
        out.extend_from_slice(&self.temperature.to_bits().to_le_bytes());
        put_varint(&mut out, NUM_TAGS as u64);
        for row in &self.transitions {
            for &w in row {
                put_signed(&mut out, w as i64);
            }
        }
        self.weights.encode(&mut out);
        self.names.encode(&mut out);
        self.clusters.encode(&mut out);
        let sum = checksum(&out);
        out.extend_from_slice(&sum.to_le_bytes());
        out
    }

    /// Reads a model; a file that is not a kashif model of this version, or is truncated or
    /// corrupted, gives an error. Its tables are copied out of `bytes`.
    pub fn from_bytes(bytes: &[u8]) -> Result<Model> {
        let parts = Model::parse_parts(bytes)?;
        Ok(Model {
            names: parts.names.into_owned(),
            clusters: parts.clusters.into_owned(),
            weights: parts.weights.into_owned(),
            ..parts.head
        })
    }

    /// Reads a model that lives as long as the program, its tables borrowed from `bytes` where
    /// they are aligned for it.
    fn parse(bytes: &'static [u8]) -> Result<Model> {
        let parts = Model::parse_parts(bytes)?;
        Ok(Model { names: parts.names, clusters: parts.clusters, weights: parts.weights, ..parts.head })
    }

    fn parse_parts(bytes: &[u8]) -> Result<Parts<'_>> {
        if bytes.len() < MAGIC.len() + 8 || &bytes[..MAGIC.len()] != MAGIC {
            return Err(Error::Model("not a kashif model file (bad magic)".into()));
        }
        let (body, tail) = bytes.split_at(bytes.len() - 4);
        let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        let mut reader = Reader::new(body);
        reader.take(MAGIC.len())?;
        let version = reader.u32()?;
        if version != FORMAT_VERSION {
            return Err(Error::Model(format!("model format version {version}, this build reads version {FORMAT_VERSION}")));
        }
        if checksum(body) != stored {
            return Err(Error::Model("checksum mismatch: the file is truncated or corrupted".into()));
        }
        let card = reader.string()?;
        let temperature = f32::from_bits(reader.u32()?);
        if !(MIN_TEMPERATURE..=MAX_TEMPERATURE).contains(&temperature) {
            return Err(reader.error("bad temperature"));
        }
        if reader.varint()? != NUM_TAGS as u64 {
            return Err(reader.error("tag set differs"));
        }
        let mut transitions = [[0i32; NUM_TAGS]; NUM_TAGS + 1];
        for row in transitions.iter_mut() {
            for w in row.iter_mut() {
                *w = i32::try_from(reader.signed()?).map_err(|_| reader.error("transition out of range"))?;
            }
        }
        let weights = KeyTable::decode(&mut reader, "weight", |_| true)?;
        let names = NameLists::decode(&mut reader)?;
        let clusters = Clusters::decode(&mut reader)?;
        if !reader.is_at_end() {
            return Err(reader.error("trailing bytes"));
        }
        let head = Model { card, transitions, temperature, ..Model::default() };
        Ok(Parts { head, weights, names, clusters })
    }
}

/// A model as read, its tables borrowing from the bytes where they can.
struct Parts<'a> {
    /// All but the tables.
    head: Model,
    weights: KeyTable<'a, Row>,
    names: NameLists<'a>,
    clusters: Clusters<'a>,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn small_model() -> Model {
        let mut names = NameLists::default();
        names.add("روسيا", 2);
        let mut clusters = Clusters::default();
        clusters.insert("روسيا", "0110");
        let mut transitions = [[0; NUM_TAGS]; NUM_TAGS + 1];
        transitions[0][2] = -70000;
        Model {
            card: "test".into(),
            weights: KeyTable::from_entries([(7, [1, 0, -3, 0, 0, 0, 0, 0, 127]), (3, [0; NUM_TAGS])]),
            transitions,
            temperature: 1.5,
            names,
            clusters,
        }
    }

    #[test]
    fn round_trips() {
        let model = small_model();
        let bytes = model.to_bytes();
        let back = Model::from_bytes(&bytes).unwrap();
        assert_eq!(back.card, "test");
        assert_eq!(back.transitions, model.transitions);
        assert_eq!(back.weights.entries().collect::<Vec<_>>(), model.weights.entries().collect::<Vec<_>>());
        assert_eq!(back.names.get("روسيا"), 2);
        assert_eq!(back.clusters.len(), 1);
        assert_eq!(back.to_bytes(), bytes);
    }

    #[test]
    fn extreme_adjustments_stay_in_range() {
        let mut model = small_model();
        for amount in [f32::MAX, -1e30, f32::NAN, f32::INFINITY] {
            model.penalize_outside(amount);
        }
        model.scale_temperature(1e-30);
        assert!(model.temperature >= MIN_TEMPERATURE);
        model.scale_temperature(1e30);
        assert!(model.temperature <= MAX_TEMPERATURE);
        assert!(Model::from_bytes(&model.to_bytes()).is_ok());
    }

    #[test]
    fn the_embedded_model_is_read_in_place() {
        let model = Model::embedded().unwrap();
        assert!(model.weights.len() > 10_000 && model.weights.is_in_place());
        assert!(model.names.is_in_place() && model.clusters.is_in_place());
        // From bytes that will not outlive it, a model owns copies, with the same entries.
        let copied = Model::from_bytes(&EMBEDDED.0).unwrap();
        assert!(!copied.weights.is_in_place() && !copied.names.is_in_place());
        assert_eq!(copied.to_bytes(), EMBEDDED.0);
    }

    #[test]
    fn structural_corruption_with_a_valid_checksum_never_panics() {
        // What the checksum cannot catch (a file written wrongly, or on purpose): every byte
        // flipped, the checksum made right again. Reading gives an error or a model, and a
        // model that reads is one that runs.
        let bytes = small_model().to_bytes();
        let body = bytes.len() - 4;
        let mut read = 0;
        for at in MAGIC.len() + 4..body {
            let mut bad = bytes.clone();
            bad[at] ^= 0x5a;
            let sum = checksum(&bad[..body]);
            bad[body..].copy_from_slice(&sum.to_le_bytes());
            if let Ok(model) = Model::from_bytes(&bad) {
                read += 1;
                let recognizer = crate::Recognizer::with_model(model);
                assert!(recognizer.analyze("زار وزير الخارجية روسيا في 3 مارس 2024").is_ok());
            }
        }
        // Weights, flags and paths may take any value; counts, steps and lengths may not.
        assert!(read > 0 && read < body - MAGIC.len() - 4, "{read}");
    }

    #[test]
    fn rejects_every_corruption() {
        let bytes = small_model().to_bytes();
        assert!(Model::from_bytes(b"").is_err());
        assert!(Model::from_bytes(b"PK\x03\x04 not a model at all").is_err());
        for cut in 0..bytes.len() {
            assert!(Model::from_bytes(&bytes[..cut]).is_err(), "truncated at {cut}");
        }
        for at in 0..bytes.len() {
            let mut bad = bytes.clone();
            bad[at] ^= 0x5a;
            assert!(Model::from_bytes(&bad).is_err(), "flipped byte {at}");
        }
    }
}
