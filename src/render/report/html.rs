//! The HTML form: one self-contained file (inline CSS and SVG, no script, no external
//! assets) that prints on A4. askama escapes every string of the view; the chart SVGs are
//! inserted as they are, their text escaped by plotters.

use super::view::ReportView;
use super::{RenderError, Renderer};
use crate::render::charts;
use askama::Template;

/// HTML-escapes `s` and lets the browser break it after `/`, `-`, `_`, `.` and `:` (paths,
/// hashes and test names in narrow columns).
pub fn breakable(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    let mut run = 0;
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
        run += 1;
        if matches!(c, '/' | '-' | '_' | '.' | ':') || run >= 32 {
            out.push_str("<wbr>");
            run = 0;
        }
    }
    out
}

mod filters {
    /// [`super::breakable`] as a template filter; its output is already escaped.
    #[askama::filter_fn]
    pub fn wbr(
        s: impl std::fmt::Display,
        _: &dyn askama::Values,
    ) -> askama::Result<askama::filters::Safe<String>> {
        Ok(askama::filters::Safe(super::breakable(&s.to_string())))
    }
}

/// A chart ready for the page.
#[derive(Debug)]
struct Figure<'a> {
    title: &'a str,
    caption: &'a str,
    svg: String,
}

#[derive(Template)]
#[template(path = "report/acceptance.html")]
struct Page<'a> {
    v: &'a ReportView,
    generator: &'a str,
    charts: Vec<Figure<'a>>,
}

/// Renders the report as HTML.
#[derive(Clone, Copy, Debug, Default)]
pub struct Html;

impl Renderer for Html {
    fn extension(&self) -> &'static str {
        "html"
    }

    fn render(&self, v: &ReportView) -> Result<Vec<u8>, RenderError> {
        let charts = v
            .charts
            .iter()
            .map(|c| {
                Ok(Figure {
                    title: &c.title,
                    caption: &c.caption,
                    svg: charts::svg(&c.spec)?,
                })
            })
            .collect::<Result<Vec<_>, RenderError>>()?;
        let page = Page {
            v,
            generator: &v.generator,
            charts,
        };
        Ok(page.render()?.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::breakable;

    #[test]
    fn breakable_text_is_escaped() {
        assert_eq!(breakable("a/b"), "a/<wbr>b");
        assert_eq!(breakable("<x>&\"'"), "&lt;x&gt;&amp;&quot;&#39;");
        assert_eq!(breakable(&"f".repeat(64)).matches("<wbr>").count(), 2);
    }
}
