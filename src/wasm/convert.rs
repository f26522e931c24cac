//! What JavaScript hands the exported functions, checked: every mistake is a `TypeError` that
//! names the function, the argument and what it got (`Recognizer.analyze: text must be a
//! string, got number`), never a panic or an error from inside the glue.

use js_sys::{Array, JsString, Reflect};
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::Node;

use crate::marks::plan::{Filter, Found};
use crate::timex::Anchor;
use crate::Label;

/// A `TypeError` for JavaScript.
pub(crate) fn type_error(message: &str) -> JsValue {
    js_sys::TypeError::new(message).into()
}

/// An `Error` for JavaScript.
pub(crate) fn error(message: &str) -> JsValue {
    js_sys::Error::new(message).into()
}

/// A library error (text too long, bad model file) as an `Error`.
pub(crate) fn library_error(function: &str, failure: crate::Error) -> JsValue {
    error(&format!("{function}: {failure}"))
}

pub(crate) fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    serde_wasm_bindgen::to_value(value).map_err(|e| error(&format!("kashif: cannot convert a result: {e}")))
}

/// What a value is, for error messages: `number`, `null`, `an array`, `an object (Map)`.
pub(crate) fn describe(value: &JsValue) -> String {
    if value.is_null() {
        return "null".into();
    }
    if value.is_undefined() {
        return "undefined".into();
    }
    if Array::is_array(value) {
        return "an array".into();
    }
    let kind = value.js_typeof().as_string().unwrap_or_default();
    if kind == "object" {
        let name = Reflect::get(value, &"constructor".into())
            .ok()
            .and_then(|c| Reflect::get(&c, &"name".into()).ok())
            .and_then(|n| n.as_string())
            .filter(|n| !n.is_empty() && n != "Object");
        return match name {
            Some(name) => format!("an object ({name})"),
            None => "an object".into(),
        };
    }
    kind
}

fn must_be(function: &str, name: &str, what: &str, got: &JsValue) -> JsValue {
    type_error(&format!("{function}: {name} must be {what}, got {}", describe(got)))
}

/// `must_be` for one part of the `entities` argument.
fn invalid_entities(function: &str, name: &str, what: &str, got: &JsValue) -> JsValue {
    type_error(&format!("{function}: invalid entities: {name} must be {what}, got {}", describe(got)))
}

/// A string argument; `String` objects are read as their value.
pub(crate) fn text_arg(function: &str, name: &str, value: &JsValue) -> Result<JsString, JsValue> {
    if value.is_string() {
        return Ok(value.clone().unchecked_into());
    }
    if value.is_instance_of::<JsString>() {
        return Ok(value.unchecked_ref::<JsString>().value_of());
    }
    Err(must_be(function, name, "a string", value))
}

/// An array of strings (`String` objects too).
pub(crate) fn strings_arg(function: &str, name: &str, value: &JsValue) -> Result<Vec<String>, JsValue> {
    if !js_sys::Array::is_array(value) {
        return Err(must_be(function, name, "an array of strings", value));
    }
    let array: &js_sys::Array = value.unchecked_ref();
    array.iter().enumerate().map(|(i, item)| text_arg(function, &format!("{name}[{i}]"), &item).map(|s| String::from(&s))).collect()
}

/// A DOM node argument (of this window or another: checked by `nodeType`, not `instanceof`).
pub(crate) fn node_arg(function: &str, name: &str, value: &JsValue) -> Result<Node, JsValue> {
    if value.is_instance_of::<Node>() {
        return Ok(value.clone().unchecked_into());
    }
    // A node of another window (an iframe's) is no `instanceof Node` of this one.
    let field = |key: &str| if value.is_object() { Reflect::get(value, &key.into()).ok() } else { None };
    let looks_like_a_node = field("nodeType").is_some_and(|t| t.as_f64().is_some())
        && field("nodeName").is_some_and(|n| n.is_string())
        && field("cloneNode").is_some_and(|f| f.is_function());
    match looks_like_a_node {
        true => Ok(value.clone().unchecked_into()),
        false => Err(must_be(function, name, "a DOM node (an element, a document or a fragment)", value)),
    }
}

/// A count of things to do in one slice: a non-negative number (`Infinity` for all).
pub(crate) fn count_arg(function: &str, name: &str, value: &JsValue) -> Result<usize, JsValue> {
    match value.as_f64() {
        Some(n) if n >= 0.0 => Ok(if n.is_finite() { n as usize } else { usize::MAX }),
        _ => Err(must_be(function, name, "a non-negative number", value)),
    }
}

