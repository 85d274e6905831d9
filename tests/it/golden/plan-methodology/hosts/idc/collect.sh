#!/bin/sh
# idc (192.168.100.1, the IDC device): pack this host's results.
# Usage: sh hosts/idc/collect.sh   (after the last test)
set -eu
HOST=idc
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
. "$HERE/../../lib.sh"
tar -cf "$KIT/results-idc.tar" -C "$KIT" results
say "wrote results-idc.tar: copy it to the machine that runs llreport"
