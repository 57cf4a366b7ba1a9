# Runs in the guest (busybox sh) once the hmem dax device exists: records the NUMA/tier files
# before and after making the device system-ram. Output: $OUT/{before,after}.txt, reconfigure.txt.
dump() {
	for f in /sys/devices/system/node/has_cpu /sys/devices/system/node/has_memory \
		/sys/devices/virtual/memory_tiering/memory_tier*/nodelist /sys/bus/dax/devices/dax0.0/target_node \
		/sys/kernel/mm/numa/demotion_enabled /sys/devices/system/node/node2/distance \
		/sys/devices/system/node/node*/access*/initiators/*_latency \
		/sys/devices/system/node/node*/access*/initiators/*_bandwidth; do
		[ -e "$f" ] && echo "$f: $(cat "$f" 2>&1)"
	done
	ls -d /sys/devices/system/node/node*/access*/initiators/node* 2>/dev/null
	grep MemTotal /sys/devices/system/node/node*/meminfo
	readlink /sys/bus/dax/devices/dax0.0/driver
}
dump > "$OUT/before.txt" 2>&1
daxctl reconfigure-device -m system-ram -f dax0.0 > "$OUT/reconfigure.txt" 2>&1
echo "rc=$?" >> "$OUT/reconfigure.txt"
dump > "$OUT/after.txt" 2>&1
dmesg | grep -i -E 'memory-tier|hmat|demotion|kmem' > "$OUT/dmesg.txt" 2>&1
