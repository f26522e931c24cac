//! Which parts of a page are article text: the text-extraction policy, by element.
//!
//! Decided from the tag name and attributes, never from computed style: it works on detached
//! trees, costs no style recalculation, and gives the same text whether an article is analyzed
//! inline or in a worker.
//!
//! Skipped (neither read nor marked), with everything inside:
//! - elements whose text is not prose or must not be edited: `script`, `style`, `noscript`,
//!   `template`, `textarea`, `input`, `select`, `option`, `optgroup`, `datalist`, `button`,
//!   `code`, `pre`, `kbd`, `samp`, `var`, `svg`, `math`, `iframe`, `object`, `embed`, `canvas`,
//!   `audio`, `video`, `head`, `title`;
//! - ruby annotations, `rt` and `rp`: the base text reads on as if they were not there, so
//!   `<ruby>محمد<rt>Muhammad</rt></ruby>` reads `محمد`;
//! - a `<mark>` kashif did not create (the page's own highlights, whatever attributes they carry);
//! - any element with `data-kashif-skip`, `translate="no"`, `contenteditable` (any value but
//!   `"false"`), `hidden`, `inert` or `aria-hidden="true"`.
//!
//! The root handed to kashif is skipped whole when it carries one of these attributes or is
//! editable (`isContentEditable`, so also inside an editable ancestor or a `designMode` page).
//!
//! A skipped element breaks the text (as a block does) so that no entity joins the words on
//! either side, except `rt`/`rp` and inline elements hidden by `hidden`, `inert` or
//! `aria-hidden`, which are read as if absent.
//!
//! Blocks: the elements HTML renders as blocks by default, whatever a stylesheet makes of them
//! (the HTML Living Standard's rendering section, "flow content" with `display: block`,
//! `list-item` or a table display), plus `br`. Each starts and ends a line of the analyzed text:
//! `address`, `article`, `aside`, `blockquote`, `body`, `br`, `caption`, `center`, `col`,
//! `colgroup`, `dd`, `details`, `dialog`, `dir`, `div`, `dl`, `dt`, `fieldset`, `figcaption`,
//! `figure`, `footer`, `form`, `h1`–`h6`, `header`, `hgroup`, `hr`, `html`, `legend`, `li`,
//! `listing`, `main`, `menu`, `nav`, `ol`, `p`, `plaintext`, `pre`, `search`, `section`,
//! `summary`, `table`, `tbody`, `td`, `tfoot`, `th`, `thead`, `tr`, `ul`, `xmp`.

/// What the walk does with an element.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    /// Read its content; a block also breaks the text before and after it.
    Read {
        /// Whether it is a block (see the module documentation).
        block: bool,
    },
    /// Neither read nor marked, with everything inside.
    Skip {
        /// Whether the text breaks where it stands (see the module documentation).
        breaks: bool,
    },
}

/// What the policy needs to know of an element.
pub(crate) trait ElementView {
    /// The local name, lower case for HTML elements.
    fn name(&self) -> String;
    /// The value of attribute `name`, if present.
    fn attribute(&self, name: &str) -> Option<String>;
    /// Whether it has any attribute: most article elements have none, and asking for each
    /// attribute the policy looks at costs a call each in the browser.
    fn has_attributes(&self) -> bool {
        true
    }
    /// Whether this is a mark that this kashif instance created (not something a page can fake
    /// with attributes).
    fn is_own_mark(&self) -> bool;
}

/// Tags whose content is never article prose.
fn is_skipped_tag(tag: &str) -> bool {
    matches!(
        tag,
        "script"
            | "style"
            | "noscript"
            | "template"
            | "textarea"
            | "input"
            | "select"
            | "option"
            | "optgroup"
            | "datalist"
            | "button"
            | "code"
            | "pre"
            | "kbd"
            | "samp"
            | "var"
            | "svg"
            | "math"
            | "iframe"
            | "object"
            | "embed"
            | "canvas"
            | "audio"
            | "video"
            | "head"
            | "title"
    )
}

/// Elements that start and end a line of text (see the module documentation).
pub(crate) fn is_block(tag: &str) -> bool {
    matches!(
        tag,
        "address"
            | "article"
            | "aside"
            | "blockquote"
            | "body"
            | "br"
            | "caption"
            | "center"
            | "col"
            | "colgroup"
            | "dd"
            | "details"
            | "dialog"
            | "dir"
            | "div"
            | "dl"
            | "dt"
            | "fieldset"
            | "figcaption"
            | "figure"
            | "footer"
            | "form"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "header"
            | "hgroup"
            | "hr"
            | "html"
            | "legend"
            | "li"
            | "listing"
            | "main"
            | "menu"
            | "nav"
            | "ol"
            | "p"
            | "plaintext"
            | "pre"
            | "search"
            | "section"
            | "summary"
            | "table"
            | "tbody"
            | "td"
            | "tfoot"
            | "th"
            | "thead"
            | "tr"
            | "ul"
            | "xmp"
    )
}

