//! Making contract values safe for the kit: shell quoting, file-name parts made from host
//! names, interface names that cannot leave `/sys/class/net`, and the `TZ` value for a
//! contract's time zone.

use crate::model::TimeZoneSpec;

/// Characters a shell word may hold unquoted.
fn plain(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || matches!(c, '_' | '-' | '.' | '/' | ':' | '@' | '%' | '+' | ',' | '=')
}

/// `s` as one POSIX shell word: unchanged where that is safe, else in single quotes.
pub fn quote(s: &str) -> String {
    if !s.is_empty() && s.chars().all(plain) && !s.starts_with('=') {
        return s.to_string();
    }
    format!("'{}'", s.replace('\'', "'\\''"))
}

/// Longest file-name part made from a host name.
pub const MAX_PART: usize = 48;

/// A host name as a part of a file name: letters, digits, `.`, `_` and `-` kept, anything
/// else (slashes, spaces, quotes, control characters) becomes `_`; never empty, never
/// starting with `.` or `-`, at most [`MAX_PART`] characters.
pub fn file_part(name: &str) -> String {
    let mut out: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-') {
                c
            } else {
                '_'
            }
        })
        .take(MAX_PART)
        .collect();
    if out.is_empty() {
        out.push_str("host");
    }
    if out.starts_with('.') || out.starts_with('-') {
        out.insert(0, '_');
        out.truncate(MAX_PART);
    }
    out
}

/// Whether `name` can be a Linux interface name used in `/sys/class/net/<name>/...`: 1 to
/// 15 characters of letters, digits, `_`, `.`, `-`, `:` or `@`, and not `.` or `..`.
pub fn valid_interface(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 15
        && name != "."
        && name != ".."
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-' | ':' | '@'))
}

/// The `TZ` value that makes the tools print the contract's wall-clock time: an IANA name
/// as it is, a fixed offset in POSIX form (`+08:00` is `<+0800>-08:00`), UTC when the
/// contract gives none.
pub fn tz_value(spec: Option<TimeZoneSpec>) -> String {
    match spec {
        None => "UTC".to_string(),
        Some(TimeZoneSpec::Iana(tz)) => tz.name().to_string(),
        Some(TimeZoneSpec::Fixed(off)) => {
            let secs = off.local_minus_utc();
            let east = secs >= 0;
            let a = secs.unsigned_abs();
            let (h, m) = (a / 3600, a % 3600 / 60);
            // POSIX counts hours west of Greenwich: the sign is the opposite of ISO 8601's.
            format!(
                "<{}{h:02}{m:02}>{}{h:02}:{m:02}",
                if east { '+' } else { '-' },
                if east { '-' } else { '+' }
            )
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        assert_eq!(quote("eth0"), "eth0");
        assert_eq!(quote("192.168.100.1"), "192.168.100.1");
        assert_eq!(quote("fd00::1"), "fd00::1");
        assert_eq!(quote(""), "''");
        assert_eq!(quote("a b"), "'a b'");
        assert_eq!(quote("it's"), "'it'\\''s'");
        assert_eq!(quote("$(reboot)"), "'$(reboot)'");
        assert_eq!(quote("`x`;rm"), "'`x`;rm'");
        assert_eq!(quote("<+0800>-08:00"), "'<+0800>-08:00'");
        assert_eq!(quote("=x"), "'=x'");
    }

    #[test]
    fn file_parts_cannot_leave_their_folder() {
        assert_eq!(file_part("ecs-1"), "ecs-1");
        assert_eq!(file_part("../../etc/passwd"), "_.._.._etc_passwd");
        assert_eq!(file_part(".."), "_..");
        assert_eq!(file_part("-rf"), "_-rf");
        assert_eq!(file_part("vpc 1"), "vpc_1");
        assert_eq!(file_part("主机"), "__");
        assert_eq!(file_part(""), "host");
        assert_eq!(file_part(&"x".repeat(100)).len(), MAX_PART);
        for n in ["a/b", "a\nb", "a\0b", "$(x)", "'"] {
            let p = file_part(n);
            assert!(
                !p.contains('/') && !p.contains('\0') && !p.contains('\n'),
                "{p}"
            );
        }
    }

    #[test]
    fn interfaces() {
        assert!(valid_interface("eth0"));
        assert!(valid_interface("bond0.100"));
        assert!(!valid_interface(".."));
        assert!(!valid_interface("../../x"));
        assert!(!valid_interface("eth 0"));
        assert!(!valid_interface("averyveryverylongname"));
        assert!(!valid_interface(""));
    }

    #[test]
    fn time_zones() {
        assert_eq!(tz_value(None), "UTC");
        assert_eq!(tz_value("Asia/Shanghai".parse().ok()), "Asia/Shanghai");
        assert_eq!(tz_value("+08:00".parse().ok()), "<+0800>-08:00");
        assert_eq!(tz_value("-05:30".parse().ok()), "<-0530>+05:30");
    }
}
