//! SVG charts drawn with plotters from ready specifications: every value, axis range and
//! label is decided by the view model; this module only draws. Two kinds: lines over time
//! (seconds from the test's start) with dashed reference lines, and grouped bars per
//! category with dashed reference lines. Text is written with `font-family="sans-serif"` and
//! escaped by plotters' SVG backend; the PDF renderer maps the family to its bundled font.

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use serde::Serialize;

/// Width and height of every chart, in SVG user units (pixels).
pub const SIZE: (u32, u32) = (760, 300);

/// Width of the legend panel at the right of the plot.
const LEGEND_WIDTH: u32 = 200;

const FONT: &str = "sans-serif";

/// Colours of data series, in order.
const PALETTE: [RGBColor; 6] = [
    RGBColor(31, 119, 180),
    RGBColor(255, 127, 14),
    RGBColor(44, 160, 44),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(23, 190, 207),
];

/// Colours of reference lines, in order (the contract first).
const REFERENCE: [RGBColor; 3] = [
    RGBColor(200, 30, 30),
    RGBColor(90, 90, 90),
    RGBColor(160, 100, 0),
];

/// A named series of (x, y) points.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Series {
    pub name: String,
    pub points: Vec<(f64, f64)>,
}

/// A horizontal line at a value (a contract figure, a limit), dashed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Reference {
    pub name: String,
    pub value: f64,
    /// Drawn in the colour of this series (by index), else in the references' own colours.
    pub series: Option<usize>,
}

/// Lines over x from 0 to `x_max`, y from 0 to `y_max`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LineChart {
    pub x_label: String,
    pub y_label: String,
    pub x_max: f64,
    pub y_max: f64,
    /// Decimals of the axis labels.
    pub x_decimals: usize,
    pub y_decimals: usize,
    pub series: Vec<Series>,
    pub references: Vec<Reference>,
}

/// One value per category; `None` leaves a gap.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BarSeries {
    pub name: String,
    pub values: Vec<Option<f64>>,
}

/// Grouped bars: for each category, one bar per series.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct BarChart {
    pub y_label: String,
    pub y_max: f64,
    pub y_decimals: usize,
    pub categories: Vec<String>,
    pub series: Vec<BarSeries>,
    pub references: Vec<Reference>,
}

/// A chart to draw.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ChartSpec {
    Line(LineChart),
    Bar(BarChart),
}

/// A chart that could not be drawn.
#[derive(Debug, thiserror::Error)]
#[error("chart: {0}")]
pub struct ChartError(String);

fn err(e: impl std::fmt::Display) -> ChartError {
    ChartError(e.to_string())
}

/// The chart as a standalone SVG document.
pub fn svg(spec: &ChartSpec) -> Result<String, ChartError> {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, SIZE).into_drawing_area();
        root.fill(&WHITE).map_err(err)?;
        let (plot, side) = root.split_horizontally(SIZE.0.saturating_sub(LEGEND_WIDTH));
        let entries = match spec {
            ChartSpec::Line(c) => line(&plot, c)?,
            ChartSpec::Bar(c) => bars(&plot, c)?,
        };
        legend(&side, &entries)?;
        root.present().map_err(err)?;
    }
    Ok(out)
}

fn colour(i: usize) -> RGBColor {
    PALETTE.get(i % PALETTE.len()).copied().unwrap_or(BLACK)
}

fn ref_colour(i: usize) -> RGBColor {
    REFERENCE.get(i % REFERENCE.len()).copied().unwrap_or(BLACK)
}

/// A positive, finite axis end.
fn axis_end(v: f64) -> f64 {
    if v.is_finite() && v > 0.0 { v } else { 1.0 }
}

type Area<'a> = DrawingArea<SVGBackend<'a>, Shift>;

/// How a legend entry is drawn.
#[derive(Clone, Copy, Debug)]
enum Mark {
    Line,
    Dashed,
    Bar,
}

type Entry = (String, RGBColor, Mark);

fn axis_label(v: f64, decimals: usize) -> String {
    format!("{v:.decimals$}")
}

fn line(root: &Area<'_>, c: &LineChart) -> Result<Vec<Entry>, ChartError> {
    let (x_max, y_max) = (axis_end(c.x_max), axis_end(c.y_max));
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(0.0..x_max, 0.0..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(c.x_label.as_str())
        .y_desc(c.y_label.as_str())
        .x_label_formatter(&|v| axis_label(*v, c.x_decimals))
        .y_label_formatter(&|v| axis_label(*v, c.y_decimals))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 13))
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()
        .map_err(err)?;
    let mut entries = Vec::new();
    for (i, s) in c.series.iter().enumerate() {
        let col = colour(i);
        chart
            .draw_series(LineSeries::new(
                s.points.iter().copied(),
                col.stroke_width(2),
            ))
            .map_err(err)?;
        entries.push((s.name.clone(), col, Mark::Line));
    }
    entries.extend(references(&mut chart, &c.references, 0.0, x_max)?);
    Ok(entries)
}

