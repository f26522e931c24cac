//! The browser layer in a real browser: headless Chromium through wasm-bindgen-test-runner
//! (scripts/test-browser.sh). These tests sit inside the crate so they can drive the DOM code
//! directly; tests/e2e/ tests the same code through the published JavaScript API.

use js_sys::{Array, JsString, Reflect};
use wasm_bindgen::prelude::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Document, Element, Node};

use super::convert::filter_arg;
use super::dom::{self, clear, collect, Article, Marking};
use super::{highlight, JsRecognizer, Reader};
use crate::marks::plan::{Filter, Found, Marked, Planner};
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
    Found { start, end, label, score: 0.9, value: None, entity: None }
}

fn all_labels() -> Filter {
    Filter::default()
}

/// Marks `found` in `article` at once, as `markEntities` does.
fn mark(article: &Article, found: &[Found], filter: &Filter) -> Vec<Marked> {
    let mut marking = Marking::new(Planner::new(article, found.to_vec(), filter, 0));
    marking.step(article, usize::MAX).unwrap();
    marking.marked().cloned().collect()
}

/// UTF-16 offset of `needle` in `haystack`.
fn utf16_find(haystack: &str, needle: &str) -> usize {
    haystack[..haystack.find(needle).unwrap()].encode_utf16().count()
}

fn mark_word(root: &Element, word: &str, label: Label) -> Article {
    let article = collect(root);
    let start = utf16_find(&article.text, word);
    let end = start + word.encode_utf16().count();
    mark(&article, &[found(start, end, label)], &all_labels());
    article
}

fn highlight_all(root: &Element) -> Array {
    highlight(root.clone().into(), None).unwrap().unchecked_into()
}

/// The message of a thrown `TypeError` (failing the test if it is anything else).
fn type_error_message(thrown: JsValue) -> String {
    assert!(thrown.is_instance_of::<js_sys::TypeError>(), "expected a TypeError, got {thrown:?}");
    String::from(thrown.unchecked_into::<js_sys::Error>().message())
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
        let entities: Array = recognizer.analyze(text.clone().into(), None).unwrap().unchecked_into();
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
    let with_progress = recognizer.analyze_with_progress(text.clone().into(), record.as_ref().clone(), None).unwrap();
    let plain = recognizer.analyze(text.clone().into(), None).unwrap();
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
    let error = recognizer.analyze_with_progress(text.clone().into(), throws.into(), None).err().unwrap();
    assert!(String::from(js_sys::Error::from(error).message()).contains("stop"));
}

#[wasm_bindgen_test]
fn text_with_only_odd_characters_gives_no_error() {
    let recognizer = JsRecognizer::new().unwrap();
    for text in ["", "\n\n\n", "\u{200F}\u{200E}\u{0640}\u{064B}", "🙂🙃", "a\u{0000}b"] {
        assert!(recognizer.analyze(JsString::from(text).into(), None).is_ok(), "{text:?}");
    }
    let lone = JsString::from_char_code1(0xDBFF);
    assert!(recognizer.analyze(lone.into(), None).is_ok());
}

#[wasm_bindgen_test]
fn blocks_break_sentences_and_skipped_elements_are_not_read() {
    let root = fixture(
        "<p>زار <b>بوتين</b> موسكو</p><p>ثم عاد<br>إلى بكين</p>\
         <pre>لا</pre><code>لا</code><mark>لا</mark><script>var x = 1;</script><style>p{}</style>\
         <textarea>لا</textarea><span data-kashif-skip>لا</span><span translate=\"no\">لا</span>\
         <div>آخر</div>",
    );
    let article = collect(&root);
    assert_eq!(article.text, "زار بوتين موسكو\nثم عاد\nإلى بكين\nآخر");
    mark_word(&root, "بوتين موسكو", Label::Per);
    assert_eq!(collect(&root).text, article.text, "kashif's own marks are read through");
    root.remove();
}

