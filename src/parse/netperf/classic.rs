//! netperf's classic result tables: the column header (which table, which unit, CPU
//! columns) and the one or two result lines under it, with the header or without it
//! (`-P 0`, where the table is told by the number of fields).

use super::classic_fields::{rr_local, skip_verbose, stream, udp_recv, udp_send};
use super::lex::{self, Unit};
use super::messages;
use super::{Cursor, Line, Test, error_at};
use crate::model::{Diagnostic, Protocol};
use crate::parse::ParseError;

/// More fields than any netperf result line has.
pub(crate) const MAX_FIELDS: usize = 32;

/// Which table netperf printed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// `Socket Message Elapsed Messages Okay Errors Throughput`: send line and receive line.
    UdpStream,
    /// `Recv Send Send / Socket Socket Message Elapsed Throughput`: TCP_STREAM, TCP_MAERTS.
    Stream,
    /// `Local /Remote Socket Size Request Resp. Elapsed Trans. Rate`: local line, remote line.
    Rr,
}

pub(super) const UDP_SEND: &[&str] = &[
    "Socket Size",
    "Message Size",
    "Elapsed Time",
    "Messages Okay",
    "Messages Errors",
    "Throughput",
    "Local CPU Util",
    "Local Service Demand",
];
pub(super) const UDP_RECV: &[&str] = &[
    "Socket Size",
    "Elapsed Time",
    "Messages Okay",
    "Throughput",
    "Remote CPU Util",
    "Remote Service Demand",
];
pub(super) const STREAM: &[&str] = &[
    "Recv Socket Size",
    "Send Socket Size",
    "Send Message Size",
    "Elapsed Time",
    "Throughput",
    "Local CPU Util",
    "Remote CPU Util",
    "Local Service Demand",
    "Remote Service Demand",
];
pub(super) const RR_LOCAL: &[&str] = &[
    "Local Send Socket Size",
    "Local Recv Socket Size",
    "Request Size",
    "Response Size",
    "Elapsed Time",
    "Trans. Rate",
    "Local CPU Util",
    "Remote CPU Util",
    "Local Service Demand",
    "Remote Service Demand",
];
pub(super) const RR_REMOTE: &[&str] = &["Remote Send Socket Size", "Remote Recv Socket Size"];

/// What the column header says.
#[derive(Clone, Copy, Debug)]
struct Table {
    kind: Kind,
    /// The rate unit; `None` where the header has none.
    unit: Option<Unit>,
    /// An RR test reporting throughput (`-f` given) instead of transactions.
    band: bool,
}

/// Whether a line begins a classic column header.
pub(crate) fn is_header_start(line: &str) -> bool {
    let mut w = lex::head(line, 64).split_whitespace();
    matches!(
        (w.next(), w.next(), w.next()),
        (Some("Recv"), Some("Send"), Some("Send"))
            | (Some("Socket"), Some("Message"), Some("Elapsed"))
            | (Some("Local"), Some("/Remote"), _)
    )
}

/// A word of a result line and its byte offset.
#[derive(Clone, Copy, Debug)]
pub(super) struct Tok<'a> {
    text: &'a str,
    offset: usize,
}

/// A result line split into words (at most `MAX_FIELDS + 1`).
pub(super) struct Row<'a> {
    pub line: Line<'a>,
    pub toks: Vec<Tok<'a>>,
    pub cut: bool,
}

fn tokens(text: &str) -> Vec<Tok<'_>> {
    let mut out = Vec::new();
    let mut start: Option<usize> = None;
    for (i, c) in text.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push(Tok {
                    text: text.get(s..i).unwrap_or(""),
                    offset: s,
                });
                if out.len() > MAX_FIELDS {
                    return out;
                }
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(Tok {
            text: text.get(s..).unwrap_or(""),
            offset: s,
        });
    }
    out
}

