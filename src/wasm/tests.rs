//! The browser layer in a real browser: headless Chromium through wasm-bindgen-test-runner
//! (scripts/test-browser.sh). These tests sit inside the crate so they can drive the DOM code
//! directly; tests/e2e/ tests the same code through the published JavaScript API.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Node};

use super::dom::{clear, Article, Found, Reader};
use super::{highlight, Filter, JsRecognizer};
use crate::Label;

wasm_bindgen_test_configure!(run_in_browser);

fn document() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("a browser document")
}

/// A fresh `<div>` in the page with `html` as its content.
fn fixture(html: &str) -> Element {
    let document = document();
    let root = document.create_element("div").unwrap();
    root.set_inner_html(html);
    document.body().unwrap().append_child(&root).unwrap();
    root
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn marks(root: &Element) -> Vec<Element> {
    let list = root.query_selector_all("mark[data-kashif-id]").unwrap();
    (0..list.length()).map(|i| list.item(i).unwrap().dyn_into().unwrap()).collect()
}

/// A JavaScript value written as JSON, as a page would pass it.
fn js(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn found(start: usize, end: usize, label: Label) -> Found {
    Found { start, end, label, score: 0.9, value: None }
}

fn all_labels() -> Filter {
    Filter::from_js(&JsValue::UNDEFINED).unwrap()
}

/// UTF-16 offset of `needle` in `haystack`.
fn utf16_find(haystack: &str, needle: &str) -> usize {
    haystack[..haystack.find(needle).unwrap()].encode_utf16().count()
}

fn mark_word(root: &Element, word: &str, label: Label) -> Article {
    let article = Article::collect(root);
    let start = utf16_find(&article.text, word);
    let end = start + word.encode_utf16().count();
    article.mark(&[found(start, end, label)], &all_labels(), 0).unwrap();
    article
}

#[wasm_bindgen_test]
fn a_lone_surrogate_reaches_rust_as_one_unit() {
    // analyze's offsets rest on this: wasm-bindgen's TextEncoder turns a lone surrogate into
    // U+FFFD, which is one UTF-16 unit too.
    let lone = JsString::from_char_code1(0xD800);
    assert_eq!(String::from(&lone), "\u{FFFD}");
    assert_eq!(lone.length(), 1);
}

#[wasm_bindgen_test]
fn entity_offsets_slice_the_javascript_string() {
    let recognizer = JsRecognizer::new().unwrap();
    let sentence = JsString::from("زار الرئيس الروسي فلاديمير بوتين العاصمة الصينية بكين");
    // Astral characters and lone surrogates before the names shift UTF-16 and byte offsets apart.
    let prefixes = [JsString::from(""), JsString::from("😀𝕏 "), JsString::from_char_code1(0xDC00).concat(&" ".into())];
    for prefix in prefixes {
        let text = prefix.concat(&sentence);
        let entities: Array = recognizer.analyze(&text).unwrap().unchecked_into();
        assert!(entities.length() >= 2, "expected names in {:?}", String::from(&text));
        for entity in entities.iter() {
            let start = get(&entity, "start").as_f64().unwrap() as u32;
            let end = get(&entity, "end").as_f64().unwrap() as u32;
            assert_eq!(text.slice(start, end), JsString::from(get(&entity, "text")));
            let score = get(&entity, "score").as_f64().unwrap();
            assert!((0.0..=1.0).contains(&score));
            assert!(Label::parse(&get(&entity, "label").as_string().unwrap()).is_some());
        }
    }
}

#[wasm_bindgen_test]
fn progress_reports_and_the_same_entities_as_analyze() {
    let recognizer = JsRecognizer::new().unwrap();
    let line = "قال وزير الخارجية الروسي سيرغي لافروف في موسكو إن بلاده تتعاون مع الصين.\n";
    let text = JsString::from(line.repeat(400));
    let reports = Array::new();
    let record = Closure::<dyn FnMut(f64, f64)>::new({
        let reports = reports.clone();
        move |done: f64, total: f64| {
            reports.push(&Array::of2(&done.into(), &total.into()));
        }
    });
    let with_progress = recognizer.analyze_with_progress(&text, record.as_ref().unchecked_ref()).unwrap();
    let plain = recognizer.analyze(&text).unwrap();
    assert_eq!(js_sys::JSON::stringify(&with_progress).unwrap(), js_sys::JSON::stringify(&plain).unwrap());
    assert!(reports.length() >= 2, "progress was reported along the way");
    let mut last = 0.0;
    for report in reports.iter() {
        let report: Array = report.unchecked_into();
        let (done, total) = (report.get(0).as_f64().unwrap(), report.get(1).as_f64().unwrap());
        assert_eq!(total, text.length() as f64);
        assert!(done >= last && done <= total);
        last = done;
    }
    assert_eq!(last, text.length() as f64);

    let throws = js_sys::Function::new_with_args("", "throw new Error('stop')");
    let error = recognizer.analyze_with_progress(&text, &throws).err().map(JsValue::from).unwrap();
    assert!(String::from(js_sys::Error::from(error).message()).contains("stop"));
}

#[wasm_bindgen_test]
fn text_with_only_odd_characters_gives_no_error() {
    let recognizer = JsRecognizer::new().unwrap();
    for text in ["", "\n\n\n", "\u{200F}\u{200E}\u{0640}\u{064B}", "🙂🙃", "a\u{0000}b"] {
        assert!(recognizer.analyze(&JsString::from(text)).is_ok(), "{text:?}");
    }
    let lone = JsString::from_char_code1(0xDBFF);
    assert!(recognizer.analyze(&lone).is_ok());
}

#[wasm_bindgen_test]
fn blocks_break_sentences_and_skipped_elements_are_not_read() {
    let root = fixture(
        "<p>زار <b>بوتين</b> موسكو</p><p>ثم عاد<br>إلى بكين</p>\
         <pre>لا</pre><code>لا</code><mark>لا</mark><script>var x = 1;</script><style>p{}</style>\
         <textarea>لا</textarea><span data-kashif-skip>لا</span><span translate=\"no\">لا</span>\
         <div>آخر</div>",
    );
    let article = Article::collect(&root);
    assert_eq!(article.text, "زار بوتين موسكو\nثم عاد\nإلى بكين\nآخر");
    mark_word(&root, "بوتين موسكو", Label::Per);
    assert_eq!(Article::collect(&root).text, article.text, "kashif's own marks are read through");
    root.remove();
}

#[wasm_bindgen_test]
fn line_breaks_inside_a_paragraph_are_spaces() {
    let root = fixture("<p>زار بوتين\nموسكو</p>");
    assert_eq!(Article::collect(&root).text, "زار بوتين موسكو");
    root.remove();
}

#[wasm_bindgen_test]
fn an_entity_across_inline_elements_is_marked_in_each_piece() {
    let html = "<p>قال <b>سيرجي</b> شويجو أمس</p>";
    let root = fixture(html);
    mark_word(&root, "سيرجي شويجو", Label::Per);
    let marks = marks(&root);
    assert_eq!(marks.len(), 2);
    assert_eq!(marks[0].text_content().unwrap(), "سيرجي");
    assert_eq!(marks[1].text_content().unwrap(), "شويجو", "the space stays outside the mark");
    assert_eq!(marks[0].get_attribute("data-kashif-id"), marks[1].get_attribute("data-kashif-id"));
    assert_eq!(marks[0].get_attribute("data-kashif-label").as_deref(), Some("PER"));
    assert_eq!(marks[0].parent_element().unwrap().tag_name(), "B");
    clear(&root);
    assert_eq!(root.inner_html(), html);
    assert_eq!(root.first_child().unwrap().child_nodes().length(), 3, "text nodes merged back");
    root.remove();
}

#[wasm_bindgen_test]
fn clear_merges_only_the_text_nodes_it_split() {
    let document = document();
    let root = fixture("");
    // The page's own two adjacent text nodes must stay two.
    root.append_child(&document.create_text_node("زار ")).unwrap();
    root.append_child(&document.create_text_node("بوتين موسكو اليوم")).unwrap();
    mark_word(&root, "موسكو", Label::Loc);
    let article = Article::collect(&root);
    let start = utf16_find(&article.text, "بوتين");
    article.mark(&[found(start, start + 5, Label::Per)], &all_labels(), 0).unwrap();
    clear(&root);
    assert_eq!(root.child_nodes().length(), 2);
    assert_eq!(root.first_child().unwrap().text_content().unwrap(), "زار ");
    assert_eq!(root.last_child().unwrap().text_content().unwrap(), "بوتين موسكو اليوم");
    root.remove();
}

#[wasm_bindgen_test]
fn several_entities_in_one_text_node_round_trip() {
    let html = "<p>زار بوتين موسكو ثم بكين</p>";
    let root = fixture(html);
    let article = Article::collect(&root);
    let spans: Vec<Found> = [("بوتين", Label::Per), ("موسكو", Label::Loc), ("بكين", Label::Loc)]
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&article.text, word);
            found(start, start + word.encode_utf16().count(), *label)
        })
        .collect();
    let marked = article.mark(&spans, &all_labels(), 0).unwrap();
    let texts: Vec<String> = marks(&root).iter().map(|m| m.text_content().unwrap()).collect();
    assert_eq!(texts, ["بوتين", "موسكو", "بكين"]);
    let marked: Array = super::to_js(&marked).unwrap().unchecked_into();
    assert_eq!(marked.length(), 3);
    assert_eq!(get(&marked.get(2), "text").as_string().as_deref(), Some("بكين"));
    clear(&root);
    assert_eq!(root.inner_html(), html);
    assert_eq!(root.first_child().unwrap().child_nodes().length(), 1);
    root.remove();
}

