#!/usr/bin/env bash
# System packages for work on this checkout, never for a consumer of the
# package (no npm lifecycle script that runs on install or pack calls this).
#   bash scripts/setup.sh           the tools the test suite and the demo use
#                                   as real peers (run by `npm test`: pretest)
#   bash scripts/setup.sh kernel    those, and qemu and a static busybox to
#                                   boot an older kernel with them (run by
#                                   `npm run test:kernel`: pretest:kernel)
#   bash scripts/setup.sh prebuild  the arm64 cross toolchain for
#                                   `npm run prebuildify`, and qemu-user to
#                                   load the arm64 build
set -euo pipefail

test_tools=(iproute2 procps iperf3 mptcpize curl nginx openssl python3)
case "${1:-test}" in
  test)
    packages=("${test_tools[@]}")
    without="the integration tests skip (and fail under CI=true)"
    ;;
  kernel)
    packages=("${test_tools[@]}" qemu-system-x86 busybox-static)
    without="npm run test:kernel cannot boot a kernel, or lacks the tools to copy into it"
    ;;
  prebuild)
    packages=(g++-aarch64-linux-gnu binutils-aarch64-linux-gnu qemu-user)
    without="npm run prebuildify makes linux-x64 only"
    ;;
  *) echo "usage: setup.sh [test|kernel|prebuild]" >&2; exit 2 ;;
esac

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
  echo "setup: without them $without" >&2
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