impl<'a> Row<'a> {
    fn read(cur: &mut Cursor<'a>, t: &mut Test) -> Option<Self> {
        let line = cur.peek()?;
        cur.advance();
        t.touch(line.no);
        Some(Row {
            line,
            toks: tokens(line.text),
            cut: cur.is_cut(line),
        })
    }

    /// Checks that every word is a number.
    fn numeric(&self, names: &[&str]) -> Result<(), ParseError> {
        for (i, tok) in self.toks.iter().enumerate() {
            if lex::number(tok.text).is_none() {
                let col = names
                    .get(i)
                    .map_or_else(|| format!("field {}", i + 1), |n| format!("the {n} column"));
                return Err(error_at(
                    self.line,
                    tok.offset,
                    format!(
                        "expected a number in {col}, found `{}`",
                        lex::excerpt(tok.text, 40)
                    ),
                ));
            }
        }
        Ok(())
    }

    pub fn f64(&self, i: usize) -> f64 {
        self.toks
            .get(i)
            .and_then(|t| lex::number(t.text))
            .unwrap_or(f64::NAN)
    }

    /// A whole number (a count or a size).
    pub fn u64(&self, i: usize, names: &[&str]) -> Result<u64, ParseError> {
        let tok = self.toks.get(i);
        tok.and_then(|t| lex::count(t.text)).ok_or_else(|| {
            let name = names.get(i).copied().unwrap_or("");
            let found = lex::excerpt(tok.map_or("", |t| t.text), 40);
            error_at(
                self.line,
                tok.map_or(0, |t| t.offset),
                format!("expected a whole number in the {name} column, found `{found}`"),
            )
        })
    }
}

/// Reads the header block (if `with_header`) and the result lines of a test.
pub(crate) fn read(
    cur: &mut Cursor<'_>,
    with_header: bool,
    t: &mut Test,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ParseError> {
    let table = if with_header {
        match header(cur, t, diags)? {
            Some(table) => Some(table),
            None => return Ok(()),
        }
    } else {
        None
    };
    cur.skip_blank();
    let Some(line) = cur.peek() else {
        let at = t.run.end_line;
        t.abort(
            diags,
            at,
            "the output ends after the column header, before the result line",
        );
        return Ok(());
    };
    if lex::number(line.text.split_whitespace().next().unwrap_or("")).is_none() {
        let at = t.run.end_line;
        t.abort(
            diags,
            at,
            format!(
                "no result line after the column header (line {} is not one)",
                line.no
            ),
        );
        return Ok(());
    }
    let Some(first) = Row::read(cur, t) else {
        return Ok(());
    };
    results(cur, table, first, t, diags)?;
    skip_verbose(cur, t);
    Ok(())
}

/// The column header lines: kind and unit. `None` if the file ends inside it.
fn header(
    cur: &mut Cursor<'_>,
    t: &mut Test,
    diags: &mut Vec<Diagnostic>,
) -> Result<Option<Table>, ParseError> {
    let mut lines: Vec<Line<'_>> = Vec::new();
    while let Some(l) = cur.peek() {
        let first_word = l.text.split_whitespace().next();
        if first_word.is_none() || first_word.and_then(lex::number).is_some() || lines.len() >= 6 {
            break;
        }
        if !lines.is_empty() && (messages::banner(l.text).is_some() || is_header_start(l.text)) {
            break;
        }
        lines.push(l);
        t.touch(l.no);
        cur.advance();
    }
    let words: Vec<&str> = lines
        .iter()
        .flat_map(|l| l.text.split_whitespace().take(64))
        .collect();
    let has = |w: &str| words.contains(&w);
    let kind = if has("Okay") && has("Errors") {
        Some(Kind::UdpStream)
    } else if has("Request") && (has("Resp.") || has("Response")) {
        Some(Kind::Rr)
    } else if has("Throughput") && has("Recv") {
        Some(Kind::Stream)
    } else {
        None
    };
    let Some(kind) = kind else {
        let last = lines.last().copied();
        if let Some(l) = last.filter(|l| cur.is_cut(*l) || cur.peek().is_none()) {
            t.abort(diags, l.no, "the output ends inside the column header");
            return Ok(None);
        }
        let first = lines.first().copied().unwrap_or(Line {
            no: t.run.source_line,
            text: "",
        });
        return Err(error_at(
            first,
            0,
            "expected a netperf column header: `Socket Message Elapsed Messages ...` (UDP_STREAM), `Recv Send Send ...` (TCP_STREAM, TCP_MAERTS) or `Local /Remote ...` (RR tests)",
        ));
    };
    let unit = lines.iter().rev().find_map(|l| lex::find_unit(l.text));
    Ok(Some(Table {
        kind,
        unit,
        band: kind == Kind::Rr && (has("Throughput") || has("Tput")),
    }))
}

/// Whether the next non-blank line starts with a number (the second line of a table).
fn next_row<'a>(cur: &mut Cursor<'a>, t: &mut Test) -> Option<Row<'a>> {
    let l = cur.peek_nonblank()?;
    lex::number(l.text.split_whitespace().next()?)?;
    cur.skip_blank();
    Row::read(cur, t)
}

