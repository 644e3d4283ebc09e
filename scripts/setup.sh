#!/usr/bin/env bash
# System packages the test suite and the demo use as real peers and tools,
# and what `npm run test:kernel` needs to boot an older kernel (qemu, and a
# static busybox for the VM's initramfs).
# Runs from `npm install` (the "prepare" script) in this package's own
# checkout, never when mptcp is installed as a dependency.
set -euo pipefail

packages=(iproute2 procps iperf3 mptcpize curl nginx openssl python3 qemu-system-x86 busybox-static)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "setup: system packages present (${packages[*]})"
  exit 0
fi

if ! command -v apt-get >/dev/null; then
  echo "setup: not a Debian-like system; install these yourself: ${missing[*]}" >&2
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "setup: run as root to install: apt-get install -y ${missing[*]}" >&2
  echo "setup: without them the integration tests skip (and fail under CI=true)" >&2
  exit 0
fi

echo "setup: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
for attempt in 1 2 3; do
  apt-get update -qq && break
  echo "setup: apt-get update failed (attempt $attempt), retrying" >&2
  sleep 5
done
# nginx must not start a server on the host: tests run their own inside namespaces.
if [ ! -e /usr/sbin/policy-rc.d ]; then
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d
  chmod +x /usr/sbin/policy-rc.d
  trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get install -y -qq --no-install-recommends "${missing[@]}"
