//! The trend report as one self-contained HTML file, in the acceptance report's frame.

use super::TrendView;
use crate::render::report::RenderError;
use crate::render::report::html::{Figure, figures};
use askama::Template;

use crate::render::report::html::filters;

#[derive(Template)]
#[template(path = "report/trend.html")]
struct Page<'a> {
    v: &'a TrendView,
    generator: &'a str,
    charts: Vec<Figure<'a>>,
}

/// Renders the trend report as HTML.
pub fn html(v: &TrendView) -> Result<Vec<u8>, RenderError> {
    Ok(Page {
        v,
        generator: &v.generator,
        charts: figures(&v.charts)?,
    }
    .render()?
    .into_bytes())
}
