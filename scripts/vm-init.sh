#!/bin/busybox sh
# /init of the VM that `npm run test:kernel` boots (scripts/test-kernel.mjs
# builds the initramfs around it). Runs vitest on the selected tests with
# CI=true, prints one result line the host looks for, and powers off.
# Anything that goes wrong before the result line leaves the host without a
# result, which it reports as a failure; it never reads an exit status from
# anywhere else. busybox sh, not /bin/sh (dash): it needs pipefail.
export PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TMPDIR=/tmp CI=true TERM=dumb

/bin/busybox --install -s /bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts devpts /dev/pts
mount -t tmpfs tmpfs /dev/shm
mount -t tmpfs tmpfs /tmp
# ip netns keeps its namespaces under /run/netns.
mount -t tmpfs tmpfs /run
mkdir -p /run/netns /etc/netns
hostname mptcp-vm

# Modules the tests need (veth, tc qdiscs, sock_diag), dependencies first.
while read -r m; do
  insmod "/lib/modules/mptcp-vm/$m.ko" || echo "vm-init: insmod $m failed"
done < /lib/modules/mptcp-vm/load-order

ip link set lo up

# Hold the kernel's tc static keys on (ingress/egress hooks, software filters)
# for the whole run: a clsact qdisc with a filter each way on a veth pair that
# carries nothing. Otherwise every blackhole()/shaping set-up and teardown
# flips them, and patching a jump label while another vCPU runs that code is
# what QEMU's multi-threaded TCG got wrong once (6.12: "Oops: int3" in tc_run,
# a kernel panic mid-suite). Real machines do not need this. iproute2's ip and
# tc by path: this shell runs its own busybox applets before looking at PATH.
{ /usr/sbin/ip link add keep0 type veth peer name keep1 &&
  /usr/sbin/tc qdisc add dev keep0 clsact &&
  /usr/sbin/tc filter add dev keep0 ingress protocol all u32 match u32 0 0 action mirred egress redirect dev keep1 &&
  /usr/sbin/tc filter add dev keep0 egress protocol all u32 match u32 0 0 action mirred egress redirect dev keep1 &&
  echo "vm-init: tc static keys held on (clsact, a u32 filter each way, on keep0)"; } ||
  echo "vm-init: the tc keep-alive failed"

echo "vm-init: Linux $(uname -r), $(nproc) CPUs, up $(cut -d' ' -f1 /proc/uptime) s"
cd /mptcp || exit 1
# The host writes the command (node, vitest, its arguments) as a
# shell-quoted `set -- …` line.
. /mptcp/.vitest-command
# Through cat: vitest writes for a log, not for the serial console's tty.
set -o pipefail
"$@" 2>&1 | cat
status=$?
echo "vm-init: tests took until $(cut -d' ' -f1 /proc/uptime) s of uptime"
echo "MPTCP-TEST-KERNEL-RESULT=$status"
sync
poweroff -f
