#!/usr/bin/env bash
# Installs and starts the host parts Capstan's e2e tests use: Docker, etcd, iproute2, iptables,
# busybox-static and the reference CNI plugins. Idempotent; run as root on Debian 12.
set -euo pipefail
need=()
command -v dockerd >/dev/null || need+=(docker.io)
command -v etcd >/dev/null || need+=(etcd-server etcd-client)
command -v ip >/dev/null || need+=(iproute2)
command -v iptables >/dev/null || need+=(iptables)
[ -x /bin/busybox ] || need+=(busybox-static)
[ -x /usr/lib/cni/bridge ] || need+=(containernetworking-plugins)
command -v make >/dev/null || need+=(build-essential)
if [ ${#need[@]} -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # etcd-server's postinst tries to start a service; keep it from doing so.
  printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
  rm -f /usr/sbin/policy-rc.d
fi
# Start dockerd when it is not answering (no systemd here).
if ! docker info >/dev/null 2>&1; then
  (dockerd >/var/log/capstan-dockerd.log 2>&1 &)
  for _ in $(seq 1 100); do docker info >/dev/null 2>&1 && break; sleep 0.2; done
  docker info >/dev/null 2>&1 || { echo "dockerd did not start; see /var/log/capstan-dockerd.log" >&2; exit 1; }
fi
echo "host parts ready: $(dockerd --version | head -1); etcd $(etcd --version 2>/dev/null | head -1 | awk '{print $3}')"