#[wasm_bindgen_test]
fn line_breaks_inside_a_paragraph_are_spaces() {
    let root = fixture("<p>زار بوتين\nموسكو</p>");
    assert_eq!(collect(&root).text, "زار بوتين موسكو");
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
    let article = collect(&root);
    let start = utf16_find(&article.text, "بوتين");
    mark(&article, &[found(start, start + 5, Label::Per)], &all_labels());
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
    let article = collect(&root);
    let spans: Vec<Found> = [("بوتين", Label::Per), ("موسكو", Label::Loc), ("بكين", Label::Loc)]
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&article.text, word);
            found(start, start + word.encode_utf16().count(), *label)
        })
        .collect();
    let marked = mark(&article, &spans, &all_labels());
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
    let article = collect(&root);
    let spans = [
        found(4, 9, Label::Per),
        found(6, 12, Label::Loc),   // overlaps the first: dropped
        found(10, 100, Label::Loc), // past the end: dropped
        found(3, 3, Label::Loc),    // empty: dropped
    ];
    let marked = mark(&article, &spans, &all_labels());
    assert_eq!(marks(&root).len(), 1);
    assert_eq!(super::to_js(&marked).map(|m| m.unchecked_into::<Array>().length()).ok(), Some(1));
    clear(&root);
    // Labels are filtered before overlaps are resolved: an entity left out blocks nothing.
    let only_loc = filter_arg("test", Some(&js(r#"{"labels": ["LOC"]}"#))).unwrap();
    mark(&collect(&root), &spans, &only_loc);
    let texts: Vec<String> = marks(&root).iter().map(|m| m.text_content().unwrap()).collect();
    assert_eq!(texts, ["تين مو"]);
    clear(&root);
    assert_eq!(root.inner_html(), "<p>زار بوتين موسكو</p>");
    root.remove();

    let bad = js(r#"{"labels": ["NOPE"]}"#);
    assert!(filter_arg("test", Some(&bad)).is_err());
    let bad = js(r#"{"minScore": "high"}"#);
    assert!(filter_arg("test", Some(&bad)).is_err());
}

#[wasm_bindgen_test]
fn highlight_with_the_model_is_idempotent_and_clear_restores() {
    let html = "<h2>زيارة</h2><p>زار الرئيس الروسي فلاديمير <i>بوتين</i> العاصمة الصينية بكين \
                يوم الاثنين، والتقى الرئيس الصيني شي جين بينغ.</p>\
                <p>&lt;img src=x onerror=alert(1)&gt; وقال وزير الخارجية سيرغي لافروف في موسكو.</p>";
    let root = fixture(html);
    let original = root.inner_html();
    let node: &Node = &root;
    let first = highlight_all(&root);
    assert!(first.length() >= 3, "expected entities, got {}", first.length());
    let once = root.inner_html();
    let second = highlight_all(&root);
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
    let text = collect(&root).text;
    let spans: Vec<Found> = words
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&text, word);
            found(start, start + word.encode_utf16().count(), *label)
        })
        .collect();
    mark(&collect(&root), &spans, &all_labels());
    let at_once = root.inner_html();
    clear(&root);
    assert_eq!(root.inner_html(), html);
    let article = collect(&root);
    let mut marking = Marking::new(Planner::new(&article, spans.clone(), &all_labels(), 0));
    let mut steps = 0;
    while !marking.step(&article, 1).unwrap() {
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
fn preferred_blocks_are_marked_first_and_the_rest_in_document_order() {
    let html = "<p>زار <i>بوتين</i> موسكو</p><p>ثم بكين</p><p>وقال لافروف</p><p>في باريس</p>";
    let words = [("بوتين", Label::Per), ("موسكو", Label::Loc), ("بكين", Label::Loc), ("لافروف", Label::Per), ("باريس", Label::Loc)];
    let root = fixture(html);
    let article = collect(&root);
    let spans: Vec<Found> = words
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&article.text, word);
            found(start, start + word.encode_utf16().count(), *label)
        })
        .collect();
    mark(&article, &spans, &all_labels());
    let at_once = root.inner_html();
    clear(&root);
    let paragraphs = root.query_selector_all("p").unwrap();
    let mut marking = Marking::new(Planner::new(&article, spans.clone(), &all_labels(), 0));
    let (second, third): (Node, Node) = (paragraphs.item(1).unwrap(), paragraphs.item(2).unwrap());
    let range = dom::text_range(&article, &second, &third);
    marking.prefer(marking.planner().range_of_text(&article, range.start, range.end));
    let mut order = Vec::new();
    while !marking.step(&article, 1).unwrap() {
        order.extend(marking.placed().iter().map(|m| m.unchecked_into::<Node>().text_content().unwrap_or_default()));
    }
    order.extend(marking.placed().iter().map(|m| m.unchecked_into::<Node>().text_content().unwrap_or_default()));
    assert_eq!(order, ["بكين", "لافروف", "بوتين", "موسكو", "باريس"]);
    assert_eq!(root.inner_html(), at_once, "the same marks, ids included, as at once");
    assert_eq!(marking.marked().map(|m| m.id).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
    clear(&root);
    assert_eq!(root.inner_html(), html);
    root.remove();
}

#[wasm_bindgen_test]
fn reading_and_marking_in_slices_gives_the_same_text_and_dom_as_at_once() {
    let html = "<div><p>زار <i>بوتين</i> موسكو</p><ul><li>ثم بكين</li></ul></div><p>وقال <b>لافروف</b></p>";
    let words = [("بوتين", "PER"), ("موسكو", "LOC"), ("بكين", "LOC"), ("لافروف", "PER")];
    let root = fixture(html);
    let text = collect(&root).text;
    let entities: Vec<String> = words
        .iter()
        .map(|(word, label)| {
            let start = utf16_find(&text, word);
            format!(r#"{{"start":{start},"end":{},"label":"{label}","score":0.9}}"#, start + word.encode_utf16().count())
        })
        .collect();
    let all = js(&format!("[{}]", entities.join(",")));
    let at_once = super::mark_entities(root.clone().into(), all.clone(), None).unwrap();
    let marked_html = root.inner_html();

    // Slices of one node, one mark, one entity: the earlier marks are cleared first.
    let mut reader = Reader::new(root.clone().into()).unwrap();
    let mut steps = 0;
    while !reader.clear(1.into()).unwrap() {
        steps += 1;
    }
    assert_eq!(steps + 1, 4, "four marks, one a step");
    assert_eq!(root.inner_html(), html);
    while !reader.read(1.into()).unwrap() {}
    assert_eq!(reader.text(), text);
    for entity in entities {
        reader.add_entities(js(&format!("[{entity}]"))).unwrap();
    }
    let mut marker = reader.marker(None).unwrap();
    while !marker.step(1.into()).unwrap() {}
    assert_eq!(root.inner_html(), marked_html);
    assert_eq!(marker.count(), 4);
    let listed = Array::new();
    for index in 0..marker.count() {
        listed.push(&marker.entities_slice(index.into(), (index + 1).into()).unwrap().unchecked_into::<Array>().get(0));
    }
    assert_eq!(js_sys::JSON::stringify(&listed).unwrap(), js_sys::JSON::stringify(&at_once).unwrap());
    clear(&root);
    assert_eq!(root.inner_html(), html);
    root.remove();
}

#[wasm_bindgen_test]
fn another_model_loads_from_bytes_and_a_corrupted_one_is_an_error() {
    let reference = include_bytes!("../../models/kashif-reference.model");
    let recognizer = JsRecognizer::from_model(js_sys::Uint8Array::from(&reference[..]).into()).unwrap();
    let text = JsString::from("نهر النيل أطول أنهار أفريقيا، ويمر عبر السودان ومصر.");
    let entities: Array = recognizer.analyze(text.into(), None).unwrap().unchecked_into();
    let labels: Vec<String> = entities.iter().map(|e| get(&e, "label").as_string().unwrap()).collect();
    assert!(labels.iter().any(|l| l == "LOC"), "{labels:?}");
    let mut corrupted = reference.to_vec();
    let middle = corrupted.len() / 2;
    corrupted[middle] ^= 0x55;
    for bytes in [&corrupted[..], &reference[..100], b"not a model"] {
        let error = JsRecognizer::from_model(js_sys::Uint8Array::from(bytes).into()).err().unwrap();
        assert!(!String::from(js_sys::Error::from(error).message()).is_empty());
    }
}

/// The block (as `closest` finds it) that holds `mark`.
fn block_of(mark: &Element) -> Option<Element> {
    mark.closest("p, td, th, li, h1, h2, h3, blockquote, figcaption, div").ok().flatten()
}

#[wasm_bindgen_test]
fn no_entity_crosses_a_block() {
    let cases = [
        "<p>وصل الوفد إلى العاصمة في 28</p><p>يوليو 2021 بعد رحلة طويلة.</p>",
        "<table><tr><td>الإيرادات 5</td><td>مليار دولار</td></tr></table>",
        "<ul><li>التقى الوزير محمد</li><li>علي رئيس البلدية</li></ul>",
        "<p>اجتمع المجلس في 3<br>مارس 2020 في القاهرة.</p>",
        "<blockquote>قال الوزير في 12</blockquote><p>يناير 2019 إن الاتفاق قائم.</p>",
        "<figure><figcaption>صورة من 15</figcaption></figure><p>أغسطس 2018 في بيروت.</p>",
        "<h2>زيارة 7</h2><p>مايو 2022 إلى عمّان.</p>",
    ];
    for html in cases {
        let root = fixture(html);
        let original = root.inner_html();
        let text = collect(&root).text;
        assert!(text.contains('\n'), "the blocks of {html:?} are apart: {text:?}");
        let found = highlight_all(&root);
        for entity in found.iter() {
            let entity_text = get(&entity, "text").as_string().unwrap();
            assert!(!entity_text.contains('\n'), "{html:?}: {entity_text:?} crosses a block");
            let value = get(&entity, "value").as_string().unwrap_or_default();
            assert!(!value.contains("5000000000"), "{html:?}: {value:?} joins two cells");
        }
        let all = marks(&root);
        for mark in &all {
            for other in all.iter().filter(|m| m.get_attribute("data-kashif-id") == mark.get_attribute("data-kashif-id")) {
                assert_eq!(block_of(mark), block_of(other), "{html:?}: one entity in two blocks");
            }
        }
        clear(&root);
        assert_eq!(root.inner_html(), original);
        root.remove();
    }
}

#[wasm_bindgen_test]
fn page_marks_survive_highlight_and_clear_byte_identical() {
    let html = "<p>زار الرئيس الروسي فلاديمير بوتين العاصمة الصينية بكين. \
                <mark data-kashif-id=\"0\" data-kashif-label=\"PER\">شي جين بينغ</mark> \
                رحّب <mark data-kashif-join=\"before after\">بالضيف</mark> في بكين.</p>";
    let root = fixture(html);
    let text = collect(&root).text;
    assert!(!text.contains("شي جين") && !text.contains("بالضيف"), "page marks are not read: {text:?}");
    let found = highlight_all(&root);
    assert!(found.length() >= 2, "expected entities in {text:?}");
    let own = super::kashif_marks(root.clone().into()).unwrap();
    assert_eq!(own.length() as usize, root.query_selector_all("mark").unwrap().length() as usize - 2);
    let pristine = fixture(html);
    clear(&root);
    assert_eq!(root.inner_html(), html);
    assert_eq!(
        root.first_child().unwrap().child_nodes().length(),
        pristine.first_child().unwrap().child_nodes().length(),
        "the same nodes: text next to a page mark is not merged into it"
    );
    pristine.remove();
    assert_eq!(root.query_selector_all("mark").unwrap().length(), 2, "the page's marks stay");
    root.remove();
}

#[wasm_bindgen_test]
fn ruby_annotations_are_not_read() {
    let html = "<p>استقبل الأمير <ruby>محمد<rp>(</rp><rt>Muhammad</rt><rp>)</rp></ruby> بن سلمان الوفد في الرياض.</p>";
    let root = fixture(html);
    let text = collect(&root).text;
    assert_eq!(text, "استقبل الأمير محمد بن سلمان الوفد في الرياض.");
    highlight_all(&root);
    assert!(root.query_selector("rt mark, rp mark").unwrap().is_none(), "nothing marked inside rt/rp");
    clear(&root);
    assert_eq!(root.inner_html(), html);
    root.remove();
}

#[wasm_bindgen_test]
fn editable_and_hidden_content_is_left_alone() {
    let sentence = "زار الرئيس الروسي فلاديمير بوتين العاصمة الصينية بكين.";
    for html in [
        format!("<div contenteditable=\"true\"><p>{sentence}</p></div><p>نص</p>"),
        format!("<p hidden>{sentence}</p><p>نص</p>"),
        format!("<p><span aria-hidden=\"true\">{sentence}</span> نص</p>"),
        format!("<section inert><p>{sentence}</p></section><p>نص</p>"),
    ] {
        let root = fixture(&html);
        assert!(!collect(&root).text.contains("بوتين"), "{html}");
        highlight_all(&root);
        assert!(marks(&root).is_empty(), "{html}");
        root.remove();
    }
    // An editable root, itself or through an ancestor: nothing read, nothing marked.
    let root = fixture(&format!("<p>{sentence}</p>"));
    root.set_attribute("contenteditable", "").unwrap();
    assert_eq!(collect(&root).text, "");
    assert_eq!(highlight_all(&root).length(), 0);
    root.remove();
    let outer = fixture(&format!("<div><p>{sentence}</p></div>"));
    outer.set_attribute("contenteditable", "true").unwrap();
    let inner: Element = outer.first_element_child().unwrap();
    assert_eq!(super::article_text(inner.clone().into()).unwrap(), "");
    assert_eq!(highlight_all(&inner).length(), 0);
    assert!(marks(&outer).is_empty());
    outer.remove();
    // The same text with nothing in the way is marked.
    let root = fixture(&format!("<p>{sentence}</p>"));
    assert!(highlight_all(&root).length() >= 2);
    root.remove();
}

#[wasm_bindgen_test]
fn many_entities_in_one_long_text_node_round_trip() {
    let sentence = "التقى بوتين في موسكو ثم سافر إلى بكين. ";
    let html = format!("<p>{}</p>", sentence.repeat(300));
    let root = fixture(&html);
    let article = collect(&root);
    let spans: Vec<Found> = article
        .text
        .match_indices("بوتين")
        .map(|(at, word)| {
            let start = article.text[..at].encode_utf16().count();
            found(start, start + word.encode_utf16().count(), Label::Per)
        })
        .collect();
    // In slices, a long text node is cut over several calls: the same DOM in the end, and the
    // whole text on the page after every call; clearing halfway puts it back too.
    mark(&article, &spans, &all_labels());
    let at_once = root.inner_html();
    clear(&root);
    for (slice, stop_after) in [(7, usize::MAX), (50, 3)] {
        let mut marking = Marking::new(Planner::new(&article, spans.clone(), &all_labels(), 0));
        let mut calls = 0;
        while !marking.step(&article, slice).unwrap() {
            calls += 1;
            assert_eq!(root.text_content().unwrap(), sentence.repeat(300), "the text is all there between slices");
            if calls == stop_after {
                break;
            }
        }
        assert!(calls >= 3);
        if stop_after == usize::MAX {
            assert_eq!(root.inner_html(), at_once);
        }
        clear(&root);
        assert_eq!(root.inner_html(), html);
        assert_eq!(root.first_child().unwrap().child_nodes().length(), 1);
    }
    let marked = mark(&article, &spans, &all_labels());
    assert_eq!(marked.len(), 300);
    assert_eq!(marks(&root).len(), 300);
    assert!(marks(&root).iter().all(|m| m.text_content().as_deref() == Some("بوتين")));
    assert_eq!(collect(&root).text, article.text, "the marked article reads the same");
    let paragraph = root.first_child().unwrap();
    let original_node = article.pieces[0].node.clone();
    clear(&root);
    assert_eq!(root.inner_html(), html);
    assert_eq!(paragraph.child_nodes().length(), 1);
    assert!(paragraph.first_child().unwrap() == original_node, "the original text node is put back");
    root.remove();
}

#[wasm_bindgen_test]
fn bad_arguments_throw_type_errors_that_say_what_was_wrong() {
    let recognizer = JsRecognizer::new().unwrap();
    let message = type_error_message(recognizer.analyze(42.into(), None).err().unwrap());
    assert_eq!(message, "Recognizer.analyze: text must be a string, got number");
    let message = type_error_message(recognizer.analyze(JsValue::NULL, None).err().unwrap());
    assert_eq!(message, "Recognizer.analyze: text must be a string, got null");
    let message = type_error_message(recognizer.analyze_with_progress("نص".into(), JsValue::from("f"), None).err().unwrap());
    assert_eq!(message, "Recognizer.analyzeWithProgress: onProgress must be a function, got string");

    let message = type_error_message(highlight(JsValue::NULL, None).err().unwrap());
    assert!(message.starts_with("highlight: root must be a DOM node"), "{message}");
    assert!(message.ends_with("got null"), "{message}");
    let root = fixture("<p>زار بوتين موسكو</p>");
    let node: JsValue = root.clone().into();
    let message = type_error_message(highlight(node.clone(), Some(js(r#"{"labels": "PER"}"#))).err().unwrap());
    assert!(message.starts_with("highlight: invalid highlight options: labels must be an array of label names (PER, LOC,"), "{message}");
    assert!(message.ends_with("got string"), "{message}");
    let message = type_error_message(highlight(node.clone(), Some(js(r#"{"labels": ["PER", "NOPE"]}"#))).err().unwrap());
    assert!(message.starts_with(r#"highlight: unknown label "NOPE" in options.labels[1] (label names: PER,"#), "{message}");
    let message = type_error_message(highlight(node.clone(), Some(js(r#"{"minScore": "high"}"#))).err().unwrap());
    assert_eq!(message, "highlight: invalid highlight options: minScore must be a finite number, got string");
    let message = type_error_message(highlight(node.clone(), Some("PER".into())).err().unwrap());
    assert!(message.starts_with("highlight: invalid highlight options: options must be an object"), "{message}");

    let message =
        type_error_message(super::mark_entities(node.clone(), js(r#"[{"start": "1", "end": 3, "label": "PER"}]"#), None).err().unwrap());
    assert_eq!(message, "markEntities: invalid entities: entities[0].start must be a non-negative integer (a UTF-16 offset), got string");
    let message =
        type_error_message(super::mark_entities(node.clone(), js(r#"[{"start": 1, "end": 3, "label": "X"}]"#), None).err().unwrap());
    assert!(message.starts_with(r#"markEntities: unknown label "X" in entities[0].label"#), "{message}");
    let message = type_error_message(super::mark_entities(node.clone(), js(r#"{"start": 1}"#), None).err().unwrap());
    assert!(message.starts_with("markEntities: invalid entities: entities must be an array"), "{message}");
    assert!(message.ends_with("got an object"), "{message}");
    let message = type_error_message(super::clear(JsValue::from(7)).err().unwrap());
    assert!(message.starts_with("clear: root must be a DOM node"), "{message}");
    let message = type_error_message(super::article_text(JsValue::UNDEFINED).err().unwrap());
    assert!(message.ends_with("got undefined"), "{message}");

    let mut marker = super::Marker::new(node.clone(), js("[]"), None).unwrap();
    let message = type_error_message(marker.step("all".into()).err().unwrap());
    assert_eq!(message, "Marker.step: count must be a non-negative number, got string");
    assert!(marker.step(f64::INFINITY.into()).unwrap());
    let mut reader = Reader::new(node.clone()).unwrap();
    let message = type_error_message(reader.clear(JsValue::from(-1)).err().unwrap());
    assert_eq!(message, "Reader.clear: count must be a non-negative number, got number");
    let message = type_error_message(Reader::new(js("{}")).err().unwrap());
    assert_eq!(message, "new Reader: root must be a DOM node (an element, a document or a fragment), got an object");
    let message = type_error_message(JsRecognizer::from_model("model".into()).err().unwrap());
    assert!(message.starts_with("Recognizer.fromModel: bytes must be an ArrayBuffer or a typed array"), "{message}");
    let message = type_error_message(super::fold_arabic(js("[1]")).err().unwrap());
    assert_eq!(message, "foldArabic: text must be a string, got an array");
    root.remove();
}

#[wasm_bindgen_test]
fn string_objects_and_array_buffers_are_accepted() {
    let recognizer = JsRecognizer::new().unwrap();
    let sentence = "زار الرئيس الروسي فلاديمير بوتين العاصمة الصينية بكين";
    let boxed = js_sys::eval(&format!("new String({sentence:?})")).unwrap();
    assert!(boxed.is_object());
    let from_object = js_sys::JSON::stringify(&recognizer.analyze(boxed, None).unwrap()).unwrap();
    let from_string = js_sys::JSON::stringify(&recognizer.analyze(sentence.into(), None).unwrap()).unwrap();
    assert_eq!(from_object, from_string);

    let reference = include_bytes!("../../models/kashif-reference.model");
    let bytes = js_sys::Uint8Array::from(&reference[..]);
    let text: JsValue = "نهر النيل أطول أنهار أفريقيا، ويمر عبر السودان ومصر.".into();
    let expected =
        js_sys::JSON::stringify(&JsRecognizer::from_model(bytes.clone().into()).unwrap().analyze(text.clone(), None).unwrap()).unwrap();
    // An ArrayBuffer, as `await response.arrayBuffer()` gives; a view into a larger buffer; a DataView.
    let padded = js_sys::Uint8Array::new_with_length(reference.len() as u32 + 16);
    padded.set(&bytes, 8);
    let view = padded.subarray(8, 8 + reference.len() as u32);
    let data_view = js_sys::DataView::new(&padded.buffer(), 8, reference.len());
    for input in [JsValue::from(bytes.buffer()), view.into(), data_view.into()] {
        let recognizer = JsRecognizer::from_model(input).unwrap();
        assert_eq!(js_sys::JSON::stringify(&recognizer.analyze(text.clone(), None).unwrap()).unwrap(), expected);
    }
}

#[wasm_bindgen_test]
fn labels_and_folding_come_from_the_library() {
    let labels: Vec<String> = super::labels().iter().map(|l| l.as_string().unwrap()).collect();
    assert_eq!(labels, Label::ALL.iter().map(|l| l.as_str()).collect::<Vec<_>>());
    let folded = super::fold_arabic("أحمد إبراهيم مُحَمَّـد ی ک ٢٠٢١".into()).unwrap();
    assert_eq!(folded, "احمد ابراهيم محمد ي ك 2021");
    assert_eq!(folded, crate::text::normalize_word("أحمد إبراهيم مُحَمَّـد ی ک ٢٠٢١"));
}

#[wasm_bindgen_test]
fn clearing_in_slices_leaves_page_marks_alone_too() {
    let html = "<p>زار الرئيس الروسي فلاديمير بوتين موسكو \
                <mark data-kashif-id=\"1\" data-kashif-join=\"after\">ثم</mark> بكين.</p>";
    let root = fixture(html);
    let original = root.inner_html();
    assert!(highlight_all(&root).length() >= 1);
    let mut reader = Reader::new(root.clone().into()).unwrap();
    while !reader.clear(1.into()).unwrap() {}
    assert_eq!(root.inner_html(), original);
    while !reader.read(1.into()).unwrap() {}
    assert_eq!(reader.text(), collect(&root).text);
    assert!(!reader.text().contains("ثم"), "the page's mark is not read");
    assert_eq!(super::kashif_marks(root.clone().into()).unwrap().length(), 0);
    root.remove();
}

/// How many `<mark>`s `root` (of any window) holds.
fn marks_in(root: &JsValue) -> u32 {
    let select = js_sys::Function::new_with_args("root", "return root.querySelectorAll('mark').length");
    select.call1(&JsValue::NULL, root).unwrap().as_f64().unwrap() as u32
}

#[wasm_bindgen_test]
fn nodes_of_another_window_are_nodes_and_look_alikes_are_not() {
    let document = document();
    let frame = document.create_element("iframe").unwrap();
    document.body().unwrap().append_child(&frame).unwrap();
    let inner = Reflect::get(&frame, &"contentDocument".into()).unwrap();
    let body = Reflect::get(&inner, &"body".into()).unwrap();
    assert!(!body.is_instance_of::<Node>(), "another window's Node");
    Reflect::set(&body, &"textContent".into(), &"زار الرئيس الروسي فلاديمير بوتين موسكو".into()).unwrap();
    assert!(super::article_text(body.clone()).unwrap().contains("بوتين"));
    let original = Reflect::get(&body, &"innerHTML".into()).unwrap();
    let marked: Array = highlight(body.clone(), None).unwrap().unchecked_into();
    assert!(marked.length() >= 1);
    let once = Reflect::get(&body, &"innerHTML".into()).unwrap();
    assert_ne!(once, original);
    highlight(body.clone(), None).unwrap();
    assert_eq!(Reflect::get(&body, &"innerHTML".into()).unwrap(), once, "the first marks were found and cleared");
    assert_eq!(super::kashif_marks(body.clone()).unwrap().length(), marks_in(&body));
    super::clear(body.clone()).unwrap();
    assert_eq!(Reflect::get(&body, &"innerHTML".into()).unwrap(), original);
    frame.remove();
    let fake = js(r#"{"nodeType": 1, "nodeName": "DIV"}"#);
    assert!(type_error_message(super::article_text(fake).err().unwrap()).starts_with("articleText: root must be a DOM node"));
}

#[wasm_bindgen_test]
fn relative_dates_resolve_against_the_anchor_option() {
    let recognizer = JsRecognizer::new().unwrap();
    let value_of = |entities: &JsValue, span: &str| -> Option<String> {
        let entities: Array = entities.clone().unchecked_into();
        entities.iter().find(|e| get(e, "text").as_string().as_deref() == Some(span)).and_then(|e| get(&e, "value").as_string())
    };
    let text = "قال المتحدث أمس إن الوفد يصل الأحد المقبل.";
    let anchored = recognizer.analyze(text.into(), Some(js(r#"{"anchor": "2021-07-28"}"#))).unwrap();
    assert_eq!(value_of(&anchored, "أمس").as_deref(), Some("2021-07-27"));
    assert_eq!(value_of(&anchored, "الأحد المقبل").as_deref(), Some("2021-08-01"));
    let by_date = recognizer.analyze(text.into(), Some(js_sys::eval("({anchor: new Date(2021, 6, 28)})").unwrap())).unwrap();
    assert_eq!(value_of(&by_date, "أمس").as_deref(), Some("2021-07-27"));
    let unanchored = recognizer.analyze(text.into(), None).unwrap();
    assert_eq!(value_of(&unanchored, "أمس").as_deref(), Some("XXXX-XX-XX"));
    let entities: Array = unanchored.unchecked_into();
    let yesterday = entities.iter().find(|e| get(e, "text").as_string().as_deref() == Some("أمس")).unwrap();
    assert_eq!(get(&yesterday, "offset").as_string().as_deref(), Some("-P1D"));
    let with_progress = recognizer
        .analyze_with_progress(text.into(), js_sys::Function::new_no_args("").into(), Some(js(r#"{"anchor": "2021-07-28"}"#)))
        .unwrap();
    assert_eq!(value_of(&with_progress, "أمس").as_deref(), Some("2021-07-27"));
    for (bad, says) in [(r#"{"anchor": "2021-02-30"}"#, "is not a calendar date"), (r#"{"anchor": 5}"#, "must be a date string")] {
        let message = type_error_message(recognizer.analyze(text.into(), Some(js(bad))).err().unwrap());
        assert!(message.starts_with("Recognizer.analyze: options.anchor") && message.contains(says), "{message}");
    }
    // highlight resolves against it too.
    let root = fixture("<p>وصل الوفد أمس إلى القاهرة.</p>");
    let marked: Array = highlight(root.clone().into(), Some(js(r#"{"anchor": "2020-01-01"}"#))).unwrap().unchecked_into();
    let date = marked.iter().find(|e| get(e, "label").as_string().as_deref() == Some("DATE")).expect("a date");
    assert_eq!(get(&date, "value").as_string().as_deref(), Some("2019-12-31"));
    clear(&root);
}

#[wasm_bindgen_test]
fn mentions_are_grouped_into_entities_with_glosses() {
    let recognizer = JsRecognizer::new().unwrap();
    let text = "قال وزير الدفاع الروسي سيرجي شويجو إن الصين شريك، وأضاف شويجو أن التعاون مع للصين يتعمق.";
    let analysis = recognizer.analyze_entities(text.into(), None).unwrap();
    let entities: Array = get(&analysis, "entities").unchecked_into();
    let groups: Array = get(&analysis, "groups").unchecked_into();
    let group_of = |span: &str| -> Option<u32> {
        entities
            .iter()
            .find(|e| get(e, "text").as_string().as_deref() == Some(span))
            .and_then(|e| get(&e, "entity").as_f64())
            .map(|g| g as u32)
    };
    let shoigu = group_of("سيرجي شويجو").expect("the full name");
    assert_eq!(group_of("شويجو"), Some(shoigu));
    let china = group_of("الصين").expect("China");
    assert_eq!(group_of("لصين"), Some(china));
    let group = groups.get(china);
    assert_eq!(get(&group, "name").as_string().as_deref(), Some("الصين"));
    assert!(get(&group, "gloss").is_undefined(), "no gloss before a glossary is given");
    // `analyze` gives the same entity ids.
    let plain: Array = recognizer.analyze(text.into(), None).unwrap().unchecked_into();
    let ids = |list: &Array| -> Vec<JsValue> { list.iter().map(|e| get(&e, "entity")).collect() };
    assert_eq!(format!("{:?}", ids(&plain)), format!("{:?}", ids(&entities)));
    // With the gloss table, groups carry English names.
    let table = include_bytes!("../../models/glosses.bin");
    let glossary = super::JsGlossary::from_bytes(js_sys::Uint8Array::from(&table[..]).into()).unwrap();
    assert_eq!(glossary.gloss("الصين".into(), "LOC".into()).unwrap().as_deref(), Some("China"));
    recognizer.use_glossary(&glossary);
    let glossed = recognizer.analyze_entities(text.into(), None).unwrap();
    let groups: Array = get(&glossed, "groups").unchecked_into();
    assert_eq!(get(&groups.get(china), "gloss").as_string().as_deref(), Some("China"));
    assert!(get(&groups.get(shoigu), "gloss").as_string().unwrap_or_default().ends_with("Shoigu"));
    // `glossGroup` glosses the groups of the unglossed analysis as the glossed one does.
    let unglossed: Array = get(&analysis, "groups").unchecked_into();
    for (plain, glossed) in unglossed.iter().zip(groups.iter()) {
        let mentions: Array = get(&plain, "mentions").unchecked_into();
        let texts: Array = mentions.iter().map(|m| get(&entities.get(m.as_f64().unwrap() as u32), "text")).collect();
        let gloss = glossary.gloss_group(get(&plain, "name"), get(&plain, "label"), texts.into()).unwrap();
        assert_eq!(gloss, get(&glossed, "gloss").as_string());
    }
    let message =
        type_error_message(glossary.gloss_group("الصين".into(), "LOC".into(), js_sys::Array::of1(&7.into()).into()).err().unwrap());
    assert!(message.starts_with("Glossary.glossGroup: mentions[0] must be a string"), "{message}");
    let message = type_error_message(glossary.gloss_group("الصين".into(), "LOC".into(), "الصين".into()).err().unwrap());
    assert!(message.starts_with("Glossary.glossGroup: mentions must be an array of strings"), "{message}");
    // A corrupted table, a wrong label: errors, not panics.
    let error = super::JsGlossary::from_bytes(js_sys::Uint8Array::from(&table[..table.len() / 2]).into()).err().unwrap();
    assert!(!String::from(js_sys::Error::from(error).message()).is_empty());
    let message = type_error_message(glossary.gloss("الصين".into(), "CITY".into()).err().unwrap());
    assert!(message.starts_with("Glossary.gloss: label must be a label name"), "{message}");
    // Marked entities carry their entity ids.
    let root = fixture("<p>التقى شويجو في موسكو. ثم عاد شويجو إلى موسكو.</p>");
    let marked: Array = highlight(root.clone().into(), None).unwrap().unchecked_into();
    let moscow: Vec<JsValue> =
        marked.iter().filter(|e| get(e, "text").as_string().as_deref() == Some("موسكو")).map(|e| get(&e, "entity")).collect();
    assert_eq!(moscow.len(), 2);
    assert!(moscow[0].as_f64().is_some() && moscow[0].as_f64() == moscow[1].as_f64(), "{moscow:?}");
    clear(&root);
}
