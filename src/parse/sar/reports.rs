//! Which sysstat report a set of columns is (`DEV`, `EDEV`, `UDP`, `CPU`, ...), which columns
//! name a device, and the mapping from `sadf -j` keys back to sysstat column names.

/// Columns that hold a device name rather than a value when they come first.
const DEVICE_COLUMNS: &[&str] = &[
    "IFACE",
    "CPU",
    "DEV",
    "DEVICE",
    "INTR",
    "TTY",
    "FILESYSTEM",
    "Filesystem",
    "MOUNTPOINT",
    "FCHOST",
    "BUS",
    "FAN",
    "TEMP",
    "IN",
];

/// Columns that hold text anywhere in a row (sensor and file-system names).
const TEXT_COLUMNS: &[&str] = &["DEVICE", "FILESYSTEM", "Filesystem", "MOUNTPOINT"];

/// Known reports: keyword, the first value column that identifies it, and the device
/// column it needs in front (if any).
const REPORTS: &[(&str, &str, Option<&str>)] = &[
    ("DEV", "rxpck/s", Some("IFACE")),
    ("EDEV", "rxerr/s", Some("IFACE")),
    ("CPU", "%user", Some("CPU")),
    ("CPU", "%usr", Some("CPU")),
    ("SOFT", "total/s", Some("CPU")),
    ("UDP", "idgm/s", None),
    ("UDP6", "idgm6/s", None),
    ("TCP", "active/s", None),
    ("ETCP", "atmptf/s", None),
    ("SOCK", "totsck", None),
    ("SOCK6", "tcp6sck", None),
    ("IP", "irec/s", None),
    ("EIP", "ihdrerr/s", None),
    ("IP6", "irec6/s", None),
    ("EIP6", "ihdrer6/s", None),
    ("ICMP", "imsg/s", None),
    ("EICMP", "ierr/s", None),
    ("ICMP6", "imsg6/s", None),
    ("EICMP6", "ierr6/s", None),
    ("NFS", "call/s", None),
    ("NFSD", "scall/s", None),
    ("LOAD", "runq-sz", None),
];

pub fn is_device_column(name: &str) -> bool {
    DEVICE_COLUMNS.contains(&name)
}

pub fn is_text_column(name: &str) -> bool {
    TEXT_COLUMNS.contains(&name)
}

/// True if `name` is the first value column of a known report (where a new report starts
/// in `sadf -p` and `sadf -dh` output).
pub fn starts_report(name: &str) -> bool {
    REPORTS.iter().any(|(_, first, _)| *first == name)
}

/// The report keyword for a header's columns (`names` includes the device column, if any),
/// or `None` for a report llreport does not know.
pub fn classify(names: &[String]) -> Option<&'static str> {
    let (device, values) = match names.split_first() {
        Some((d, rest)) if is_device_column(d) => (Some(d.as_str()), rest),
        _ => (None, names),
    };
    let first = values.first()?;
    REPORTS
        .iter()
        .find(|(_, f, dev)| f == first && *dev == device)
        .map(|(k, _, _)| *k)
}

/// The report keyword for value columns that come with (or without) a device but no
/// device column name (`sadf -p`).
pub fn classify_values(values: &[String], has_device: bool) -> Option<&'static str> {
    let first = values.first()?;
    REPORTS
        .iter()
        .find(|(_, f, dev)| f == first && dev.is_some() == has_device)
        .map(|(k, _, _)| *k)
}

/// The name stored for a report: its keyword, else its column names joined with `,`.
pub fn report_name(names: &[String]) -> (String, bool) {
    match classify(names) {
        Some(k) => (k.to_string(), true),
        None => (names.join(","), false),
    }
}

/// The report keyword of a `sadf -j` activity, and how its keys become column names.
pub fn json_activity(name: &str) -> Option<(&'static str, KeyStyle)> {
    let r = match name {
        "net-dev" => ("DEV", KeyStyle::Rate),
        "net-edev" => ("EDEV", KeyStyle::Rate),
        "net-udp" => ("UDP", KeyStyle::Rate),
        "net-udp6" => ("UDP6", KeyStyle::Rate),
        "cpu-load" | "cpu-load-all" => ("CPU", KeyStyle::Percent),
        "net-tcp" => ("TCP", KeyStyle::Rate),
        "net-etcp" => ("ETCP", KeyStyle::Rate),
        "net-sock" => ("SOCK", KeyStyle::AsIs),
        "net-sock6" => ("SOCK6", KeyStyle::AsIs),
        "net-ip" => ("IP", KeyStyle::Rate),
        "net-eip" => ("EIP", KeyStyle::Rate),
        "net-ip6" => ("IP6", KeyStyle::Rate),
        "net-eip6" => ("EIP6", KeyStyle::Rate),
        "net-icmp" => ("ICMP", KeyStyle::Rate),
        "net-eicmp" => ("EICMP", KeyStyle::Rate),
        "net-icmp6" => ("ICMP6", KeyStyle::Rate),
        "net-eicmp6" => ("EICMP6", KeyStyle::Rate),
        "net-nfs" => ("NFS", KeyStyle::Rate),
        "net-nfsd" => ("NFSD", KeyStyle::Rate),
        "softnet" => ("SOFT", KeyStyle::Rate),
        "queue" => ("LOAD", KeyStyle::AsIs),
        _ => return None,
    };
    Some(r)
}

/// How `sadf -j` spells an activity's columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeyStyle {
    /// `rxpck` is `rxpck/s`; `ifutil-percent` is `%ifutil`.
    Rate,
    /// `user` is `%user` (cpu-load).
    Percent,
    /// Keys are the column names, except `-percent`.
    AsIs,
}

/// The sysstat column name for a `sadf -j` key.
pub fn json_column(key: &str, style: KeyStyle) -> String {
    if let Some(stem) = key.strip_suffix("-percent") {
        return format!("%{stem}");
    }
    match style {
        KeyStyle::Rate => format!("{key}/s"),
        KeyStyle::Percent => format!("%{key}"),
        KeyStyle::AsIs => key.to_string(),
    }
}

/// True for a `sadf -j` key that names the row's device.
pub fn is_json_device_key(key: &str) -> bool {
    matches!(
        key,
        "iface" | "cpu" | "disk-device" | "intr" | "filesystem" | "fchost" | "device" | "line"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        s.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn reports_by_header() {
        assert_eq!(classify(&names("IFACE rxpck/s txpck/s")), Some("DEV"));
        assert_eq!(classify(&names("IFACE rxerr/s txerr/s")), Some("EDEV"));
        assert_eq!(classify(&names("idgm/s odgm/s")), Some("UDP"));
        assert_eq!(classify(&names("CPU %user %nice")), Some("CPU"));
        assert_eq!(classify(&names("CPU %usr %nice")), Some("CPU"));
        assert_eq!(classify(&names("runq-sz plist-sz")), Some("LOAD"));
        assert_eq!(classify(&names("rxpck/s")), None);
        assert_eq!(
            report_name(&names("DEV tps rkB/s")),
            ("DEV,tps,rkB/s".to_string(), false)
        );
    }

    #[test]
    fn json_keys() {
        assert_eq!(json_column("rxpck", KeyStyle::Rate), "rxpck/s");
        assert_eq!(json_column("ifutil-percent", KeyStyle::Rate), "%ifutil");
        assert_eq!(json_column("user", KeyStyle::Percent), "%user");
        assert_eq!(json_column("runq-sz", KeyStyle::AsIs), "runq-sz");
    }
}
