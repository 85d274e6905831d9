//! The Markdown form, for tickets and chat: the same sections and tables as the HTML, charts
//! named but not drawn. Markdown is whitespace-sensitive, so it is written here rather than
//! through a template. Every string from the view is escaped: in table cells `|`, backticks,
//! `<`, `>`, `*`, `_`, `[`, `]` and `\` are escaped and newlines become `<br>`.

use super::view::{ReportView, TableView};
use super::{RenderError, Renderer};
use std::fmt::Write as _;

/// Renders the report as GitHub-flavoured Markdown.
#[derive(Clone, Copy, Debug, Default)]
pub struct Markdown;

/// Escapes inline text.
pub fn text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '|' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Escapes a table cell: as [`text`], with newlines as `<br>`.
pub fn cell(s: &str) -> String {
    s.split('\n').map(text).collect::<Vec<_>>().join("<br>")
}

fn table(out: &mut String, t: &TableView) {
    if t.rows.is_empty() {
        let _ = writeln!(out, "_{}_\n", text(&t.empty));
        return;
    }
    let head: Vec<String> = t.head.iter().map(|h| cell(h)).collect();
    let _ = writeln!(out, "| {} |", head.join(" | "));
    let rule: Vec<&str> = t.head.iter().map(|_| "---").collect();
    let _ = writeln!(out, "| {} |", rule.join(" | "));
    for row in &t.rows {
        let cells: Vec<String> = row
            .iter()
            .map(|c| {
                if matches!(c.class.as_str(), "pass" | "fail" | "inconclusive") {
                    format!("**{}**", cell(&c.text))
                } else {
                    cell(&c.text)
                }
            })
            .collect();
        let _ = writeln!(out, "| {} |", cells.join(" | "));
    }
    out.push('\n');
}

fn list(out: &mut String, items: &[String], empty: &str) {
    if items.is_empty() {
        let _ = writeln!(out, "_{empty}_\n");
        return;
    }
    for i in items {
        let _ = writeln!(out, "- {}", text(i));
    }
    out.push('\n');
}

impl Renderer for Markdown {
    fn extension(&self) -> &'static str {
        "md"
    }

    fn render(&self, v: &ReportView) -> Result<Vec<u8>, RenderError> {
        let mut o = String::new();
        let _ = writeln!(o, "# {}: {}\n", text(&v.title), text(&v.campaign));
        for f in &v.facts {
            let _ = writeln!(o, "- **{}**: {}", text(&f.label), text(&f.value));
        }
        let _ = writeln!(
            o,
            "\n## Verdict: **{}**\n\n{}\n",
            text(&v.verdict.label),
            text(&v.verdict_summary)
        );
        o.push_str("## 1. Verdict per direction\n\n");
        for d in &v.directions {
            let _ = writeln!(
                o,
                "### {}: **{}**\n",
                text(&d.title),
                text(&d.verdict.label)
            );
            table(&mut o, &d.criteria);
        }
        let s = &v.setup;
        o.push_str("## 2. Test setup\n\n### Hosts\n\n");
        table(&mut o, &s.hosts);
        o.push_str("### Tools\n\n");
        table(&mut o, &s.tools);
        o.push_str("### Tests\n\n");
        table(&mut o, &s.tests);
        o.push_str("### How directions were decided\n\n");
        list(&mut o, &s.direction_rules, "no runs");
        o.push_str("### How client and server logs were paired\n\n");
        table(&mut o, &s.pairings);
        o.push_str("### Warnings\n\n");
        list(&mut o, &s.warnings, "none");
        o.push_str("### Runs not counted\n\n");
        table(&mut o, &s.unassigned);
        o.push_str("### Parse diagnostics\n\n");
        table(&mut o, &s.diagnostics);
        o.push_str("## 3. Results\n\n");
        for r in &v.results {
            let _ = writeln!(o, "### {}\n", text(&r.title));
            table(&mut o, &r.table);
            list(&mut o, &r.notes, "no notes");
            if let Some(t) = &r.vpcs {
                o.push_str("Per VPC:\n\n");
                table(&mut o, t);
            }
        }
        o.push_str("## 4. Charts\n\nDrawn in the HTML and PDF forms:\n\n");
        let titles: Vec<String> = v.charts.iter().map(|c| c.title.clone()).collect();
        list(&mut o, &titles, "no series to chart");
        o.push_str("## 5. Flows\n\n");
        for f in &v.flows {
            let _ = writeln!(o, "### {}\n", text(&f.title));
            table(&mut o, &f.table);
        }
        o.push_str("## 6. Evidence\n\n### Source files\n\n");
        table(&mut o, &v.evidence.sources);
        o.push_str("### Lines each flow was read from\n\n");
        table(&mut o, &v.evidence.lines);
        o.push_str("## 7. Sign-off\n\n");
        let mut t = TableView::new(&["Party", "Name", "Role", "Date", "Signature"], "");
        for s in &v.signoff {
            t.push(
                [s.party.as_str(), &s.name, &s.role, "", ""]
                    .iter()
                    .map(|x| super::view::Cell::text(*x))
                    .collect(),
            );
        }
        table(&mut o, &t);
        let _ = writeln!(o, "_Generated by {}._", text(&v.generator));
        Ok(o.into_bytes())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cells_cannot_break_the_table() {
        assert_eq!(cell("a|b"), "a\\|b");
        assert_eq!(cell("`x`"), "\\`x\\`");
        assert_eq!(cell("<script>"), "&lt;script&gt;");
        assert_eq!(cell("one\ntwo"), "one<br>two");
        assert_eq!(text("one\ntwo"), "one two");
    }
}
