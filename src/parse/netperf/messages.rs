//! nom productions for netperf's whole-line messages: the test banner, `-D` interim results,
//! the client's error messages and netserver's messages. Each returns `None` (or the byte
//! offset where reading stopped) rather than guessing.

use super::lex::{self, Res, Unit, count, decimal, rate_unit};
use nom::Parser;
use nom::branch::alt;
use nom::bytes::complete::{tag, take_till, take_till1, take_until};
use nom::character::complete::{char, digit1, space0, space1};
use nom::combinator::{eof, map_res, opt};
use nom::sequence::{delimited, preceded};

/// One end of the test as the banner gives it: `0.0.0.0 (0.0.0.0) port 0 AF_INET`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Host<'a> {
    pub name: &'a str,
    /// The address in parentheses; `None` when absent or empty (`()`).
    pub addr: Option<&'a str>,
    pub port: Option<u16>,
    pub family: Option<&'a str>,
}

/// The first line of a test: `MIGRATED UDP STREAM TEST from ... to ... : demo`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Banner<'a> {
    /// The words before ` TEST`, e.g. `MIGRATED UDP STREAM`, `OMNI Send`.
    pub title: &'a str,
    pub from: Option<Host<'a>>,
    pub to: Option<Host<'a>>,
    /// The ` : ` options after the addresses (`demo`, `first burst 0`, `+/-2.500% @ 99% conf.`).
    pub options: Vec<&'a str>,
    /// Text after the title that could not be read as addresses and options.
    pub unread: Option<&'a str>,
}

/// First words of netperf test titles (after an optional `MIGRATED`).
const TITLE_WORDS: &[&str] = &[
    "TCP", "UDP", "OMNI", "SCTP", "SDP", "DLPI", "XTI", "UNIX", "TCPIPV6", "UDPIPV6", "TIPC", "DNS",
];

fn title(i: &str) -> Res<'_, &str> {
    let (rest, t) = take_until(" TEST").parse(i)?;
    let (rest, _) = tag(" TEST").parse(rest)?;
    let (rest, _) = alt((eof, tag(" "))).parse(rest)?;
    Ok((rest, t))
}

fn port(i: &str) -> Res<'_, u16> {
    map_res(digit1, |d: &str| d.parse::<u16>()).parse(i)
}

fn host(i: &str) -> Res<'_, Host<'_>> {
    let (i, name) = take_till1(|c: char| c == ' ').parse(i)?;
    let (i, addr) = opt(preceded(
        space1,
        delimited(char('('), take_till(|c: char| c == ')'), char(')')),
    ))
    .parse(i)?;
    let (i, pf) = opt((
        space1,
        tag("port"),
        space1,
        port,
        space1,
        take_till1(|c: char| c == ' ' || c == ':'),
    ))
    .parse(i)?;
    let (port, family) = match pf {
        Some((_, _, _, p, _, f)) => (Some(p).filter(|p| *p != 0), Some(f)),
        None => (None, None),
    };
    Ok((
        i,
        Host {
            name,
            addr: addr.filter(|a| !a.is_empty()),
            port,
            family,
        },
    ))
}

/// Reads a test banner; `None` if the line is not one.
pub(crate) fn banner(line: &str) -> Option<Banner<'_>> {
    let line = line.trim();
    if !lex::head(line, 128).contains(" TEST") {
        return None;
    }
    let (rest, t) = title(line).ok()?;
    let first = t.split_whitespace().find(|w| *w != "MIGRATED")?;
    if !TITLE_WORDS.contains(&first)
        || !t
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " /|_-.".contains(c))
    {
        return None;
    }
    let mut b = Banner {
        title: t,
        from: None,
        to: None,
        options: Vec::new(),
        unread: None,
    };
    let rest = rest.trim_start();
    let r: Res<'_, Option<Host<'_>>> = opt(preceded(tag("from "), host)).parse(rest);
    let rest = match r {
        Ok((r, h)) => {
            b.from = h;
            r.trim_start()
        }
        Err(_) => rest,
    };
    let r: Res<'_, Option<Host<'_>>> = opt(preceded(tag("to "), host)).parse(rest);
    let rest = match r {
        Ok((r, h)) => {
            b.to = h;
            r.trim()
        }
        Err(_) => rest.trim(),
    };
    if let Some(opts) = rest.strip_prefix(':') {
        b.options = opts
            .split(':')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect();
    } else if !rest.is_empty() {
        b.unread = Some(rest);
    }
    Some(b)
}

/// The rest of a banner that a terminal wrapped: `10.200.0.1 () port 0 AF_INET : demo`.
pub(crate) fn banner_continuation(line: &str) -> Option<(Host<'_>, Vec<&str>)> {
    let r: Res<'_, Host<'_>> = host(line.trim());
    let (rest, h) = r.ok()?;
    h.family?;
    let rest = rest.trim();
    let options = match rest.strip_prefix(':') {
        Some(o) => o
            .split(':')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        None if rest.is_empty() => Vec::new(),
        None => return None,
    };
    Some((h, options))
}