fn references<'b>(
    chart: &mut ChartContext<'b, SVGBackend<'b>, Cartesian2d<RangedCoordf64, RangedCoordf64>>,
    refs: &[Reference],
    x0: f64,
    x1: f64,
) -> Result<Vec<Entry>, ChartError> {
    let mut entries = Vec::new();
    for (i, r) in refs.iter().enumerate() {
        let col = r.series.map_or_else(|| ref_colour(i), colour);
        chart
            .draw_series(DashedLineSeries::new(
                vec![(x0, r.value), (x1, r.value)],
                8,
                5,
                col.stroke_width(2),
            ))
            .map_err(err)?;
        entries.push((r.name.clone(), col, Mark::Dashed));
    }
    Ok(entries)
}

/// The legend in its own panel, one entry a line, so it never hides data.
fn legend(side: &Area<'_>, entries: &[Entry]) -> Result<(), ChartError> {
    let style = TextStyle::from((FONT, 11).into_font()).pos(Pos::new(HPos::Left, VPos::Center));
    for (i, (name, col, mark)) in entries.iter().enumerate() {
        let y = 24 + 18 * i32::try_from(i).unwrap_or(0);
        match mark {
            Mark::Line => side
                .draw(&PathElement::new(
                    vec![(4, y), (26, y)],
                    col.stroke_width(2),
                ))
                .map_err(err)?,
            Mark::Dashed => {
                for x in [4, 13, 22] {
                    side.draw(&PathElement::new(
                        vec![(x, y), (x + 5, y)],
                        col.stroke_width(2),
                    ))
                    .map_err(err)?;
                }
            }
            Mark::Bar => side
                .draw(&Rectangle::new([(8, y - 5), (22, y + 5)], col.filled()))
                .map_err(err)?,
        }
        side.draw(&Text::new(name.as_str(), (32, y), &style))
            .map_err(err)?;
    }
    Ok(())
}

fn bars(root: &Area<'_>, c: &BarChart) -> Result<Vec<Entry>, ChartError> {
    let y_max = axis_end(c.y_max);
    let n = c.categories.len().max(1) as f64;
    let mut chart = ChartBuilder::on(root)
        .margin(12)
        .x_label_area_size(40)
        .y_label_area_size(64)
        .build_cartesian_2d(-0.5..n - 0.5, 0.0..y_max)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .y_desc(c.y_label.as_str())
        .y_label_formatter(&|v| axis_label(*v, c.y_decimals))
        .label_style((FONT, 12))
        .axis_desc_style((FONT, 13))
        .light_line_style(RGBColor(240, 240, 240))
        .bold_line_style(RGBColor(215, 215, 215))
        .draw()
        .map_err(err)?;
    let m = c.series.len().max(1) as f64;
    let width = 0.8 / m;
    let mut entries = Vec::new();
    for (j, s) in c.series.iter().enumerate() {
        let col = colour(j);
        let offset = -0.4 + width * j as f64;
        let rects = s.values.iter().enumerate().filter_map(|(i, v)| {
            let x0 = i as f64 + offset;
            v.map(|v| Rectangle::new([(x0, 0.0), (x0 + width * 0.9, v)], col.filled()))
        });
        chart.draw_series(rects).map_err(err)?;
        entries.push((s.name.clone(), col, Mark::Bar));
    }
    entries.extend(references(&mut chart, &c.references, -0.5, n - 0.5)?);
    let style = TextStyle::from((FONT, 12).into_font()).pos(Pos::new(HPos::Center, VPos::Top));
    for (i, label) in c.categories.iter().enumerate() {
        let (x, y) = chart.backend_coord(&(i as f64, 0.0));
        root.draw(&Text::new(label.as_str(), (x, y + 6), &style))
            .map_err(err)?;
    }
    Ok(entries)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_escaped_and_charts_are_svg() {
        let spec = ChartSpec::Bar(BarChart {
            y_label: "Mbit/s".into(),
            y_max: 10.0,
            y_decimals: 0,
            categories: vec!["<script>alert(1)</script>".into(), "vpc2".into()],
            series: vec![BarSeries {
                name: "a & b".into(),
                values: vec![Some(4.0), None],
            }],
            references: vec![Reference {
                name: "limit".into(),
                value: 8.0,
                series: None,
            }],
        });
        let s = svg(&spec).unwrap();
        assert!(s.starts_with("<svg"), "{s}");
        assert!(!s.contains("<script>"));
        assert!(s.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(s.contains("a &amp; b"));
        let line = ChartSpec::Line(LineChart {
            x_label: "s".into(),
            y_label: "Mbit/s".into(),
            x_max: 0.0,
            y_max: f64::NAN,
            x_decimals: 0,
            y_decimals: 1,
            series: vec![Series {
                name: "x".into(),
                points: vec![(0.0, 1.0), (1.0, 2.0)],
            }],
            references: vec![],
        });
        assert!(svg(&line).unwrap().contains("</svg>"));
    }
}
