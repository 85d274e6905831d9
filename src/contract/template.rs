//! The commented contract template written by `llreport init`.

/// `llreport.toml` with every key, its default and what it means.
pub const TEMPLATE: &str = r#"# llreport.toml: the contract of a leased line and how its acceptance test is judged.
# Put it at the top of the folder of logs (`llreport ingest` finds it there) or pass it with
# --contract. It is stored with the campaign, so reports do not need this file later.

[link]
name = "bj-idc-vpc"            # campaigns of the same link are compared over time
customer = "Example Corp"
carrier = "Example Carrier"
bandwidth = "1 Gbit/s"         # also 1Gbps, 500M, 100 Mbit/s; stored as bit/s
hash_stream_divisor = 12       # per-flow (5-tuple) limit = bandwidth / 12
frame_overhead_bytes = 42      # per datagram besides its payload: Ethernet 14 + IPv4 20 + UDP 8;
                               # the tools count payload, the line and its limits count frames
timezone = "UTC"               # for sar text, which has none: IANA name or offset (+08:00)

[campaign]
name = "2026-11 acceptance"    # default: --campaign, else the folder's name
date = "2026-11-28"
kind = "acceptance"            # acceptance | retest | revalidation

[idc]                          # the on-premises side
name = "IDC"
cidrs = ["192.168.100.0/24"]

[[vpc]]                        # one or more: a leased line can serve several VPCs (5 by default)
name = "VPC-A"
cidrs = ["172.16.0.0/12"]

[[host]]                       # optional: names for addresses (plan and report use them)
name = "idc-1"
addr = "192.168.100.1"

[[host]]
name = "ecs-1"
addr = "172.16.0.2"
# max_bandwidth = "1 Gbit/s"   # optional: what this host can send (NIC, instance type);
#                              # `llreport check` warns when the hosts cannot reach the line

[acceptance]
min_bandwidth_ratio = 0.95     # of the reachable bandwidth
max_loss_percent = 0.1         # bandwidth tests, where the offered load fits the line
min_pps = 0                    # per direction; 0 = report only
max_jitter_ms = 0              # 0 = report only
max_sar_difference_percent = 5 # sar vs the tools' received pps
verdict_source = "sar"         # sar | tool: which figures the verdict uses
per_flow_tolerance_percent = 5 # a flow this much above bandwidth / divisor is flagged

[trend]                        # regressions between campaigns of this link
max_bandwidth_drop_percent = 10
max_pps_drop_percent = 10
max_loss_increase_points = 0.1
max_jitter_increase_ms = 1

[test]                         # how `llreport plan` lays out the test
duration_s = 300
tools = ["netperf", "iperf3"]
flow_margin = 1.5              # flows per direction >= divisor x margin
sar_margin_s = 20              # sar keeps sampling this long after the test
netperf_base_port = 11256
iperf3_base_port = 16001
idc_interface = "eth0"
vpc_interface = "eth0"
# flows_per_host = 3           # default: enough flows for the contract (divisor x margin)

# [[route]]                    # optional: the routes configured, for `llreport check`
# at = "vbr"                   # vbr (virtual border router) | idc (the IDC's access device)
# cidr = "100.64.0.0/11"       # cloud services (100.64.0.0/10) go to the VBR as two /11s
# next_hop = "vpc"             # vpc | idc | cloud | an address
#
# [[route]]
# at = "vbr"
# cidr = "100.96.0.0/11"
# next_hop = "vpc"
#
# [[route]]
# at = "idc"
# cidr = "100.64.0.0/10"       # on the IDC device: towards the cloud side of the line
# next_hop = "cloud"

[[signoff]]                    # the signature block of the report
party = "Customer"
name = ""
role = "Network engineer"

[[signoff]]
party = "Carrier"
name = ""
role = "Field engineer"

# netperf_omni_columns = ["THROUGHPUT", "THROUGHPUT_UNITS", "ELAPSED_TIME"]
#   selector names of headerless netperf omni CSV output (-o with -P 0), in order
"#;