fn results<'a>(
    cur: &mut Cursor<'a>,
    table: Option<Table>,
    a: Row<'a>,
    t: &mut Test,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ParseError> {
    let n = a.toks.len();
    let named = t.info.test.as_deref().and_then(|name| match name {
        "UDP_STREAM" => Some(Kind::UdpStream),
        _ if name.ends_with("_STREAM") || name.ends_with("_MAERTS") => Some(Kind::Stream),
        _ if name.ends_with("_RR") => Some(Kind::Rr),
        _ => None,
    });
    let guess = match (table.map(|t| t.kind).or(named), n) {
        (Some(k), _) => Some(k),
        (None, 5 | 9) => Some(Kind::Stream),
        _ => None,
    };
    let first_names = match guess {
        Some(Kind::UdpStream) => UDP_SEND,
        Some(Kind::Stream) => STREAM,
        _ => RR_LOCAL,
    };
    if let Err(e) = a.numeric(first_names) {
        return cut_or(e, &a, t, diags);
    }
    let (kind, b) = match guess {
        Some(k @ Kind::Stream) => (k, None),
        Some(k) => (k, next_row(cur, t)),
        None if matches!(n, 6 | 8 | 10) => {
            let b = next_row(cur, t);
            match (n, b.as_ref().map(|b| b.toks.len())) {
                (6 | 8, Some(4 | 6)) => (Kind::UdpStream, b),
                (6 | 10, Some(2)) => (Kind::Rr, b),
                (_, None) => {
                    let at = a.line.no;
                    t.abort(diags, at, "the second result line is missing, so the test cannot be told (UDP_STREAM or an RR test)");
                    return Ok(());
                }
                _ => {
                    let e = shape_error(b.as_ref().map_or(a.line, |b| b.line), n, b.as_ref());
                    return match b {
                        Some(b) => cut_or(e, &b, t, diags),
                        None => Err(e),
                    };
                }
            }
        }
        None => return cut_or(shape_error(a.line, n, None), &a, t, diags),
    };
    let (a_counts, b_counts, a_names, b_names): (&[usize], &[usize], _, _) = match kind {
        Kind::UdpStream => (&[6, 8], &[4, 6], UDP_SEND, UDP_RECV),
        Kind::Stream => (&[5, 9], &[], STREAM, STREAM),
        Kind::Rr => (&[6, 10], &[2], RR_LOCAL, RR_REMOTE),
    };
    if !a_counts.contains(&n) {
        let e = count_error(&a, a_counts, a_names);
        return cut_or(e, &a, t, diags);
    }
    let unit = match table {
        Some(Table { unit: Some(u), .. }) => u,
        _ => {
            if kind != Kind::Rr || table.is_some_and(|t| t.band) {
                let why = if table.is_some() {
                    "the column header gives no unit"
                } else {
                    "netperf -P 0 prints no header"
                };
                let msg = format!(
                    "the throughput unit is not in the output ({why}); netperf's default 10^6bits/sec was assumed"
                );
                diags.push(Diagnostic::warning(a.line.no, 1, msg.clone()));
                t.run.notes.push(msg);
            }
            Unit::DEFAULT
        }
    };
    let shape = if table.is_some() {
        "the column header"
    } else {
        "the number of fields in its result lines"
    };
    match kind {
        Kind::UdpStream => t.infer_test("UDP_STREAM", Protocol::Udp, shape),
        Kind::Stream => t.infer_test(
            "TCP_STREAM",
            Protocol::Tcp,
            &format!("{shape} (TCP_MAERTS prints the same table)"),
        ),
        Kind::Rr => t.infer_test(
            "TCP_RR",
            Protocol::Tcp,
            &format!("{shape} (UDP_RR prints the same table)"),
        ),
    }
    // A last line without a line end that still has all its fields is read (a paste often
    // lacks the final line end); the file-level warning says its last figure may be cut.
    t.has_results = true;
    match kind {
        Kind::UdpStream => udp_send(&a, unit, t)?,
        Kind::Stream => stream(&a, unit, t)?,
        Kind::Rr => rr_local(&a, unit, table.is_some_and(|t| t.band), t)?,
    }
    if kind == Kind::Stream {
        return Ok(());
    }
    let what = if kind == Kind::Rr {
        "the remote socket line"
    } else {
        "the receiver line"
    };
    let Some(b) = b else {
        let at = t.run.end_line;
        t.abort(diags, at, format!("{what} of this test is missing"));
        return Ok(());
    };
    if let Err(e) = b.numeric(b_names) {
        return cut_or(e, &b, t, diags);
    }
    if !b_counts.contains(&b.toks.len()) {
        let e = count_error(&b, b_counts, b_names);
        return cut_or(e, &b, t, diags);
    }
    match kind {
        Kind::UdpStream => udp_recv(&b, unit, t),
        _ => {
            let ex = &mut t.run.extra;
            ex.insert("remote_send_socket_bytes".into(), b.f64(0));
            ex.insert("remote_recv_socket_bytes".into(), b.f64(1));
            Ok(())
        }
    }
}

