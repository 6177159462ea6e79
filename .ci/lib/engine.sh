#!/usr/bin/env bash
# Install Debian's Docker engine and start dockerd if no engine answers. Idempotent.
# Containers get no route out (--iptables=false --bridge=none): tests only talk to this machine.
set -euo pipefail
CACHE=${SHORELINE_CI_CACHE:-$HOME/.cache/shoreline-ci}
mkdir -p "$CACHE"
apt_updated=0
apt_install() {
  [ "$apt_updated" = 1 ] || { apt-get update -qq; apt_updated=1; }
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}
need=()
command -v dockerd >/dev/null 2>&1 || need+=(docker.io)
command -v mmdebstrap >/dev/null 2>&1 || need+=(mmdebstrap)
command -v psql >/dev/null 2>&1 || need+=(postgresql-client)
# Podman's Docker-compatible API for src/services/docker/engine.int.test.ts (~20 MB; the test starts its own service)
command -v podman >/dev/null 2>&1 || need+=(podman)
# kcat (librdkafka): the independent client the Kafka tests and benchmark compare against
command -v kcat >/dev/null 2>&1 || need+=(kcat)
if [ ${#need[@]} -gt 0 ]; then echo "[engine] apt-get install ${need[*]}"; apt_install "${need[@]}"; fi
if ! mountpoint -q /sys/fs/cgroup/memory 2>/dev/null && [ ! -f /sys/fs/cgroup/cgroup.controllers ]; then
  command -v cgroupfs-mount >/dev/null 2>&1 || apt_install cgroupfs-mount
  cgroupfs-mount || true
fi
if ! docker version >/dev/null 2>&1; then
  echo "[engine] starting dockerd"
  nohup dockerd --storage-driver=overlay2 --iptables=false --bridge=none >"$CACHE/dockerd.log" 2>&1 &
  for _ in $(seq 300); do docker version >/dev/null 2>&1 && break; sleep 0.1; done
  docker version >/dev/null 2>&1 || { echo "[engine] dockerd did not start; see $CACHE/dockerd.log" >&2; tail -20 "$CACHE/dockerd.log" >&2; exit 1; }
fi
echo "[engine] docker $(docker version --format '{{.Server.Version}} (API {{.Server.APIVersion}})')"
