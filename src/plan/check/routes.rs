//! The declared routes (`[[route]]`): the cloud services' range on the VBR (as two /11s,
//! towards the VPC) and on the IDC device (towards the cloud side), and routes between the
//! sides pointing the right way. Devices with no declared route are not judged.

use super::{CLOUD_RANGE, Finding, Severity, cloud, finding};
use crate::model::Contract;
use crate::model::contract::{NextHop, Route, RouteAt};
use ipnet::IpNet;

fn hop(h: &NextHop) -> String {
    match h {
        NextHop::Vpc => "vpc".into(),
        NextHop::Idc => "idc".into(),
        NextHop::Cloud => "cloud".into(),
        NextHop::Address(a) => a.to_string(),
    }
}

/// Whether a route on the IDC device sends traffic towards the cloud side.
fn idc_towards_cloud(c: &Contract, h: &NextHop) -> bool {
    match h {
        NextHop::Cloud | NextHop::Vpc => true,
        NextHop::Idc => false,
        NextHop::Address(a) => !c.vpcs.iter().any(|v| v.cidrs.iter().any(|n| n.contains(a))),
    }
}

/// The most specific routes that together cover `net` (splitting it in halves up to
/// `depth` times), or `None` when part of it has no route.
fn cover<'a>(routes: &[&'a Route], net: IpNet, depth: u8) -> Option<Vec<&'a Route>> {
    if let Some(r) = routes
        .iter()
        .filter(|r| r.cidr.contains(&net))
        .max_by_key(|r| r.cidr.prefix_len())
    {
        return Some(vec![*r]);
    }
    if depth == 0 {
        return None;
    }
    let mut v = Vec::new();
    for half in net.subnets(net.prefix_len().saturating_add(1)).ok()? {
        v.extend(cover(routes, half, depth - 1)?);
    }
    Some(v)
}

pub(super) fn check(c: &Contract, out: &mut Vec<Finding>) {
    if c.routes.is_empty() {
        out.push(finding(
            Severity::Info,
            "routes-undeclared",
            "[[route]]",
            format!(
                "No routes are declared, so the routing of the cloud services ({CLOUD_RANGE}: DNS, OSS, Log Service) is not checked."
            ),
            "Declare the VBR's and the IDC device's routes as [[route]] entries (see `llreport init`) to have them checked.",
        ));
        return;
    }
    let vbr: Vec<&Route> = c.routes.iter().filter(|r| r.at == RouteAt::Vbr).collect();
    let idc: Vec<&Route> = c.routes.iter().filter(|r| r.at == RouteAt::Idc).collect();
    let cloud = cloud();
    if vbr.is_empty() {
        out.push(finding(
            Severity::Info,
            "routes-undeclared",
            "vbr",
            "No route on the VBR is declared, so its routes are not checked.",
            "Add [[route]] entries with at = \"vbr\".",
        ));
    } else {
        vbr_routes(c, &vbr, cloud, out);
    }
    if idc.is_empty() {
        out.push(finding(
            Severity::Info,
            "routes-undeclared",
            "idc",
            "No route on the IDC device is declared, so its routes are not checked.",
            "Add [[route]] entries with at = \"idc\".",
        ));
    } else {
        idc_routes(c, &idc, cloud, out);
    }
}

fn vbr_routes(c: &Contract, vbr: &[&Route], cloud: IpNet, out: &mut Vec<Finding>) {
    if vbr.iter().any(|r| r.cidr == cloud) {
        out.push(finding(
            Severity::Error,
            "vbr-cloud-10",
            format!("vbr {CLOUD_RANGE}"),
            format!(
                "The VBR has a route for {CLOUD_RANGE}, a block the VPC reserves: the VBR does not take it, so the cloud services stay unreachable from the IDC."
            ),
            "Replace it with two routes, 100.64.0.0/11 and 100.96.0.0/11, each with next_hop = \"vpc\".",
        ));
    }
    for half in cloud.subnets(11).into_iter().flatten() {
        match vbr.iter().find(|r| r.cidr == half) {
            None => out.push(finding(
                Severity::Warning,
                "vbr-cloud-missing",
                format!("vbr {half}"),
                format!(
                    "The VBR has no route for {half}: the IDC cannot reach the cloud services in it (DNS, OSS, Log Service use {CLOUD_RANGE})."
                ),
                format!("Add a VBR route for {half} with next hop the router interface towards the VPC (next_hop = \"vpc\")."),
            )),
            Some(r) if r.next_hop != NextHop::Vpc => out.push(finding(
                Severity::Error,
                "vbr-cloud-next-hop",
                format!("vbr {half}"),
                format!(
                    "The VBR sends {half} to {}: the cloud services are reached through the VPC, so these packets never get there.",
                    hop(&r.next_hop)
                ),
                format!("Point the VBR route for {half} at the VPC (next_hop = \"vpc\")."),
            )),
            Some(_) => {}
        }
    }
    for n in &c.idc.cidrs {
        sides(
            vbr,
            *n,
            NextHop::Idc,
            "vbr",
            &c.idc.name,
            "the leased line (next_hop = \"idc\")",
            out,
        );
    }
    for v in &c.vpcs {
        for n in &v.cidrs {
            sides(
                vbr,
                *n,
                NextHop::Vpc,
                "vbr",
                &v.name,
                "the VPC's router interface (next_hop = \"vpc\")",
                out,
            );
        }
    }
}