/// `+/-2.500% @ 99% conf.` (from `-I 99,5`): the level and the half-width, in percent.
pub(crate) fn confidence_option(opt_text: &str) -> Option<(f64, f64)> {
    let r: Res<'_, (&str, &str)> = (
        preceded(tag("+/-"), decimal),
        preceded((tag("%"), space0, tag("@"), space0), decimal),
    )
        .map(|(w, l)| (w, l))
        .parse(opt_text);
    let (_, (w, l)) = r.ok()?;
    Some((l.parse().ok()?, w.parse().ok()?))
}

/// `first burst 0`.
pub(crate) fn first_burst_option(opt_text: &str) -> Option<u64> {
    let r: Res<'_, &str> = preceded((tag("first burst"), space1), digit1).parse(opt_text);
    count(r.ok()?.1)
}

/// `Interim result: 7783.38 10^6bits/s over 2.394 seconds ending at 1795889386.985`.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Interim {
    pub value: f64,
    pub unit: Unit,
    pub over: f64,
    pub end_secs: i64,
    pub end_nanos: u32,
}

pub(crate) const INTERIM_PREFIX: &str = "Interim result:";

fn epoch(i: &str) -> Res<'_, (i64, u32)> {
    map_res(
        (digit1, opt(preceded(char('.'), digit1))),
        |(s, f): (&str, Option<&str>)| {
            let secs = s.parse::<i64>().map_err(|_| ())?;
            let frac = f.unwrap_or("");
            let digits: String = frac.chars().chain("000000000".chars()).take(9).collect();
            let nanos = digits.parse::<u32>().map_err(|_| ())?;
            Ok::<_, ()>((secs, nanos))
        },
    )
    .parse(i)
}

/// Reads an interim line; `Err(offset)` says where in `line` reading stopped.
pub(crate) fn interim(line: &str) -> Result<Interim, usize> {
    let r: Res<'_, Interim> = (
        tag(INTERIM_PREFIX),
        space1,
        decimal,
        space1,
        rate_unit,
        space1,
        tag("over"),
        space1,
        decimal,
        space1,
        tag("seconds ending at"),
        space1,
        epoch,
        space0,
        eof,
    )
        .map(
            |(_, _, v, _, unit, _, _, _, over, _, _, _, (s, n), _, _)| Interim {
                value: v.parse().unwrap_or(f64::NAN),
                unit,
                over: over.parse().unwrap_or(f64::NAN),
                end_secs: s,
                end_nanos: n,
            },
        )
        .parse(line);
    match r {
        Ok((_, i)) if i.value.is_finite() && i.over.is_finite() => Ok(i),
        Ok(_) => Err(0),
        Err(nom::Err::Error(e) | nom::Err::Failure(e)) => {
            Err(line.len().saturating_sub(e.input.len()))
        }
        Err(nom::Err::Incomplete(_)) => Err(line.len()),
    }
}

/// How a netperf client error message begins.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ClientError<'a> {
    /// `establish control: are you sure there is a netserver listening on H at port P?`
    Control { host: &'a str, port: Option<u16> },
    /// `The test you requested (X) is unknown to this netperf.`
    UnknownTest(&'a str),
    /// `netperf: ...` and other messages.
    Other,
}

fn control_question(i: &str) -> Res<'_, ClientError<'_>> {
    (
        tag("establish control: are you sure there is a netserver listening on "),
        take_until(" at port "),
        tag(" at port "),
        port,
    )
        .map(|(_, host, _, p)| ClientError::Control {
            host,
            port: Some(p),
        })
        .parse(i)
}

fn control_failure(i: &str) -> Res<'_, ClientError<'_>> {
    (
        tag("establish_control could not establish the control connection from "),
        take_until(" to "),
        tag(" to "),
        take_till1(|c: char| c == ' '),
        tag(" port "),
        port,
    )
        .map(|(_, _, _, host, _, p)| ClientError::Control {
            host,
            port: Some(p),
        })
        .parse(i)
}

fn unknown_test(i: &str) -> Res<'_, ClientError<'_>> {
    (
        tag("The test you requested ("),
        take_until(")"),
        tag(") is unknown"),
    )
        .map(|(_, t, _)| ClientError::UnknownTest(t))
        .parse(i)
}

/// Reads the first line of a netperf client error message.
pub(crate) fn client_error(line: &str) -> Option<ClientError<'_>> {
    let l = line.trim();
    let r: Res<'_, ClientError<'_>> =
        alt((control_question, control_failure, unknown_test)).parse(l);
    match r {
        Ok((_, e)) => Some(e),
        Err(_) if l.starts_with("netperf: ") || l.starts_with("netperf:") => {
            Some(ClientError::Other)
        }
        Err(_) => None,
    }
}