/// An index: a non-negative integer.
pub(crate) fn index_arg(function: &str, name: &str, value: &JsValue) -> Result<usize, JsValue> {
    match value.as_f64() {
        Some(n) if n >= 0.0 && n.fract() == 0.0 => Ok(if n < usize::MAX as f64 { n as usize } else { usize::MAX }),
        _ => Err(must_be(function, name, "a non-negative integer", value)),
    }
}

/// A function argument.
pub(crate) fn function_arg(function: &str, name: &str, value: &JsValue) -> Result<js_sys::Function, JsValue> {
    value.dyn_ref::<js_sys::Function>().cloned().ok_or_else(|| must_be(function, name, "a function", value))
}

/// Bytes: a `Uint8Array` or any other typed array or `DataView` (its bytes), or an
/// `ArrayBuffer` (or `SharedArrayBuffer`).
pub(crate) fn bytes_arg(function: &str, name: &str, value: &JsValue) -> Result<Vec<u8>, JsValue> {
    if let Some(bytes) = value.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(bytes.to_vec());
    }
    if js_sys::ArrayBuffer::is_view(value) {
        let get = |key: &str| Reflect::get(value, &key.into()).ok().and_then(|v| v.as_f64()).map(|n| n as u32);
        if let (Ok(buffer), Some(offset), Some(length)) = (Reflect::get(value, &"buffer".into()), get("byteOffset"), get("byteLength")) {
            return Ok(js_sys::Uint8Array::new_with_byte_offset_and_length(&buffer, offset, length).to_vec());
        }
    }
    if value.is_instance_of::<js_sys::ArrayBuffer>() || value.is_instance_of::<js_sys::SharedArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(value).to_vec());
    }
    Err(must_be(function, name, "an ArrayBuffer or a typed array (the bytes of a model file)", value))
}

fn label_names() -> String {
    Label::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>().join(", ")
}

/// `{labels?, minScore?}`, or nothing (`undefined`/`null`) for every label at any score.
pub(crate) fn filter_arg(function: &str, options: Option<&JsValue>) -> Result<Filter, JsValue> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(Filter::default());
    };
    if !options.is_object() || Array::is_array(options) {
        return Err(type_error(&format!(
            "{function}: invalid highlight options: options must be an object such as {{labels: [\"PER\"], minScore: 0.5}}, got {}",
            describe(options)
        )));
    }
    let field = |key: &str| Reflect::get(options, &key.into()).unwrap_or(JsValue::UNDEFINED);
    let labels = field("labels");
    let labels = if labels.is_undefined() || labels.is_null() {
        None
    } else {
        if !Array::is_array(&labels) {
            return Err(type_error(&format!(
                "{function}: invalid highlight options: labels must be an array of label names ({}), got {}",
                label_names(),
                describe(&labels)
            )));
        }
        let mut parsed = Vec::new();
        for (index, name) in labels.unchecked_ref::<Array>().iter().enumerate() {
            let label = name.as_string().and_then(|n| Label::parse(n.trim()));
            match label {
                Some(label) => parsed.push(label),
                None => {
                    return Err(type_error(&match name.as_string() {
                        Some(text) => {
                            format!("{function}: unknown label {text:?} in options.labels[{index}] (label names: {})", label_names())
                        }
                        None => format!(
                            "{function}: invalid highlight options: labels[{index}] must be a label name ({}), got {}",
                            label_names(),
                            describe(&name)
                        ),
                    }));
                }
            }
        }
        Some(parsed)
    };
    let min_score = field("minScore");
    let min_score = if min_score.is_undefined() || min_score.is_null() {
        0.0
    } else {
        match min_score.as_f64() {
            Some(score) if score.is_finite() => score as f32,
            _ => {
                return Err(type_error(&format!(
                    "{function}: invalid highlight options: minScore must be a finite number, got {}",
                    describe(&min_score)
                )))
            }
        }
    };
    Ok(Filter { labels, min_score })
}