/// Attributes that take an element and its content out of the article, whatever its tag:
/// page opt-outs, editable regions, and content hidden from readers.
pub(crate) fn is_excluded_by_attributes(element: &impl ElementView) -> bool {
    if !element.has_attributes() {
        return false;
    }
    element.attribute("data-kashif-skip").is_some()
        || element.attribute("translate").is_some_and(|v| v.trim().eq_ignore_ascii_case("no"))
        || element.attribute("contenteditable").is_some_and(|v| !v.trim().eq_ignore_ascii_case("false"))
        || is_hidden(element)
}

/// `hidden`, `inert` or `aria-hidden="true"`: not shown to readers, or not to all of them.
fn is_hidden(element: &impl ElementView) -> bool {
    if !element.has_attributes() {
        return false;
    }
    element.attribute("hidden").is_some()
        || element.attribute("inert").is_some()
        || element.attribute("aria-hidden").is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
}

/// The role of `element` in the article text.
pub(crate) fn role(element: &impl ElementView) -> Role {
    let tag = element.name();
    let block = is_block(&tag);
    if tag == "mark" && !element.is_own_mark() {
        return Role::Skip { breaks: true };
    }
    if tag == "rt" || tag == "rp" {
        return Role::Skip { breaks: false };
    }
    if is_skipped_tag(&tag) {
        return Role::Skip { breaks: true };
    }
    if is_hidden(element) {
        return Role::Skip { breaks: block };
    }
    if is_excluded_by_attributes(element) {
        return Role::Skip { breaks: true };
    }
    Role::Read { block }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Fake {
        name: &'static str,
        attributes: Vec<(&'static str, &'static str)>,
        own: bool,
    }

    impl ElementView for Fake {
        fn name(&self) -> String {
            self.name.to_owned()
        }
        fn attribute(&self, name: &str) -> Option<String> {
            self.attributes.iter().find(|(n, _)| *n == name).map(|(_, v)| (*v).to_owned())
        }
        fn is_own_mark(&self) -> bool {
            self.own
        }
    }

    fn element(name: &'static str, attributes: &[(&'static str, &'static str)]) -> Fake {
        Fake { name, attributes: attributes.to_vec(), own: false }
    }

    #[test]
    fn prose_elements_are_read_and_blocks_known() {
        assert_eq!(role(&element("p", &[])), Role::Read { block: true });
        assert_eq!(role(&element("td", &[])), Role::Read { block: true });
        assert_eq!(role(&element("br", &[])), Role::Read { block: true });
        assert_eq!(role(&element("figcaption", &[])), Role::Read { block: true });
        assert_eq!(role(&element("b", &[])), Role::Read { block: false });
        assert_eq!(role(&element("a", &[("href", "/x")])), Role::Read { block: false });
        assert_eq!(role(&element("ruby", &[])), Role::Read { block: false });
    }

    #[test]
    fn marks_are_read_only_when_kashif_made_them() {
        let page_mark = element("mark", &[("data-kashif-id", "0"), ("data-kashif-join", "before")]);
        assert_eq!(role(&page_mark), Role::Skip { breaks: true });
        let own = Fake { name: "mark", attributes: vec![], own: true };
        assert_eq!(role(&own), Role::Read { block: false });
    }

    #[test]
    fn annotations_hidden_and_editable_content_are_skipped() {
        assert_eq!(role(&element("rt", &[])), Role::Skip { breaks: false });
        assert_eq!(role(&element("rp", &[])), Role::Skip { breaks: false });
        assert_eq!(role(&element("span", &[("hidden", "")])), Role::Skip { breaks: false });
        assert_eq!(role(&element("div", &[("hidden", "until-found")])), Role::Skip { breaks: true });
        assert_eq!(role(&element("span", &[("aria-hidden", " TRUE ")])), Role::Skip { breaks: false });
        assert_eq!(role(&element("span", &[("aria-hidden", "false")])), Role::Read { block: false });
        assert_eq!(role(&element("section", &[("inert", "")])), Role::Skip { breaks: true });
        assert_eq!(role(&element("div", &[("contenteditable", "")])), Role::Skip { breaks: true });
        assert_eq!(role(&element("div", &[("contenteditable", "plaintext-only")])), Role::Skip { breaks: true });
        assert_eq!(role(&element("div", &[("contenteditable", "false")])), Role::Read { block: true });
        assert_eq!(role(&element("span", &[("translate", "no")])), Role::Skip { breaks: true });
        assert_eq!(role(&element("span", &[("data-kashif-skip", "")])), Role::Skip { breaks: true });
        for tag in ["script", "style", "template", "textarea", "code", "pre", "svg", "button"] {
            assert_eq!(role(&element(tag, &[])), Role::Skip { breaks: true }, "{tag}");
        }
    }
}