fn shape_error(line: Line<'_>, n: usize, b: Option<&Row<'_>>) -> ParseError {
    error_at(
        line,
        0,
        format!(
            "expected netperf result lines of 5 or 9 numbers (TCP_STREAM), 6 or 8 then 4 or 6 (UDP_STREAM), or 6 or 10 then 2 (RR tests); found {n}{}",
            b.map_or(String::new(), |b| format!(" then {}", b.toks.len()))
        ),
    )
}

/// An error in the last, unterminated line is a cut file: the run is aborted instead.
fn cut_or(
    e: ParseError,
    row: &Row<'_>,
    t: &mut Test,
    diags: &mut Vec<Diagnostic>,
) -> Result<(), ParseError> {
    if row.cut {
        t.abort(
            diags,
            row.line.no,
            format!("the output ends inside a result line ({})", e.message),
        );
        Ok(())
    } else {
        Err(e)
    }
}

fn count_error(row: &Row<'_>, counts: &[usize], names: &[&str]) -> ParseError {
    let want: Vec<String> = counts.iter().map(ToString::to_string).collect();
    let cols = names
        .get(..counts.first().copied().unwrap_or(0))
        .unwrap_or(names);
    let extra = row.toks.get(counts.last().copied().unwrap_or(0));
    error_at(
        row.line,
        extra.map_or(0, |t| t.offset),
        format!(
            "expected {} numbers in this result line ({}, plus CPU columns with -c/-C), found {}",
            want.join(" or "),
            cols.join(", "),
            row.toks.len()
        ),
    )
}