/// Entities handed in by JavaScript (from `analyze` in a worker, say): an array of
/// `{start, end, label, score?, value?}` in UTF-16 offsets.
pub(crate) fn entities_arg(function: &str, value: &JsValue) -> Result<Vec<Found>, JsValue> {
    if !Array::is_array(value) {
        return Err(invalid_entities(function, "entities", "an array of {start, end, label, score?, value?}", value));
    }
    let array: &Array = value.unchecked_ref();
    let mut out = Vec::with_capacity(array.length() as usize);
    for (index, entity) in array.iter().enumerate() {
        let name = |key: &str| format!("entities[{index}].{key}");
        if !entity.is_object() {
            return Err(invalid_entities(function, &format!("entities[{index}]"), "an object {start, end, label}", &entity));
        }
        let field = |key: &str| Reflect::get(&entity, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let offset = |key: &str| {
            let v = field(key);
            match v.as_f64() {
                Some(n) if n >= 0.0 && n.fract() == 0.0 && n < u32::MAX as f64 => Ok(n as usize),
                _ => Err(invalid_entities(function, &name(key), "a non-negative integer (a UTF-16 offset)", &v)),
            }
        };
        let (start, end) = (offset("start")?, offset("end")?);
        let label_value = field("label");
        let Some(label) = label_value.as_string().and_then(|l| Label::parse(l.trim())) else {
            return Err(match label_value.as_string() {
                Some(text) => {
                    type_error(&format!("{function}: unknown label {text:?} in {} (label names: {})", name("label"), label_names()))
                }
                None => invalid_entities(function, &name("label"), &format!("a label name ({})", label_names()), &label_value),
            });
        };
        let score_value = field("score");
        let score = if score_value.is_undefined() || score_value.is_null() {
            1.0
        } else {
            match score_value.as_f64() {
                Some(s) if s.is_finite() => s as f32,
                _ => return Err(invalid_entities(function, &name("score"), "a finite number", &score_value)),
            }
        };
        let value_field = field("value");
        let value = if value_field.is_undefined() || value_field.is_null() {
            None
        } else {
            match value_field.as_string() {
                Some(v) => Some(v),
                None => return Err(invalid_entities(function, &name("value"), "a string", &value_field)),
            }
        };
        let entity_field = field("entity");
        let entity = if entity_field.is_undefined() || entity_field.is_null() {
            None
        } else {
            match entity_field.as_f64() {
                Some(id) if id.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&id) => Some(id as u32),
                _ => return Err(invalid_entities(function, &name("entity"), "an entity id (a whole number)", &entity_field)),
            }
        };
        out.push(Found { start, end, label, score, value, entity });
    }
    Ok(out)
}

/// `options.anchor`, the article's date relative dates resolve against: a `"YYYY-MM-DD"` string
/// or a `Date` (its local calendar day); none when absent.
pub(crate) fn anchor_arg(function: &str, options: Option<&JsValue>) -> Result<Option<Anchor>, JsValue> {
    let Some(options) = options.filter(|o| !o.is_undefined() && !o.is_null()) else {
        return Ok(None);
    };
    if !options.is_object() || Array::is_array(options) {
        return Err(type_error(&format!(
            "{function}: options must be an object such as {{anchor: \"2021-07-28\"}}, got {}",
            describe(options)
        )));
    }
    let anchor = Reflect::get(options, &"anchor".into()).unwrap_or(JsValue::UNDEFINED);
    if anchor.is_undefined() || anchor.is_null() {
        return Ok(None);
    }
    let text = if let Some(date) = anchor.dyn_ref::<js_sys::Date>() {
        format!("{:04}-{:02}-{:02}", date.get_full_year(), date.get_month() + 1, date.get_date())
    } else if let Some(text) = anchor.as_string() {
        text
    } else {
        return Err(type_error(&format!(
            "{function}: options.anchor must be a date string \"YYYY-MM-DD\" or a Date, got {}",
            describe(&anchor)
        )));
    };
    match Anchor::parse(text.trim()) {
        Some(anchor) => Ok(Some(anchor)),
        None => Err(type_error(&format!("{function}: options.anchor {text:?} is not a calendar date YYYY-MM-DD"))),
    }
}

/// A label name argument (`"PER"`, …).
pub(crate) fn label_arg(function: &str, argument: &str, value: &JsValue) -> Result<Label, JsValue> {
    match value.as_string().and_then(|name| Label::parse(name.trim())) {
        Some(label) => Ok(label),
        None => Err(type_error(&format!("{function}: {argument} must be a label name ({}), got {}", label_names(), describe(value)))),
    }
}
