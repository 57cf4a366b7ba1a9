#!/bin/bash
# daxns.sh EXPORT_DIR DAXCTL_ARGS...: run the installed daxctl against an exported sysfs tree in a
# private mount namespace (the export bound over /sys, a tmpfs /dev with the dax nodes)
set -e
exp=$1; shift
mount --make-rprivate /
mount --bind "$exp/sys" /sys
mount -t tmpfs tmpfs /dev
for d in /sys/bus/dax/devices/*; do
  [ -e "$d/dev" ] || continue
  IFS=: read -r maj min < "$d/dev"
  mknod "/dev/$(basename "$d")" c "$maj" "$min"
done
exec daxctl "$@"
