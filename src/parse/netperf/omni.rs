//! netperf omni output: `-k` keyval lines, `-o` CSV (a header of human names and a value
//! line, or a bare value line with `-P 0`), and `-O` columns (4 header lines padded with
//! spaces, then values). All three become named values, mapped to run fields through the
//! selector table.

use super::lex;
use super::omni_fields::fill;
use super::selectors::{self, Selector};
use super::{Cursor, Line, Test, error_at};
use crate::model::Diagnostic;
use crate::parse::{ParseContext, ParseError};

/// More values than netperf has selectors.
const MAX_VALUES: usize = 1024;
/// Longer than any `-O` header line netperf prints.
const MAX_HEADER_CHARS: usize = 64 * 1024;

/// One named value.
#[derive(Clone, Debug)]
pub(super) struct Item {
    pub sel: Option<&'static Selector>,
    /// The name as the output (or the column list) gives it.
    pub name: String,
    pub raw: String,
    pub line: u32,
    /// Byte offset of the value in its line.
    pub offset: usize,
}

/// A comma-separated field: byte offset and text (quotes removed).
fn csv_fields(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut field = String::new();
    let mut start = 0usize;
    let mut quoted = false;
    for (i, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ',' if !quoted => {
                out.push((start, std::mem::take(&mut field)));
                start = i + 1;
                if out.len() > MAX_VALUES {
                    return out;
                }
            }
            _ => field.push(c),
        }
    }
    out.push((start, field));
    out
}

fn is_csv_header(text: &str) -> bool {
    text.contains(',')
        && text
            .split(',')
            .next()
            .is_some_and(|f| selectors::lookup(f).is_some())
}

/// A bare `-o` value line: comma-separated words, some numeric, none with inner spaces.
fn is_csv_values(text: &str) -> bool {
    if !text.contains(',') || text.contains('=') {
        return false;
    }
    let mut numeric = false;
    for (_, f) in csv_fields(text.trim()).iter().take(MAX_VALUES) {
        let f = f.trim();
        if f.contains(char::is_whitespace) && !f.starts_with('"') {
            return false;
        }
        numeric |= lex::number(f).is_some();
    }
    numeric
}

/// An `-O` column: where it starts (in chars) and its human name.
struct Column {
    start: usize,
    name: String,
}

fn chars(line: Line<'_>) -> Option<Vec<char>> {
    let v: Vec<char> = line.text.chars().take(MAX_HEADER_CHARS + 1).collect();
    (v.len() <= MAX_HEADER_CHARS).then_some(v)
}

fn span(line: &[char], from: usize, to: Option<usize>) -> String {
    let end = to.unwrap_or(line.len()).min(line.len());
    line.get(from.min(end)..end)
        .map(|s| s.iter().collect::<String>().trim().to_string())
        .unwrap_or_default()
}

/// The `-O` header whose first line is `k` lines ahead, if there is one.
fn human_columns(cur: &Cursor<'_>, k: usize) -> Option<Vec<Column>> {
    let first = cur.peek_at(k)?;
    let word = lex::head(first.text, 64).split_whitespace().next()?;
    if !selectors::is_first_header_word(word) {
        return None;
    }
    let lines: Vec<Vec<char>> = (0..4)
        .map(|i| cur.peek_at(k + i).and_then(chars))
        .collect::<Option<_>>()?;
    let l0 = lines.first()?;
    let starts: Vec<usize> = (0..l0.len())
        .filter(|&i| {
            l0.get(i).is_some_and(|c| !c.is_whitespace())
                && (i == 0 || l0.get(i - 1).is_some_and(|c| c.is_whitespace()))
        })
        .collect();
    let cols: Vec<Column> = starts
        .iter()
        .enumerate()
        .map(|(j, &s)| {
            let end = starts.get(j + 1).copied();
            let parts: Vec<String> = lines
                .iter()
                .map(|l| span(l, s, end))
                .filter(|p| !p.is_empty())
                .collect();
            Column {
                start: s,
                name: parts.join(" "),
            }
        })
        .collect();
    selectors::lookup(&cols.first()?.name)?;
    Some(cols)
}

/// Whether the current line starts omni output.
pub(crate) fn starts_block(cur: &Cursor<'_>, text: &str) -> bool {
    lex::keyval(text).is_some()
        || is_csv_header(text)
        || is_csv_values(text)
        || human_columns(cur, 0).is_some()
}

/// The values read, and whether the file ends inside them.
struct Block {
    items: Vec<Item>,
    cut: bool,
}

