//! Highlighting, decided without a DOM: which text of a page is article text (the policy), the
//! walk that joins it into the text the recognizer reads (over any [`text::Tree`]), and which
//! runs of which text nodes to wrap in marks. The browser layer (`wasm/dom.rs`) only reads the
//! DOM through a [`text::Tree`] and carries out a [`plan::Plan`]; everything here is tested
//! natively.
//!
//! Compiled for the browser build and for native tests: native builds have no DOM to use it on.

pub(crate) mod plan;
pub(crate) mod policy;
pub(crate) mod text;

#[cfg(test)]
mod tests;