/// A VBR route for a side's range: present and pointing at `want`.
fn sides(
    routes: &[&Route],
    net: IpNet,
    want: NextHop,
    at: &str,
    name: &str,
    towards: &str,
    out: &mut Vec<Finding>,
) {
    match cover(routes, net, 4) {
        None => out.push(finding(
            Severity::Warning,
            "route-missing",
            format!("{at} {net}"),
            format!(
                "The {} has no route for {name} {net}: traffic to it does not cross the line.",
                at.to_uppercase()
            ),
            format!(
                "Add a {} route for {net} towards {towards}, or declare the route that covers it.",
                at.to_uppercase()
            ),
        )),
        Some(rs) => {
            for r in rs.into_iter().filter(|r| r.next_hop != want) {
                out.push(finding(
                    Severity::Error,
                    "route-wrong-way",
                    format!("{at} {}", r.cidr),
                    format!(
                        "The {} sends {} (which holds {name} {net}) to {}: that traffic goes the wrong way.",
                        at.to_uppercase(),
                        r.cidr,
                        hop(&r.next_hop)
                    ),
                    format!("Point it towards {towards}."),
                ));
            }
        }
    }
}

fn idc_routes(c: &Contract, idc: &[&Route], cloud: IpNet, out: &mut Vec<Finding>) {
    match cover(idc, cloud, 1) {
        None => out.push(finding(
            Severity::Warning,
            "idc-cloud-missing",
            format!("idc {CLOUD_RANGE}"),
            format!(
                "The IDC device has no route for {CLOUD_RANGE}: requests to the cloud services (DNS, OSS, Log Service) do not take the leased line."
            ),
            format!(
                "Add a static route on the IDC device: {CLOUD_RANGE} via the cloud-side address of the line (next_hop = \"cloud\" or that address)."
            ),
        )),
        Some(rs) => {
            for r in rs.into_iter().filter(|r| !idc_towards_cloud(c, &r.next_hop)) {
                out.push(finding(
                    Severity::Error,
                    "idc-cloud-next-hop",
                    format!("idc {}", r.cidr),
                    format!(
                        "The IDC device sends {} (the cloud services' {CLOUD_RANGE}) to {}, not to the cloud side of the line.",
                        r.cidr,
                        hop(&r.next_hop)
                    ),
                    "Point it at the cloud-side address of the leased line (next_hop = \"cloud\" or that address).",
                ));
            }
        }
    }
    for v in &c.vpcs {
        for n in &v.cidrs {
            match cover(idc, *n, 4) {
                None => out.push(finding(
                    Severity::Warning,
                    "route-missing",
                    format!("idc {n}"),
                    format!("The IDC device has no route for {} {n}: traffic to it does not take the line.", v.name),
                    format!("Add a route on the IDC device for {n} via the cloud-side address of the line."),
                )),
                Some(rs) => {
                    for r in rs.into_iter().filter(|r| !idc_towards_cloud(c, &r.next_hop)) {
                        out.push(finding(
                            Severity::Error,
                            "route-wrong-way",
                            format!("idc {}", r.cidr),
                            format!(
                                "The IDC device sends {} (which holds {} {n}) to {}: that traffic does not reach the VPC.",
                                r.cidr,
                                v.name,
                                hop(&r.next_hop)
                            ),
                            "Point it at the cloud-side address of the leased line (next_hop = \"cloud\" or that address).",
                        ));
                    }
                }
            }
        }
    }
}