/// Reads one test's omni output and fills the run.
pub(crate) fn read(
    cur: &mut Cursor<'_>,
    ctx: &ParseContext,
    t: &mut Test,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ParseError> {
    let Some(line) = cur.peek() else {
        return Ok(());
    };
    let text = line.text.trim();
    let block = if lex::keyval(text).is_some() {
        Some(keyval(cur, t))
    } else if text.contains(',') {
        csv(cur, ctx, t)?
    } else {
        human(cur, t)?
    };
    let Some(block) = block else {
        let at = t.run.end_line;
        t.abort(diags, at, "the omni values are missing after their header");
        return Ok(());
    };
    if block.cut {
        let at = t.run.end_line;
        t.abort(
            diags,
            at,
            "the output ends inside the omni values; the last line was not read",
        );
    }
    if !block.items.is_empty() {
        t.has_results = true;
        fill(t, &block.items, diags)?;
    }
    Ok(())
}

/// `KEY=value` lines, up to a key seen before (the next test of a loop).
fn keyval(cur: &mut Cursor<'_>, t: &mut Test) -> Block {
    let mut items: Vec<Item> = Vec::new();
    let mut cut = false;
    while let Some(l) = cur.peek() {
        let Some((k, v)) = lex::keyval(l.text) else {
            break;
        };
        if items.iter().any(|i| i.name == k) {
            break;
        }
        t.touch(l.no);
        cur.advance();
        if cur.is_cut(l) {
            cut = true;
            break;
        }
        let offset = l.text.find('=').map_or(0, |i| i + 1);
        items.push(Item {
            sel: selectors::by_name(k),
            name: k.to_string(),
            raw: v.to_string(),
            line: l.no,
            offset,
        });
    }
    Block { items, cut }
}

fn csv(
    cur: &mut Cursor<'_>,
    ctx: &ParseContext,
    t: &mut Test,
) -> Result<Option<Block>, ParseError> {
    let Some(first) = cur.peek() else {
        return Ok(None);
    };
    let (names, line) = if is_csv_header(first.text.trim()) {
        let names: Vec<String> = csv_fields(first.text.trim())
            .into_iter()
            .map(|(_, f)| f.trim().to_string())
            .collect();
        t.touch(first.no);
        cur.advance();
        match cur.peek_nonblank() {
            Some(v) if v.text.contains(',') && !is_csv_header(v.text.trim()) => {
                cur.skip_blank();
                (names, v)
            }
            _ => return Ok(None),
        }
    } else {
        let Some(cols) = ctx.netperf_omni_columns.clone() else {
            return Err(error_at(
                first,
                0,
                "a netperf omni CSV line without its header (netperf -o with -P 0): the columns are unknown; give the selector list used with -o, e.g. `--netperf-omni-columns THROUGHPUT,THROUGHPUT_UNITS,ELAPSED_TIME,...` or the contract's `netperf_omni_columns` key",
            ));
        };
        (cols, first)
    };
    t.touch(line.no);
    cur.advance();
    if cur.is_cut(line) {
        return Ok(Some(Block {
            items: Vec::new(),
            cut: true,
        }));
    }
    let values = csv_fields(line.text);
    if values.len() != names.len() {
        return Err(error_at(
            line,
            values.get(names.len()).map_or(line.text.len(), |(o, _)| *o),
            format!(
                "expected {} comma-separated omni values (one per column), found {}",
                names.len(),
                values.len()
            ),
        ));
    }
    let items = names
        .into_iter()
        .zip(values)
        .map(|(name, (offset, raw))| Item {
            sel: selectors::lookup(&name),
            name,
            raw: raw.trim().to_string(),
            line: line.no,
            offset,
        })
        .collect();
    Ok(Some(Block { items, cut: false }))
}

/// `-O` blocks: 4 header lines, then a value line; several blocks are separated by blank lines.
fn human(cur: &mut Cursor<'_>, t: &mut Test) -> Result<Option<Block>, ParseError> {
    let mut items = Vec::new();
    while let Some(cols) = human_columns(cur, 0) {
        for _ in 0..4 {
            if let Some(l) = cur.peek().filter(|l| !l.text.trim().is_empty()) {
                t.touch(l.no);
            }
            cur.advance();
        }
        let Some(v) = cur.peek().filter(|l| !l.text.trim().is_empty()) else {
            return Ok(None);
        };
        t.touch(v.no);
        cur.advance();
        if cur.is_cut(v) {
            return Ok(Some(Block { items, cut: true }));
        }
        let Some(vc) = chars(v) else {
            return Err(error_at(
                v,
                0,
                "expected a line of omni values under their column header, found a line of more than 65536 characters",
            ));
        };
        let byte_of: Vec<usize> = v.text.char_indices().map(|(i, _)| i).collect();
        for (j, c) in cols.iter().enumerate() {
            let end = cols.get(j + 1).map(|c| c.start);
            items.push(Item {
                sel: selectors::lookup(&c.name),
                name: c.name.clone(),
                raw: span(&vc, c.start, end),
                line: v.no,
                offset: byte_of.get(c.start).copied().unwrap_or(v.text.len()),
            });
        }
        let mut k = 0;
        while cur.peek_at(k).is_some_and(|l| l.text.trim().is_empty()) {
            k += 1;
        }
        if k == 0 || human_columns(cur, k).is_none() {
            break;
        }
        cur.skip_blank();
    }
    Ok(Some(Block { items, cut: false }))
}
