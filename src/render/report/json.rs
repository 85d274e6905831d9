//! The JSON form: the view model as it is, for scripts and tickets. Every table cell carries
//! its text and, for numbers, the raw value; charts carry their data series.

use super::view::ReportView;
use super::{RenderError, Renderer};

/// Renders the report as pretty-printed JSON.
#[derive(Clone, Copy, Debug, Default)]
pub struct Json;

impl Renderer for Json {
    fn extension(&self) -> &'static str {
        "json"
    }

    fn render(&self, v: &ReportView) -> Result<Vec<u8>, RenderError> {
        let mut out = serde_json::to_vec_pretty(v)?;
        out.push(b'\n');
        Ok(out)
    }
}