/// Whether a line that netperf did not format as data reads like a failure message (such
/// messages are short).
pub(crate) fn error_like(line: &str) -> bool {
    if line.len() > 4096 {
        return false;
    }
    const WORDS: &[&str] = &[
        "error",
        "fail",
        "unable",
        "cannot",
        "could not",
        "refused",
        "unknown",
        "timed out",
        "no response",
        "are you sure",
        "not found",
        "usage:",
    ];
    let l = line.to_ascii_lowercase();
    WORDS.iter().any(|w| l.contains(w))
}

/// A netserver message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Netserver<'a> {
    /// `Starting netserver with host 'IN(6)ADDR_ANY' port '12865' and family AF_UNSPEC`.
    Started { host: &'a str, port: u16 },
    /// `Unable to start netserver with  '127.0.0.1' port '12880' and family AF_INET`.
    Unable,
}

fn quoted(i: &str) -> Res<'_, &str> {
    delimited(char('\''), take_till(|c: char| c == '\''), char('\'')).parse(i)
}

fn netserver_started(i: &str) -> Res<'_, Netserver<'_>> {
    (
        tag("Starting netserver with host"),
        space1,
        quoted,
        space1,
        tag("port"),
        space1,
        delimited(char('\''), port, char('\'')),
    )
        .map(|(_, _, host, _, _, _, port)| Netserver::Started { host, port })
        .parse(i)
}

/// Reads a netserver message.
pub(crate) fn netserver(line: &str) -> Option<Netserver<'_>> {
    let l = line.trim();
    if l.starts_with("Unable to start netserver") {
        return Some(Netserver::Unable);
    }
    let r: Res<'_, Netserver<'_>> = netserver_started(l);
    r.ok().map(|(_, n)| n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn banners() {
        let b = banner(
            "MIGRATED TCP STREAM TEST from 0.0.0.0 (0.0.0.0) port 0 AF_INET to 127.0.0.1 () port 0 AF_INET : +/-2.500% @ 99% conf.  : demo",
        );
        let b = b.expect("banner");
        assert_eq!(b.title, "MIGRATED TCP STREAM");
        assert_eq!(
            b.to.as_ref().map(|h| (h.name, h.addr, h.port)),
            Some(("127.0.0.1", None, None))
        );
        assert_eq!(b.options, vec!["+/-2.500% @ 99% conf.", "demo"]);
        assert_eq!(confidence_option(b.options[0]), Some((99.0, 2.5)));
        let v6 = banner("MIGRATED TCP STREAM TEST from ::0 (::) port 0 AF_INET6 to ::1 (::1) port 0 AF_INET6 : demo").expect("v6");
        assert_eq!(v6.from.map(|h| (h.name, h.addr)), Some(("::0", Some("::"))));
        assert_eq!(
            v6.to.map(|h| (h.name, h.addr, h.family)),
            Some(("::1", Some("::1"), Some("AF_INET6")))
        );
        let old = banner("TCP STREAM TEST to 71.1.0.13").expect("old");
        assert_eq!(old.to.map(|h| h.name), Some("71.1.0.13"));
        assert!(banner("RUNNING THE TEST to see").is_none());
        assert!(banner("The test you requested").is_none());
        assert_eq!(first_burst_option("first burst 0"), Some(0));
    }

    #[test]
    fn interims() {
        let i = interim(
            "Interim result: 7783.38 10^6bits/s over 2.394 seconds ending at 1795889386.985",
        );
        assert_eq!(
            i,
            Ok(Interim {
                value: 7783.38,
                unit: Unit::Bits(6),
                over: 2.394,
                end_secs: 1795889386,
                end_nanos: 985_000_000
            })
        );
        assert_eq!(
            interim("Interim result: 7783.38 10^6bits/s over abc"),
            Err(40)
        );
    }

    #[test]
    fn messages() {
        assert_eq!(
            client_error(
                "establish control: are you sure there is a netserver listening on 127.0.0.1 at port 12999?"
            ),
            Some(ClientError::Control {
                host: "127.0.0.1",
                port: Some(12999)
            })
        );
        assert_eq!(
            client_error(
                "establish_control could not establish the control connection from 0.0.0.0 port 0 address family AF_UNSPEC to 10.200.1.2 port 12870 address family AF_INET"
            ),
            Some(ClientError::Control {
                host: "10.200.1.2",
                port: Some(12870)
            })
        );
        assert_eq!(
            client_error("The test you requested (TCP_STREEM) is unknown to this netperf."),
            Some(ClientError::UnknownTest("TCP_STREEM"))
        );
        assert_eq!(
            netserver(
                "Starting netserver with host 'IN(6)ADDR_ANY' port '12865' and family AF_UNSPEC"
            ),
            Some(Netserver::Started {
                host: "IN(6)ADDR_ANY",
                port: 12865
            })
        );
    }
}
