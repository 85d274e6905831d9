#!/bin/sh
# vpc4 (10.200.2.14, VPC host in VPC-A): pack this host's results.
# Usage: sh hosts/vpc4/collect.sh   (after the last test)
set -eu
HOST=vpc4
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-vpc4.tar" -C "$KIT" results
say "wrote results-vpc4.tar: copy it to the machine that runs llreport"