#[wasm_bindgen_test]
fn clear_gives_back_lone_surrogates() {
    let document = document();
    let root = fixture("");
    let lone = JsString::from_char_code1(0xD83D);
    let data = lone.concat(&" زار بوتين موسكو ".into()).concat(&lone);
    let node = document.create_text_node("");
    Reflect::set(&node, &"data".into(), &data).unwrap();
    root.append_child(&node).unwrap();
    mark_word(&root, "بوتين", Label::Per);
    assert_eq!(marks(&root).len(), 1);
    clear(&root);
    assert_eq!(root.child_nodes().length(), 1);
    assert_eq!(JsString::from(Reflect::get(&root.first_child().unwrap(), &"data".into()).unwrap()), data);
    root.remove();
}

#[wasm_bindgen_test]
fn filters_and_bad_entities_are_handled() {
    let root = fixture("<p>زار بوتين موسكو</p>");
    let article = Article::collect(&root);
    let spans = [
        found(4, 9, Label::Per),
        found(6, 12, Label::Loc),    // overlaps the first: dropped
        found(10, 100, Label::Loc),  // past the end: dropped
        found(3, 3, Label::Loc),     // empty: dropped
    ];
    let marked = article.mark(&spans, &all_labels(), 0).unwrap();
    assert_eq!(marks(&root).len(), 1);
    assert_eq!(super::to_js(&marked).map(|m| m.unchecked_into::<Array>().length()).ok(), Some(1));
    clear(&root);
    // Labels are filtered before overlaps are resolved: an entity left out blocks nothing.
    let only_loc = Filter::from_js(&js(r#"{"labels": ["LOC"]}"#)).unwrap();
    Article::collect(&root).mark(&spans, &only_loc, 0).unwrap();
    let texts: Vec<String> = marks(&root).iter().map(|m| m.text_content().unwrap()).collect();
    assert_eq!(texts, ["تين مو"]);
    clear(&root);
    assert_eq!(root.inner_html(), "<p>زار بوتين موسكو</p>");
    root.remove();

    let bad = js(r#"{"labels": ["NOPE"]}"#);
    assert!(Filter::from_js(&bad).is_err());
    let bad = js(r#"{"minScore": "high"}"#);
    assert!(Filter::from_js(&bad).is_err());
}

#[wasm_bindgen_test]
fn highlight_with_the_model_is_idempotent_and_clear_restores() {
    let html = "<h2>زيارة</h2><p>زار الرئيس الروسي فلاديمير <i>بوتين</i> العاصمة الصينية بكين \
                يوم الاثنين، والتقى الرئيس الصيني شي جين بينغ.</p>\
                <p>&lt;img src=x onerror=alert(1)&gt; وقال وزير الخارجية سيرغي لافروف في موسكو.</p>";
    let root = fixture(html);
    let original = root.inner_html();
    let node: &Node = &root;
    let first: Array = highlight(node, JsValue::UNDEFINED).unwrap().unchecked_into();
    assert!(first.length() >= 3, "expected entities, got {}", first.length());
    let once = root.inner_html();
    let second: Array = highlight(node, JsValue::UNDEFINED).unwrap().unchecked_into();
    assert_eq!(root.inner_html(), once, "a second highlight changes nothing");
    assert_eq!(first.length(), second.length());
    assert!(root.query_selector("mark mark").unwrap().is_none());
    assert!(root.query_selector("img").unwrap().is_none(), "markup-like text stays text");
    clear(node);
    assert_eq!(root.inner_html(), original);
    root.remove();
}

#[wasm_bindgen_test]
fn marking_in_slices_gives_the_same_dom_as_at_once() {
    let html = "<p>زار <i>بوتين</i> موسكو ثم بكين</p><p>وقال لافروف</p>";
    let words = [("بوتين", Label::Per), ("موسكو", Label::Loc), ("بكين", Label::Loc), ("لافروف", Label::Per)];
    let root = fixture(html);
    let text = Article::collect(&root).text;
    let spans: Vec<Found> = words
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&text, word);
            found(start, start + word.encode_utf16().count(), *label)
        })
        .collect();
    Article::collect(&root).mark(&spans, &all_labels(), 0).unwrap();
    let at_once = root.inner_html();
    clear(&root);
    assert_eq!(root.inner_html(), html);
    let article = Article::collect(&root);
    let mut plan = article.plan(&spans, &all_labels(), 0);
    let mut steps = 0;
    while !article.apply(&mut plan, 1).unwrap() {
        steps += 1;
    }
    assert_eq!(steps + 1, 4, "four marks, one a step");
    assert_eq!(root.inner_html(), at_once);
    clear(&root);
    assert_eq!(root.inner_html(), html);
    assert_eq!(root.first_child().unwrap().child_nodes().length(), 3, "split text nodes merged back");
    root.remove();
}

#[wasm_bindgen_test]
fn reading_and_marking_in_slices_gives_the_same_text_and_dom_as_at_once() {
    let html = "<div><p>زار <i>بوتين</i> موسكو</p><ul><li>ثم بكين</li></ul></div><p>وقال <b>لافروف</b></p>";
    let words = [("بوتين", "PER"), ("موسكو", "LOC"), ("بكين", "LOC"), ("لافروف", "PER")];
    let root = fixture(html);
    let text = Article::collect(&root).text;
    let entities: Vec<String> = words
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&text, word);
            format!(r#"{{"start":{start},"end":{},"label":"{label}","score":0.9}}"#, start + word.encode_utf16().count())
        })
        .collect();
    let all = js(&format!("[{}]", entities.join(",")));
    let at_once = super::dom::mark_entities(&root, all.clone(), JsValue::UNDEFINED).unwrap();
    let marked_html = root.inner_html();

    // Slices of one node, one mark, one entity: the earlier marks are cleared first.
    let mut reader = Reader::new(&root);
    let mut steps = 0;
    while !reader.clear(1) {
        steps += 1;
    }
    assert_eq!(steps + 1, 4, "four marks, one a step");
    assert_eq!(root.inner_html(), html);
    while !reader.read(1).unwrap() {}
    assert_eq!(reader.text(), text);
    for entity in entities {
        reader.add_entities(js(&format!("[{entity}]"))).unwrap();
    }
    let mut marker = reader.marker(JsValue::UNDEFINED).unwrap();
    while !marker.step(1).unwrap() {}
    assert_eq!(root.inner_html(), marked_html);
    assert_eq!(marker.count(), 4);
    let listed = Array::new();
    for index in 0..marker.count() {
        listed.push(&marker.entities_slice(index, index + 1).unwrap().unchecked_into::<Array>().get(0));
    }
    assert_eq!(js_sys::JSON::stringify(&listed).unwrap(), js_sys::JSON::stringify(&at_once).unwrap());
    clear(&root);
    assert_eq!(root.inner_html(), html);
    root.remove();
}

#[wasm_bindgen_test]
fn another_model_loads_from_bytes_and_a_corrupted_one_is_an_error() {
    let reference = include_bytes!("../../models/kashif-reference.model");
    let recognizer = JsRecognizer::from_model(reference).unwrap();
    let text = JsString::from("نهر النيل أطول أنهار أفريقيا، ويمر عبر السودان ومصر.");
    let entities: Array = recognizer.analyze(&text).unwrap().unchecked_into();
    let labels: Vec<String> = entities.iter().map(|e| get(&e, "label").as_string().unwrap()).collect();
    assert!(labels.iter().any(|l| l == "LOC"), "{labels:?}");
    let mut corrupted = reference.to_vec();
    let middle = corrupted.len() / 2;
    corrupted[middle] ^= 0x55;
    for bytes in [&corrupted[..], &reference[..100], b"not a model"] {
        let error = JsRecognizer::from_model(bytes).err().map(JsValue::from).unwrap();
        assert!(!String::from(js_sys::Error::from(error).message()).is_empty());
    }
}
