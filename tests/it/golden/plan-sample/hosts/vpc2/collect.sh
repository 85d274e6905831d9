#!/bin/sh
# vpc2 (10.200.2.12, VPC host in VPC-A): pack this host's results.
# Usage: sh hosts/vpc2/collect.sh   (after the last test)
set -eu
HOST=vpc2
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-vpc2.tar" -C "$KIT" results
say "wrote results-vpc2.tar: copy it to the machine that runs llreport"
