//! The PDF form, typeset in-process with typst: the view model is handed to the template
//! (templates/report/acceptance.typ) as a JSON virtual file, so no log string is ever
//! interpolated into markup, and each chart as an SVG virtual file. Fonts are the bundled
//! DejaVu family, which typst also uses for the charts' generic `sans-serif` text. The
//! creation date is the campaign's date and the document id is derived from the campaign
//! name, so the same store gives the same bytes.

mod world;

use super::view::ReportView;
use super::{RenderError, Renderer};
use crate::render::charts;
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, Timestamp};
use world::ReportWorld;

/// The typst template of the acceptance report.
const TEMPLATE: &str = include_str!("../../../../templates/report/acceptance.typ");

/// Page frame, colours and table helpers shared by the typst reports.
const COMMON: &str = include_str!("../../../../templates/report/common.typ");

/// Renders the report as PDF.
#[derive(Clone, Copy, Debug, Default)]
pub struct Pdf;

/// `2026-11-28` as a typst date at midnight UTC.
fn date(day: Option<&str>) -> Option<Datetime> {
    let d = chrono::NaiveDate::parse_from_str(day?, "%Y-%m-%d").ok()?;
    use chrono::Datelike;
    Datetime::from_ymd_hms(
        d.year(),
        u8::try_from(d.month()).ok()?,
        u8::try_from(d.day()).ok()?,
        0,
        0,
        0,
    )
}

fn diagnostics(errs: &[typst::diag::SourceDiagnostic]) -> String {
    errs.iter()
        .map(|e| e.message.to_string())
        .collect::<Vec<_>>()
        .join("; ")
}

/// What a typst report is made of.
#[derive(Debug)]
pub struct Document<'a> {
    /// The typst template (it imports `common.typ`).
    pub template: &'a str,
    /// The view model, read by the template as `json("report.json")`.
    pub data: Vec<u8>,
    /// Charts, read by the template as `chart-N.svg`.
    pub charts: Vec<&'a charts::ChartSpec>,
    /// ISO date the document carries: its creation date.
    pub date: Option<&'a str>,
    /// Stable document identifier.
    pub ident: String,
}

/// Typesets a document: no file is read but the ones given, no system font is used.
pub fn typeset(d: Document<'_>) -> Result<Vec<u8>, RenderError> {
    let mut files = vec![("report.json".to_string(), d.data)];
    for (i, c) in d.charts.iter().enumerate() {
        files.push((format!("chart-{i}.svg"), charts::svg(c)?.into_bytes()));
    }
    let today = date(d.date);
    let world = ReportWorld::new(d.template, &[("common.typ", COMMON)], files, today)
        .map_err(RenderError::Pdf)?;
    let doc: PagedDocument = typst::compile(&world)
        .output
        .map_err(|e| RenderError::Pdf(diagnostics(&e)))?;
    let options = PdfOptions {
        ident: Smart::Custom(d.ident),
        timestamp: today.map(Timestamp::new_utc),
        ..PdfOptions::default()
    };
    typst_pdf::pdf(&doc, &options).map_err(|e| RenderError::Pdf(diagnostics(&e)))
}

impl Pdf {
    /// Typesets `v` with `template` (the acceptance template, or another report's).
    pub fn render_with(&self, template: &str, v: &ReportView) -> Result<Vec<u8>, RenderError> {
        typeset(Document {
            template,
            data: serde_json::to_vec(v)?,
            charts: v.charts.iter().map(|c| &c.spec).collect(),
            date: v.date.as_deref(),
            ident: format!("llreport acceptance report {}", v.campaign),
        })
    }
}

impl Renderer for Pdf {
    fn extension(&self) -> &'static str {
        "pdf"
    }

    fn render(&self, v: &ReportView) -> Result<Vec<u8>, RenderError> {
        self.render_with(TEMPLATE, v)
    }
}
