#!/bin/sh
# vpc3 (10.200.2.13, VPC host in VPC-A): pack this host's results.
# Usage: sh hosts/vpc3/collect.sh   (after the last test)
set -eu
HOST=vpc3
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-vpc3.tar" -C "$KIT" results
say "wrote results-vpc3.tar: copy it to the machine that runs llreport"
