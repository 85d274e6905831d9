//! The acceptance report: the document the customer and the carrier sign. [`view`] builds
//! the [`ReportView`] (every figure computed and formatted); one renderer per format lays it
//! out: [`html::Html`] (one self-contained file), [`pdf::Pdf`] (typeset in-process, fonts
//! embedded), [`markdown::Markdown`] and [`json::Json`].

pub mod html;
pub mod json;
pub mod markdown;
pub mod pdf;
pub mod trend;
pub mod view;

pub use view::{ReportInput, ReportView, build};

/// A report that could not be rendered.
#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error(transparent)]
    Chart(#[from] crate::render::charts::ChartError),
    #[error("template: {0}")]
    Template(#[from] askama::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("PDF: {0}")]
    Pdf(String),
}

/// One output format of a report.
pub trait Renderer {
    /// The usual file extension, without the dot.
    fn extension(&self) -> &'static str;
    fn render(&self, v: &ReportView) -> Result<Vec<u8>, RenderError>;
}

/// A file name made from a campaign name that stays in the output directory: path
/// separators, `..`, control characters and NUL become `_`; an empty result is `report`.
pub fn safe_file_stem(name: &str) -> String {
    let mapped: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '+' | '@') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let mut s = mapped.replace("..", "_");
    while s.starts_with('.') {
        s.replace_range(0..1, "_");
    }
    if s.trim_matches('_').is_empty() {
        s = "report".into();
    }
    s.chars().take(120).collect()
}

#[cfg(test)]
mod tests {
    use super::safe_file_stem;

    #[test]
    fn stems_never_leave_the_directory() {
        assert_eq!(safe_file_stem("sample-acceptance"), "sample-acceptance");
        assert_eq!(safe_file_stem("../../etc/passwd"), "____etc_passwd");
        assert_eq!(safe_file_stem(".."), "report");
        assert_eq!(safe_file_stem("a/b\\c\0d"), "a_b_c_d");
        assert_eq!(safe_file_stem(".hidden"), "_hidden");
        assert_eq!(safe_file_stem(""), "report");
        assert!(!safe_file_stem("x..y").contains(".."));
    }
}
