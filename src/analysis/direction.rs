//! The data direction of a run: the ingest hint (`--direction`, a path component) where
//! there is one, else the sides of its sender and receiver addresses in the contract
//! (inbound = a VPC sends to the IDC, outbound = the IDC sends to a VPC). Never guessed.

use crate::model::contract::Side;
use crate::model::{Contract, Direction, RunRecord};
use std::net::IpAddr;

/// The decision for one run.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Decided {
    pub direction: Option<Direction>,
    /// How it was decided, or why it could not be.
    pub how: String,
}

/// An address as text to an IP address (IPv6 may come bracketed or with a zone).
pub fn ip(addr: Option<&str>) -> Option<IpAddr> {
    let a = addr?.trim().trim_start_matches('[').trim_end_matches(']');
    let a = a.split('%').next().unwrap_or(a);
    a.parse().ok()
}

fn side(contract: Option<&Contract>, addr: Option<&str>) -> Option<Side> {
    contract?.side_of(&ip(addr)?).map(|(s, _)| s)
}

/// Decides the direction of `rec`.
pub fn decide(rec: &RunRecord, contract: Option<&Contract>) -> Decided {
    if let (Some(d), Some(src)) = (rec.direction, rec.direction_source.as_deref()) {
        let how = match src {
            "flag" => "--direction at ingest".to_string(),
            "path" => format!("a path component of {}", rec.source_path),
            other => other.to_string(),
        };
        return Decided {
            direction: Some(d),
            how,
        };
    }
    let Some(_) = contract else {
        return Decided {
            direction: None,
            how: "no path hint and no contract to place the addresses".into(),
        };
    };
    let s = side(contract, rec.run.sender.addr.as_deref());
    let r = side(contract, rec.run.receiver.addr.as_deref());
    let direction = match (s, r) {
        (Some(Side::Vpc), Some(Side::Idc)) | (None, Some(Side::Idc)) | (Some(Side::Vpc), None) => {
            Some(Direction::Inbound)
        }
        (Some(Side::Idc), Some(Side::Vpc)) | (None, Some(Side::Vpc)) | (Some(Side::Idc), None) => {
            Some(Direction::Outbound)
        }
        _ => None,
    };
    let show = |a: &Option<String>, side: Option<Side>| {
        format!(
            "{} ({})",
            a.as_deref().unwrap_or("unknown"),
            side.map_or("no declared side", |s| s.as_str())
        )
    };
    let how = format!(
        "sender {} -> receiver {}",
        show(&rec.run.sender.addr, s),
        show(&rec.run.receiver.addr, r)
    );
    Decided { direction, how }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Endpoint, Role, Run, Tool};

    fn rec(sender: Option<&str>, receiver: Option<&str>) -> RunRecord {
        let mut run = Run::new(Tool::Netperf, Role::Client, 1);
        run.sender.addr = sender.map(String::from);
        run.receiver = Endpoint {
            addr: receiver.map(String::from),
            port: None,
        };
        RunRecord {
            id: 1,
            campaign: "c".into(),
            source_id: 1,
            source_path: "x.log".into(),
            source_sha256: String::new(),
            direction: None,
            direction_source: None,
            run,
        }
    }

    fn contract() -> Contract {
        crate::contract::parse(
            "[link]\nname='l'\nbandwidth='100M'\n[idc]\ncidrs=['10.200.1.0/24']\n[[vpc]]\ncidrs=['10.200.2.0/24']\n",
        )
        .expect("contract")
    }

    #[test]
    fn from_addresses() {
        let c = contract();
        let d = |s, r| decide(&rec(s, r), Some(&c)).direction;
        assert_eq!(
            d(Some("10.200.2.11"), Some("10.200.1.1")),
            Some(Direction::Inbound)
        );
        assert_eq!(d(None, Some("10.200.1.1")), Some(Direction::Inbound));
        assert_eq!(
            d(Some("10.200.1.1"), Some("10.200.2.12")),
            Some(Direction::Outbound)
        );
        assert_eq!(d(None, Some("10.200.2.12")), Some(Direction::Outbound));
        // Both on one side, or nowhere: unknown, never guessed.
        assert_eq!(d(Some("10.200.1.1"), Some("10.200.1.2")), None);
        assert_eq!(d(Some("8.8.8.8"), Some("9.9.9.9")), None);
        assert_eq!(d(None, None), None);
        assert!(decide(&rec(None, None), None).how.contains("no contract"));
    }

    #[test]
    fn a_hint_wins_over_addresses() {
        let c = contract();
        let mut r = rec(Some("10.200.2.11"), Some("10.200.1.1"));
        r.direction = Some(Direction::Outbound);
        r.direction_source = Some("flag".into());
        assert_eq!(decide(&r, Some(&c)).direction, Some(Direction::Outbound));
    }

    #[test]
    fn ip_forms() {
        assert!(ip(Some("[fd00::1]")).is_some());
        assert!(ip(Some("fe80::1%eth0")).is_some());
        assert_eq!(ip(Some("host.example")), None);
    }
}
