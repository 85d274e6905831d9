//! The trend report as one self-contained HTML file, in the acceptance report's frame.

use super::TrendView;
use crate::render::charts;
use crate::render::report::RenderError;
use askama::Template;

mod filters {
    /// Escapes and lets long words break (as the acceptance report does).
    #[askama::filter_fn]
    pub fn wbr(
        s: impl std::fmt::Display,
        _: &dyn askama::Values,
    ) -> askama::Result<askama::filters::Safe<String>> {
        Ok(askama::filters::Safe(
            crate::render::report::html::breakable(&s.to_string()),
        ))
    }
}

#[derive(Debug)]
struct Figure<'a> {
    title: &'a str,
    caption: &'a str,
    svg: String,
}

#[derive(Template)]
#[template(path = "report/trend.html")]
struct Page<'a> {
    v: &'a TrendView,
    generator: &'a str,
    charts: Vec<Figure<'a>>,
}

/// Renders the trend report as HTML.
pub fn html(v: &TrendView) -> Result<Vec<u8>, RenderError> {
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
    Ok(Page {
        v,
        generator: &v.generator,
        charts,
    }
    .render()?
    .into_bytes())
}
