#!/bin/bash
# run-hmat-guest.sh KERNEL OUTDIR [figures|no-figures]: boots devdax-vm's hmem guest with
# KERNEL (6.1, 6.12, ...) on a three-node machine whose Soft Reserved range is CPU-less node 2
# (nodes 0 and 1 have the CPUs; see qemu-system-x86_64 beside this script), makes dax0.0 system-ram and records the NUMA and
# memory-tier files in OUTDIR/hmem/extra/. Needs root and ../shared/devdax-vm. TCG is CPU
# heavy: it runs niced and refuses to start while another QEMU runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
kernel=${1:?usage: run-hmat-guest.sh KERNEL OUTDIR [figures|no-figures]}
out=${2:?usage: run-hmat-guest.sh KERNEL OUTDIR [figures|no-figures]}
figures=${3:-figures}
vm=${DEVDAX_VM:-$here/../../../../../shared/devdax-vm}
[ -x "$vm/run.sh" ] || [ -f "$vm/run.sh" ] || { echo "run-hmat-guest.sh: no $vm/run.sh" >&2; exit 2; }
# With WAIT_FOR_QEMU=1, wait (up to 40 min) for another QEMU to finish instead of giving up.
for _ in $(seq 1 480); do
	pgrep -f qemu-system >/dev/null || break
	if [ "${WAIT_FOR_QEMU:-0}" != 1 ]; then
		echo "run-hmat-guest.sh: another QEMU is running; try again when it is done" >&2
		exit 3
	fi
	sleep 5
done
HMAT_FIGURES=$([ "$figures" = figures ] && echo 1 || echo 0) \
PATH="$here:$PATH" WORK=${WORK:-/tmp/daxscope-hmat-vm} KERNEL="$kernel" CASES=hmem EXTRA="$here/tiers-extra.sh" \
	EXTRA_ONLY=1 NO_INSTALL=1 nice -n 10 bash "$vm/run.sh" "$out"
