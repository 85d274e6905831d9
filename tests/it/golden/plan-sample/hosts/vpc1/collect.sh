#!/bin/sh
# vpc1 (10.200.2.11, VPC host in VPC-A): pack this host's results.
# Usage: sh hosts/vpc1/collect.sh   (after the last test)
set -eu
HOST=vpc1
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-vpc1.tar" -C "$KIT" results
say "wrote results-vpc1.tar: copy it to the machine that runs llreport"
